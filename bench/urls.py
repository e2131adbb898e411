from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from newsroom.urls import urlpatterns as newsroom_urlpatterns


@login_not_required
def bare(request):
    """The cheapest page Django can serve through the same middleware: the yardstick."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *newsroom_urlpatterns]
