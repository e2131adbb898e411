from django.urls import path

from . import desk_views

app_name = "desk"
urlpatterns = [
    path("", desk_views.dashboard, name="dashboard"),
]
