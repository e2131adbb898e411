"""Readers keep reading through a database outage: stale-if-error (RFC 5861), per process.

A reader's page only reads: when the connection it was read on ends under it (PostgreSQL
restarted, failed over, or an administrator ended the session), it is read once more, on
another connection, before anything else is tried (newsroom.outage).

When it cannot be read because the database is out of reach (down, restarting, failing
over: `newsroom.outage.database_unavailable`), an anonymous reader is given the last page
this process served as current at that address — a story (`stale_if_error`, around
`pages.cached_response`), its claims.json, the front page, the feed (`stale_if_error_page`)
— marked `X-Served-Stale: age=<seconds>`, the seconds since this process last served it as
current. Never to anyone carrying a session cookie (signed-in staff, who may have just
changed the story), nor after `STALE_IF_ERROR` seconds (`DJANGO_STALE_IF_ERROR`, 10 minutes
by default; 0 turns this off). A page this process has not served, or last answered as
withdrawn or not found, gets newsroom.outage's 503 page instead.

Why this is safe: no change can commit while the database is down, so the last page this
process served as current is the latest version it knew of: what the reader would have been
served a moment before the outage. The bound keeps a long outage from serving it on and on.
A process remembers the last KEEP pages it served, in memory, as `pages` keeps the pages
themselves.

That holds only while the process has heard of no change since it served the page: a story
withdrawn, or a claim's status approved, after a reader's last request and before the
outage, must not come back from what was kept. So a page kept records how many story-change
notifications the listener had heard when it was served as current (as its request began,
or when the listener vouched for it), and is not served once another has been heard. A
notification does not say which story changed, and the front page and the feed list stories
too: any change makes every page kept unusable until it is served again. That is the price
of being right; a page people read is confirmed again by its next reader. Where no listener
runs (SQLite, tests, management commands), none is ever heard.

Once a request has found the database out of reach, readers of a page kept are given it at
once, rather than each waiting on the database (DATABASE_POOL_TIMEOUT) to fail in turn,
until the story-change listener is connected again (it retries on its own) or, at the
latest, RETRY_AFTER seconds on, when one request asks the database again.
"""

import functools
import logging
import re
import threading
import time
from collections import OrderedDict, defaultdict, namedtuple
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from newsroom.outage import database_unavailable, read_again_if_connection_lost

from .listener import changes

logger = logging.getLogger(__name__)

KEEP = 200
RETRY_AFTER = 5.0
HEADER = "X-Served-Stale"
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")

# A page served as current, as sent (`gzipped` and `last_modified` where it had them), when
# (this process's clock, as the request began) and how many story changes the listener had
# heard by then (`heard`).
Kept = namedtuple(
    "Kept", ["content", "gzipped", "last_modified", "content_type", "confirmed", "heard"]
)

# The page being answered: its key, the clock and the changes heard as the request began.
_answering = ContextVar("answering", default=None)


class LastServed:
    """The last page served as current, per address, in this process: the last KEEP of each
    kind (stories' pages and their claims.json, other pages), each kind on a shelf of its
    own, so that no address a client makes up (a front page's query string) pushes a story
    off."""

    clock = staticmethod(time.monotonic)

    def __init__(self):
        self._lock = threading.Lock()
        self._shelves = defaultdict(OrderedDict)  # a key's first part names its shelf
        self._unreachable_until = 0.0
        self._listener_generation = None

    def remember(self, key, kept):
        with self._lock:
            shelf = self._shelves[key[0]]
            shelf[key] = kept
            shelf.move_to_end(key)
            if len(shelf) > KEEP:
                shelf.popitem(last=False)

    def forget(self, key):
        with self._lock:
            self._shelves[key[0]].pop(key, None)

    def usable(self, key):
        """The page kept for `key`, if it may be served while the database is away: not too
        old, and no story changed since as far as this process heard."""
        with self._lock:
            kept = self._shelves[key[0]].get(key)
        if kept is None or self.clock() - kept.confirmed > settings.STALE_IF_ERROR:
            return None
        if changes.heard() != kept.heard:
            return None
        return kept

    def found_unreachable(self):
        self._unreachable_until = self.clock() + RETRY_AFTER
        self._listener_generation = changes.generation()

    def believed_unreachable(self):
        if self.clock() >= self._unreachable_until:
            return False
        # The listener connected since: the database answers again.
        return not (changes.listening() and changes.generation() != self._listener_generation)

    def clear(self):
        with self._lock:
            self._shelves.clear()
        self._unreachable_until = 0.0


