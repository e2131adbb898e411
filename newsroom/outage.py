"""What a request is answered when something fails: our own pages, never the server's.

Django hands every exception a view or a middleware raises to `handler500` (newsroom/urls.py),
still being handled. `server_error` tells apart a database that cannot be reached — down,
restarting, failing over, out of connections, or a connection it dropped — from a bug:

- database unreachable → 503, saying the newsroom is briefly unavailable; to someone who was
  saving (a form, a decision), that nothing was saved and what they typed is still in the
  form. Every change is one transaction, so a change cut off halfway is rolled back whole;
- anything else → 500, saying it went wrong on our side and was logged.

A reader's page only reads: when the connection under it ends (a restart, a failover, an
administrator), it is read once more on another (`read_again_if_connection_lost`).

An htmx request gets the message alone, as a fragment: the desk's htmx configuration
(templates/desk/base.html) puts a 500 or 503 answer into the page's alert region, never in
place of the form the person typed in. The pages touch neither the database nor the
session, so they can be rendered while both are out of reach. Django logs the exception
with the request's id, whichever answer is given.

A request Django cannot read (a form in a charset other than UTF-8, a body too large) goes
to `handler400`; `bad_request` answers 400 without reading what was sent.
"""

import functools
import sys
import time

import psycopg
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from psycopg_pool import PoolTimeout

UNAVAILABLE = 503
# A hint to browsers and crawlers of when to ask again; outages we plan for (a restart, a
# failover) last seconds to a minute.
RETRY_AFTER = 30
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
READ_AGAIN_AFTER = 0.1  # seconds
# SQLSTATE classes that say the server is out of reach or will not take sessions for now
# (connection exceptions; shutdown and restart; too many connections), not that a query
# was wrong or lost a race (a deadlock, a statement timeout: those are 500s to look into).
_UNREACHABLE_STATES = ("08", "57P", "53300")


def database_unavailable(error):
    """Whether `error` means the database could not be reached or dropped the connection.

    Django wraps the driver's errors and keeps the driver's as the cause. psycopg's errors
    raised on the client side (refused, timed out, the pool gave up, the server closed the
    connection) carry no SQLSTATE; the server's own say why it ended the session.
    """
    if isinstance(error, DatabaseError):
        error = error.__cause__
    if not isinstance(error, psycopg.OperationalError | psycopg.InterfaceError):
        return False
    return error.sqlstate is None or error.sqlstate.startswith(_UNREACHABLE_STATES)


def connection_lost(error):
    """Whether `error` means a connection ended under a query (the server restarted, failed
    over, or an administrator ended the session), rather than that no connection could be
    had at all: the pool gave up waiting for one (DATABASE_POOL_TIMEOUT) already."""
    cause = error.__cause__ if isinstance(error, DatabaseError) else error
    return database_unavailable(error) and not isinstance(cause, PoolTimeout)


def read_again_if_connection_lost(read):
    """For what only reads (a reader's page): when the connection it was reading on ended
    under it, read once more, on another connection (checked as the pool hands it out).
    Outside a transaction only: inside one, what was read before belongs to it."""

    @functools.wraps(read)
    def again(*args, **kwargs):
        try:
            return read(*args, **kwargs)
        except DatabaseError as error:
            if not connection_lost(error) or connection.in_atomic_block:
                raise
            # The dead connection goes back to the pool, which drops it. PostgreSQL ends
            # the sessions it ends one after another: a moment's wait, and a connection
            # taken now is not one about to be ended too.
            connection.close()
            time.sleep(READ_AGAIN_AFTER)
            return read(*args, **kwargs)

    return again


def is_htmx(request):
    # Read from the header: the exception may come before django-htmx's middleware ran.
    return request.headers.get("HX-Request") == "true"


def unavailable(request):
    """The 503 answer: JSON for a JSON address, a fragment for htmx, otherwise a page."""
    if request.path.endswith(".json"):
        response = JsonResponse(
            {"error": "The newsroom is briefly unavailable. Try again in a minute."},
            status=UNAVAILABLE,
        )
    else:
        response = _render(request, "503.html", UNAVAILABLE)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def bad_request(request, exception):
    """handler400: a request that could not be read, such as a form declared in a charset
    other than UTF-8 or a body over DATA_UPLOAD_MAX_MEMORY_SIZE (Django refuses it as the
    CSRF check reads it). Django's own 400 view takes the CSRF token, which reads the body
    again and fails again, into a 500: this answer reads neither the body nor the session."""
    return _render(request, "400.html", 400)


def server_error(request):
    """handler500: called while the exception that failed the request is being handled."""
    if database_unavailable(sys.exception()):
        return unavailable(request)
    return _render(request, "500.html", 500)


def _render(request, template, status):
    context = {"saving": request.method not in SAFE_METHODS, "htmx": is_htmx(request)}
    # No request given to the template: context processors would reach for the session.
    name = f"{template}#message" if context["htmx"] else template
    response = HttpResponse(render_to_string(name, context), status=status)
    # An error is no page to keep, for a browser or a cache on the way.
    patch_cache_control(response, no_store=True)
    return response
