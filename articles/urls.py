from django.urls import path

from . import views

app_name = "articles"
urlpatterns = [
    path("", views.front_page, name="front_page"),
    path("stories/<slug:slug>/", views.story, name="story"),
]
