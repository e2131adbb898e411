from django.contrib.auth.decorators import login_not_required
from django.urls import path

from newsroom.outage import read_again_if_connection_lost

from . import views
from .feeds import LatestStoriesFeed

app_name = "articles"
urlpatterns = [
    path("", views.front_page, name="front_page"),
    path("stories/<slug:slug>/", views.story, name="story"),
    path("stories/<slug:slug>/claims.json", views.claims_json, name="claims_json"),
    path(
        "feed/",
        login_not_required(read_again_if_connection_lost(LatestStoriesFeed())),
        name="feed",
    ),
]
