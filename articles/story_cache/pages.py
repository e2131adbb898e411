"""A reader's page answered from the cache of rendered versions, with HTTP validators.

A page is cached under its story's version, read from the article's own row: its
`content_version`, renewed by every change to what the page shows (see `receivers`).
Because the version lives in the database, every process sees a change the moment it
commits; a rendered version never changes, so its page can sit in a cache in each process
without ever going stale. Old versions are simply never asked for again and age out.

While the listener vouches that no story changed since (`listener`), a process answers a
page it has served at the current version from memory, without a query; `middleware` does
so for an anonymous reader before the middleware such a request has no use for.
"""

import gzip
import hashlib
from collections import namedtuple

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from ..models import Article
from ..reader.prepared import STAND_IN_SLUG, Prepared
from .listener import changes

pages = caches["stories"]
Page = namedtuple(
    "Page", ["last_modified", "modified_header", "content", "gzipped", "content_type"]
)
# Known to the listener: what a process answers without asking the database.
Known = namedtuple("Known", ["etag", "page"])

_FIELDS = [field.attname for field in Article._meta.concrete_fields]
# The whole row: on a miss it is what the page is made of (a fixed number of queries in
# all), and with a listener this is done once per change per process.
_PUBLISHED = Prepared(
    lambda slug: Article.objects.published().filter(slug=slug).values_list(*_FIELDS),
    stand_in=STAND_IN_SLUG,
)


def etag_of(article):
    fingerprint = f"{article.pk}:{article.content_version}"
    return '"' + hashlib.blake2b(fingerprint.encode(), digest_size=16).hexdigest() + '"'


def _site(request):
    return f"{request.scheme}://{request.get_host()}"


def _signed_in(request):
    # Someone signed in may just have changed the story: they always get it read afresh.
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def cached_response(
    request, slug, kind, render, withdrawn, content_type="text/html; charset=utf-8"
):
    """The response for one reader page of the story at `slug`: 304, cached, or rendered.

    `render(article)` returns the page as bytes; it must not depend on who asks (the
    cached copy is served to everyone), only on the article and the site's address.
    `withdrawn(article)` answers for a story that was withdrawn (never cached: it is rare,
    and the story may come back).
    """
    site = _site(request)
    known = None if _signed_in(request) else changes.known((kind, slug, site))
    if known is None:
        generation = changes.generation()
        rows = _PUBLISHED.rows(slug)
        if not rows:
            return withdrawn(get_object_or_404(Article.objects.withdrawn(), slug=slug))
        article = Article.from_db("default", _FIELDS, rows[0])
        etag = etag_of(article)
        key = f"{kind}:{etag}:{site}"
        page = pages.get(key)
        if page is None:
            content = render(article)
            # Compressed once here rather than per response. Safe from BREACH-style
            # guessing: the page holds no secret and reflects nothing from the request.
            modified = int(article.modified_at.timestamp())
            page = Page(
                modified,
                http_date(modified),
                content,
                gzip.compress(content, 3),
                content_type,
            )
            pages.set(key, page)
        known = Known(etag, page)
        changes.remember((kind, slug, site), generation, known)
        changes.remember(("path", request.path_info, site), generation, known)
    return respond(request, known)


def from_memory(request):
    """The response for an anonymous reader's request of a page this process has already
    served at its story's current version, or None when that is not known for sure."""
    if _signed_in(request):
        return None
    known = changes.known(("path", request.path_info, _site(request)))
    return respond(request, known) if known else None


def respond(request, known):
    etag, page = known
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
