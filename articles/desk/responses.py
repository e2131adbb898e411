"""How every desk view answers: one status per kind of refusal, and htmx or not.

A form with a bad field is 422 with the message next to the field; a request refused
because something changed meanwhile (a stale edit, a decided request, the publishing gate)
is 409 with the reason. Both carry the fragment that explains them, which htmx swaps in
(templates/desk/base.html says so in its config).
"""

from django.contrib import messages
from django.utils.http import url_has_allowed_host_and_scheme

INVALID = 422
CONFLICT = 409


def notice(level, message):
    """A message shown inside the fragment an htmx request swaps in: (css tag, text)."""
    return (messages.DEFAULT_TAGS[level], message)


def wants_fragment(request):
    """htmx filtering a list (its URL pushed to history) wants the list; restoring that
    history entry after a cache miss wants the whole page."""
    return request.htmx and not request.htmx.history_restore_request


def safe_next(request):
    """The `next` address the request carries, if it is a path on this site; else ""."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""
