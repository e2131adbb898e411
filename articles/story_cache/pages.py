"""A reader's page answered from the cache of rendered versions, with HTTP validators.

A page is cached under its story's version, read from the article's own row: its
`content_version`, renewed by every change to what the page shows (see `receivers`).
Because the version lives in the database, every process sees a change the moment it
commits; a rendered version never changes, so its page can sit in a cache in each process
without ever going stale. Old versions are simply never asked for again and age out.
"""

import gzip
import hashlib
import re
from collections import namedtuple

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from ..models import Article
from . import fallback
from .listener import changes

pages = caches["stories"]
Page = namedtuple("Page", ["last_modified", "content", "gzipped"])
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def etag_of(article):
    fingerprint = f"{article.pk}:{article.content_version}"
    return '"' + hashlib.blake2b(fingerprint.encode(), digest_size=16).hexdigest() + '"'


@fallback.stale_if_error
def cached_response(
    request, slug, kind, render, withdrawn, content_type="text/html; charset=utf-8"
):
    """The response for one reader page of the story at `slug`: 304, cached, or rendered.

    `render(article)` returns the page as bytes; it must not depend on who asks (the
    cached copy is served to everyone), only on the article and the site's address.
    `withdrawn(article)` answers for a story that was withdrawn (never cached: it is rare,
    and the story may come back). While the database is out of reach, `fallback` answers.
    """
    site = f"{request.scheme}://{request.get_host()}"
    # Someone signed in may just have changed the story: they always get it read afresh.
    known = (
        None
        if settings.SESSION_COOKIE_NAME in request.COOKIES
        else changes.known((kind, slug, site))
    )
    entry = pages.get(known[1]) if known else None
    if entry is None:
        generation = changes.generation()
        # The whole row: on a miss it is what the page is made of (a fixed number of
        # queries in all), and with a listener this is done once per change per process.
        article = Article.objects.published().filter(slug=slug).first()
        if article is None:
            return withdrawn(get_object_or_404(Article.objects.withdrawn(), slug=slug))
        etag = etag_of(article)
        key = f"{kind}:{etag}:{site}"
        entry = pages.get(key)
        if entry is None:
            content = render(article)
            # Compressed once here rather than per response. Safe from BREACH-style
            # guessing: the page holds no secret and reflects nothing from the request.
            entry = Page(int(article.modified_at.timestamp()), content, gzip.compress(content, 3))
            pages.set(key, entry)
        changes.remember((kind, slug, site), generation, (etag, key))
    else:
        etag = known[0]
    fallback.remember(entry, content_type)  # what to serve if the database goes away
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
