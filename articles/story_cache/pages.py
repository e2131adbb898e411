"""A reader's page answered from the cache of rendered versions, with HTTP validators.

A page is cached under its story's version, read from the article's own row: its
`content_version`, renewed by every change to what the page shows (see `receivers`).
Because the version lives in the database, every process sees a change the moment it
commits; a rendered version never changes, so its page can sit in a cache in each process
without ever going stale. Old versions are simply never asked for again and age out.

One thing a page shows changes with the clock alone: a claim past its re-check moment reads
"as of" it (DESIGN.md rule 12). So a rendered page carries the next re-check moment still
to come when it was made (`stale_at`): from then on, every process renders it afresh, as
it would for a new version, whatever its cache or its listener says. Its ETag and
Last-Modified carry the latest moment already passed, so a browser's copy from before is
not answered with 304. Each process decides by its own clock; all of them render the same
page for the same moment, since the moments are data.
"""

import gzip
import hashlib
import re
from collections import namedtuple

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from ..models import Article
from .listener import changes

pages = caches["stories"]
Page = namedtuple("Page", ["etag", "last_modified", "content", "gzipped", "stale_at"])
# What `render` answers for a page that changes with the clock: the content, the latest
# re-check moment passed when it was made and the next one to come (either may be None).
Rendered = namedtuple("Rendered", ["content", "turned_at", "stale_at"])
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def etag_of(article, turned_at=None):
    fingerprint = f"{article.pk}:{article.content_version}"
    if turned_at is not None:
        fingerprint += f":{turned_at.timestamp()}"
    return '"' + hashlib.blake2b(fingerprint.encode(), digest_size=16).hexdigest() + '"'


def _current(entry):
    return entry is not None and (entry.stale_at is None or timezone.now() < entry.stale_at)


def _page(article, rendered):
    if not isinstance(rendered, Rendered):
        rendered = Rendered(rendered, None, None)
    content, turned_at, stale_at = rendered
    modified = max(filter(None, [article.modified_at, turned_at]))
    # Compressed once here rather than per response. Safe from BREACH-style guessing: the
    # page holds no secret and reflects nothing from the request.
    return Page(
        etag_of(article, turned_at),
        int(modified.timestamp()),
        content,
        gzip.compress(content, 3),
        stale_at,
    )


def cached_response(
    request, slug, kind, render, withdrawn, content_type="text/html; charset=utf-8"
):
    """The response for one reader page of the story at `slug`: 304, cached, or rendered.

    `render(article)` returns the page as bytes, or as `Rendered` when it changes with
    the clock; it must not depend on who asks (the cached copy is served to everyone), only
    on the article, the site's address and the moment.
    `withdrawn(article)` answers for a story that was withdrawn (never cached: it is rare,
    and the story may come back).
    """
    site = f"{request.scheme}://{request.get_host()}"
    # Someone signed in may just have changed the story: they always get it read afresh.
    known = (
        None
        if settings.SESSION_COOKIE_NAME in request.COOKIES
        else changes.known((kind, slug, site))
    )
    entry = pages.get(known) if known else None
    if not _current(entry):
        generation = changes.generation()
        # The whole row: on a miss it is what the page is made of (a fixed number of
        # queries in all), and with a listener this is done once per change per process.
        article = Article.objects.published().filter(slug=slug).first()
        if article is None:
            return withdrawn(get_object_or_404(Article.objects.withdrawn(), slug=slug))
        key = f"{kind}:{etag_of(article)}:{site}"
        entry = pages.get(key)
        if not _current(entry):
            entry = _page(article, render(article))
            pages.set(key, entry)
        changes.remember((kind, slug, site), generation, key)
    etag = entry.etag
    compressed = bool(_ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))
    if compressed:
        etag = f'{etag[:-1]}-gzip"'  # another representation, another validator
    response = get_conditional_response(request, etag=etag, last_modified=entry.last_modified)
    if response is None:
        response = HttpResponse(
            entry.gzipped if compressed else entry.content, content_type=content_type
        )
        if compressed:
            response.headers["Content-Encoding"] = "gzip"
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(entry.last_modified)
    patch_vary_headers(response, ["Accept-Encoding"])
    # Browsers keep the page but ask each time; the answer is a cheap 304 until it changes,
    # so a reader never sees a stale badge.
    patch_cache_control(response, no_cache=True)
    return response
