"""What every desk and account page shares, whichever view answers it.

- `PrivatePagesMiddleware`: the desk and the account pages show what one signed-in person
  may see (drafts, the review queue, a CSRF token); no browser history, shared computer or
  proxy may keep a copy. The reader's pages keep their own caching headers.
- `IdleSessionMiddleware`: a session ends after `SESSION_COOKIE_AGE` seconds without a
  request, rather than that long after signing in.
"""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils.cache import patch_cache_control

# Under these prefixes every answer is someone's own page (the admin sends its own headers).
PRIVATE_PREFIXES = ("/desk/", "/accounts/")

LAST_RENEWED = "renewed_at"


def renewal_interval():
    """How stale a session's expiry may grow before it is renewed: a tenth of the idle time,
    at most five minutes. Renewing on every request would write the session row on every
    request; this way a session ends between the idle time less this and the idle time."""
    return min(settings.SESSION_COOKIE_AGE / 10, 300)


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(PRIVATE_PREFIXES):
            patch_cache_control(response, private=True, no_store=True)
        return response


class IdleSessionMiddleware:
    """Renew a signed-in session's expiry as it is used (Django sets it only when the session
    is saved), but only when it has grown stale by `renewal_interval()`.

    Only a session the request has already read (every desk page does, to know who asks):
    a reader's page needs none, and reading it here would cost a signed-in reader two
    queries and, while the database is out of reach, a second wait for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a signed-in person's session: a reader gets no session and no cookie from here.
        signed_in = session is not None and session.accessed and SESSION_KEY in session
        if signed_in and time.time() - session.get(LAST_RENEWED, 0) >= renewal_interval():
            # SessionMiddleware (outside this one) saves it and sends a fresh cookie.
            session[LAST_RENEWED] = time.time()
        return response


def renewed_at_sign_in(sender, request, user, **kwargs):
    """Signing in saves the session anyway: the first request after it need not renew it."""
    request.session[LAST_RENEWED] = time.time()
