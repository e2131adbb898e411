"""Every request gets an id, answers with it (X-Request-ID) and is logged once, when done."""

import logging
import re
import time
import uuid

from django.conf import settings
from django.utils.functional import LazyObject, empty

from .logs import request_id

logger = logging.getLogger("newsroom.requests")

# What a proxy's id may look like (nginx's $request_id is 32 hex digits). Anything else is
# replaced rather than written into the log and echoed back.
WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def incoming_request_id(request):
    """The proxy's id for this request, or a new one.

    Only the proxy we stand behind (DJANGO_BEHIND_PROXY) is sure to have set the header
    itself; without one, it holds whatever a client chose to send, and a client must not
    be able to make its requests look like someone else's in the log.
    """
    offered = request.headers.get("X-Request-ID", "")
    if settings.BEHIND_PROXY and WELL_FORMED.fullmatch(offered):
        return offered
    return uuid.uuid4().hex


def request_log(get_response):
    def middleware(request):
        started = time.perf_counter()
        request.id = incoming_request_id(request)
        token = request_id.set(request.id)
        try:
            response = get_response(request)
            response["X-Request-ID"] = request.id
            # With the log above INFO (make bench), the line is not even put together.
            if logger.isEnabledFor(logging.INFO):
                log(request, response, (time.perf_counter() - started) * 1000)
            return response
        finally:
            request_id.reset(token)

    return middleware


def log(request, response, duration):
    logger.info(
        "%s %s %s in %.1f ms",
        request.method,
        request.path,
        response.status_code,
        duration,
        extra={
            "event": "http.request",
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round(duration, 1),
            "user_id": user_id(request),
        },
    )


def user_id(request):
    """The signed-in user's id, if serving the request looked them up (the desk always
    does); None for no one signed in (AnonymousUser's pk). Never looked up for the log
    alone: a reader's page needs no session, and while the database is out of reach a
    second try would only wait for it again (newsroom/outage.py)."""
    user = getattr(request, "user", None)
    if isinstance(user, LazyObject):
        user = user._wrapped
    return None if user is empty else getattr(user, "pk", None)
