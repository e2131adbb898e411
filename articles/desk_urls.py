from django.urls import path

from . import desk_views

app_name = "desk"
urlpatterns = [
    path("", desk_views.dashboard, name="dashboard"),
    path("articles/new/", desk_views.article_new, name="article_new"),
    path("articles/<int:pk>/", desk_views.article_page, name="article"),
    path("articles/<int:pk>/preview/", desk_views.article_preview, name="article_preview"),
    path("articles/<int:pk>/submit/", desk_views.article_submit, name="article_submit"),
    path("articles/<int:pk>/publish/", desk_views.article_publish, name="article_publish"),
    path("articles/<int:pk>/withdraw/", desk_views.article_withdraw, name="article_withdraw"),
]
