from django.urls import path

from . import views

app_name = "claims"
urlpatterns = [
    path("reviews/", views.review_queue, name="review_queue"),
]
