from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.decorators.http import require_safe

from . import views
from .feeds import LatestStoriesFeed
from .story_cache.fallback import stale_if_error_page

app_name = "articles"
urlpatterns = [
    path("", views.front_page, name="front_page"),
    path("stories/<slug:slug>/", views.story, name="story"),
    path("stories/<slug:slug>/claims.json", views.claims_json, name="claims_json"),
    path(
        "feed/",
        login_not_required(require_safe(stale_if_error_page(LatestStoriesFeed()))),
        name="feed",
    ),
]
