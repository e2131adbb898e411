"""An anonymous reader's cached page, answered before the middleware it has no use for.

Most requests to the site are readers reading a story page that this process has already
rendered at the story's current version. Such a request needs no session, no user, no
messages, no CSRF token, no CSP nonce (the cached page carries no inline script), no htmx
details and no sign-in throttling; running that middleware cost about as much as
answering it (bench/README.md). This middleware, placed right after SecurityMiddleware
and WhiteNoise, answers it from memory (`pages.from_memory`) and adds the headers the
middleware it skips would have added: X-Frame-Options, the Content-Security-Policy
(without a nonce: there is none to allow) and Content-Length. SecurityMiddleware, around
it, still adds HSTS, nosniff, the referrer policy and COOP, and redirects plain HTTP.
Everything else goes down the whole chain as before.
"""

from django.conf import settings
from django.utils.csp import CSP, build_policy

from .pages import from_memory

_SAFE = {"GET", "HEAD"}


class CachedReaderPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {"X-Frame-Options": settings.X_FRAME_OPTIONS.upper()}
        for header, config in [
            (CSP.HEADER_ENFORCE, settings.SECURE_CSP),
            (CSP.HEADER_REPORT_ONLY, settings.SECURE_CSP_REPORT_ONLY),
        ]:
            if config:
                self.headers[str(header)] = build_policy(config)

    def __call__(self, request):
        response = from_memory(request) if request.method in _SAFE else None
        if response is None:
            return self.get_response(request)
        headers = response.headers
        for name, value in self.headers.items():
            headers[name] = value
        headers["Content-Length"] = str(len(response.content))
        return response
