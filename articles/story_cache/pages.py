"""A reader's page answered from the cache of rendered versions, with HTTP validators.

A page is cached under its story's version, read from the article's own row: its
`content_version`, renewed by every change to what the page shows (see `receivers`).
Because the version lives in the database, every process sees a change the moment it
commits; a rendered version never changes, so its page can sit in a cache in each process
without ever going stale. Old versions are simply never asked for again and age out.

While the listener vouches that no story changed since (`listener`), a process answers a
page it has served at the current version from memory, without a query; `middleware` does
so for an anonymous reader before the middleware such a request has no use for.

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
from collections import namedtuple

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from ..models import Article
from ..reader.prepared import STAND_IN_SLUG, Prepared
from . import fallback
from .listener import changes

pages = caches["stories"]
Page = namedtuple(
    "Page",
    ["etag", "last_modified", "modified_header", "content", "gzipped", "content_type", "stale_at"],
)
# What `render` answers for a page that changes with the clock: the content, the latest
# re-check moment passed when it was made and the next one to come (either may be None).
Rendered = namedtuple("Rendered", ["content", "turned_at", "stale_at"])

_FIELDS = [field.attname for field in Article._meta.concrete_fields]
# The whole row: on a miss it is what the page is made of (a fixed number of queries in
# all), and with a listener this is done once per change per process.
_PUBLISHED = Prepared(
    lambda slug: Article.objects.published().filter(slug=slug).values_list(*_FIELDS),
    stand_in=STAND_IN_SLUG,
)


def etag_of(article, turned_at=None):
    fingerprint = f"{article.pk}:{article.content_version}"
    if turned_at is not None:
        fingerprint += f":{turned_at.timestamp()}"
    return '"' + hashlib.blake2b(fingerprint.encode(), digest_size=16).hexdigest() + '"'


def _site(request):
    return f"{request.scheme}://{request.get_host()}"


def _signed_in(request):
    # Someone signed in may just have changed the story: they always get it read afresh.
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def _current(page):
    return page is not None and (page.stale_at is None or timezone.now() < page.stale_at)


def _page(article, rendered, content_type):
    if not isinstance(rendered, Rendered):
        rendered = Rendered(rendered, None, None)
    content, turned_at, stale_at = rendered
    modified = int(max(filter(None, [article.modified_at, turned_at])).timestamp())
    # Compressed once here rather than per response. Safe from BREACH-style guessing: the
    # page holds no secret and reflects nothing from the request.
    return Page(
        etag_of(article, turned_at),
        modified,
        http_date(modified),
        content,
        gzip.compress(content, 3),
        content_type,
        stale_at,
    )


@fallback.stale_if_error
def cached_response(
    request, slug, kind, render, withdrawn, content_type="text/html; charset=utf-8"
):
    """The response for one reader page of the story at `slug`: 304, cached, or rendered.

    `render(article)` returns the page as bytes, or as `Rendered` when it changes with
    the clock; it must not depend on who asks (the cached copy is served to everyone), only
    on the article, the site's address and the moment.
    `withdrawn(article)` answers for a story that was withdrawn (never cached: it is rare,
    and the story may come back). While the database is out of reach, `fallback` answers.
    """
    site = _site(request)
    page = None if _signed_in(request) else changes.known((kind, slug, site))
    if not _current(page):
        generation = changes.generation()
        rows = _PUBLISHED.rows(slug)
        if not rows:
            return withdrawn(get_object_or_404(Article.objects.withdrawn(), slug=slug))
        article = Article.from_db("default", _FIELDS, rows[0])
        key = f"{kind}:{etag_of(article)}:{site}"
        page = pages.get(key)
        if not _current(page):
            page = _page(article, render(article), content_type)
            pages.set(key, page)
        changes.remember((kind, slug, site), generation, page)
        changes.remember(("path", request.path_info, site), generation, page)
    return respond(request, page)


def from_memory(request):
    """The response for an anonymous reader's request of a page this process has already
    served at its story's current version, or None when that is not known for sure."""
    if _signed_in(request):
        return None
    # Counted before the listener vouches for the page: a count taken after it could take
    # in a change the page lacks.
    heard = changes.heard()
    page = changes.known(("path", request.path_info, _site(request)))
    return respond(request, page, heard) if _current(page) else None


def respond(request, page, heard=None):
    # Served as current, by the view or from memory: what to serve if the database goes away.
    fallback.remember(request, page, heard)
    etag = page.etag
    compressed = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
    if compressed:
        etag = f'{etag[:-1]}-gzip"'  # another representation, another validator
    response = get_conditional_response(request, etag=etag, last_modified=page.last_modified)
    if response is None:
        response = HttpResponse(
            page.gzipped if compressed else page.content, content_type=page.content_type
        )
        if compressed:
            response.headers["Content-Encoding"] = "gzip"
    headers = response.headers
    headers["ETag"] = etag
    headers["Last-Modified"] = page.modified_header
    headers["Vary"] = "Accept-Encoding"
    # Browsers keep the page but ask each time; the answer is a cheap 304 until it changes,
    # so a reader never sees a stale badge.
    headers["Cache-Control"] = "no-cache"
    return response