last_served = LastServed()


def remember(request, page, heard=None):
    """`page` (a `pages.Page`) is served as current at the request's address: by the story's
    view, as of when its request began, or from memory by the middleware (`pages.from_memory`),
    as the listener vouched for it, `heard` changes in."""
    answering = _answering.get()
    if answering:
        _, confirmed, heard = answering
    else:
        confirmed = last_served.clock()
    kept = Kept(page.content, page.gzipped, page.last_modified, page.content_type, confirmed, heard)
    last_served.remember(_story_key(request), kept)


def _site(request):
    return f"{request.scheme}://{request.get_host()}"


def _story_key(request):
    # By address, which is all the middleware knows: a story page or its claims.json.
    return ("story", request.path_info, _site(request))


def stale_if_error(cached_response):
    """Wrap `pages.cached_response(request, …)`, whose answers keep the page they serve
    with `remember`."""
    read = read_again_if_connection_lost(cached_response)

    @functools.wraps(cached_response)
    def respond(request, *args, **kwargs):
        return _respond(request, _story_key(request), read, (request, *args), kwargs)

    return respond


def stale_if_error_page(view=None, *, vary_on=()):
    """Wrap a reader's view whose page is not cached by version (the front page, the feed):
    the page kept is the response as an anonymous reader was sent it, per address and the
    query parameters named in `vary_on` (the view reads no others)."""
    if view is None:
        return functools.partial(stale_if_error_page, vary_on=vary_on)
    read = read_again_if_connection_lost(view)

    def read_and_keep(request, *args, **kwargs):
        response = read(request, *args, **kwargs)
        # Only what an anonymous reader was sent: the page may depend on who asks.
        anonymous = settings.SESSION_COOKIE_NAME not in request.COOKIES
        if response.status_code == 200 and anonymous and not response.streaming:
            key, confirmed, heard = _answering.get()
            kept = Kept(response.content, None, None, response["Content-Type"], confirmed, heard)
            last_served.remember(key, kept)
        return response

    @functools.wraps(view)
    def respond(request, *args, **kwargs):
        query = tuple(request.GET.get(name, "") for name in vary_on)
        key = ("page", request.path, query, _site(request))
        return _respond(request, key, read_and_keep, (request, *args), kwargs)

    return respond


def _respond(request, key, read, args, kwargs):
    # As pages.py decides it: a session cookie may be a signed-in person's.
    anonymous = settings.SESSION_COOKIE_NAME not in request.COOKIES
    if anonymous and last_served.believed_unreachable() and (kept := last_served.usable(key)):
        return _stale(request, key, kept)
    token = _answering.set((key, last_served.clock(), changes.heard()))
    try:
        response = read(*args, **kwargs)
    except Http404:
        last_served.forget(key)
        raise
    except DatabaseError as error:
        if not database_unavailable(error):
            raise
        last_served.found_unreachable()
        if anonymous and (kept := last_served.usable(key)):
            return _stale(request, key, kept)
        raise  # newsroom.outage answers 503
    finally:
        _answering.reset(token)
    if response.status_code not in (200, 304):  # withdrawn
        last_served.forget(key)
    return response


def _stale(request, key, kept):
    age = last_served.clock() - kept.confirmed
    logger.info(
        "Served %s from before the database became unreachable (%.0f s old).",
        request.path,
        age,
        extra={"event": "page.served_stale", "path": request.path, "age": round(age)},
    )
    compressed = bool(_ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))
    body = kept.content
    if compressed and kept.gzipped is not None:
        body = kept.gzipped
    response = HttpResponse(body, content_type=kept.content_type)
    if kept.gzipped is not None:
        patch_vary_headers(response, ["Accept-Encoding"])
        if body is kept.gzipped:
            response.headers["Content-Encoding"] = "gzip"
    if kept.last_modified is not None:
        response.headers["Last-Modified"] = http_date(kept.last_modified)
    response.headers[HEADER] = f"age={age:.0f}"
    # Neither browsers nor caches on the way keep it: once the database is back, the
    # reader's next load is the page as it stands.
    patch_cache_control(response, no_store=True)
    return response
