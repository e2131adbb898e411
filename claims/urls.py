from django.urls import path

from . import views

app_name = "claims"
urlpatterns = [
    # GET is the panel, POST logs a claim: two names for one address (see views.panel).
    path("articles/<int:pk>/claims/", views.panel, name="panel"),
    path("articles/<int:pk>/claims/", views.panel, name="log_claim"),
    path("claims/", views.find, name="find"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("claims/<int:pk>/edit/", views.edit_claim, name="edit"),
    path("claims/<int:pk>/citations/", views.citations, name="citations"),
    path(
        "claims/<int:pk>/citations/<int:citation_pk>/remove/",
        views.remove_citation,
        name="remove_citation",
    ),
    path("claims/<int:pk>/request/", views.request_change, name="request"),
    path("claims/<int:pk>/withdraw/", views.withdraw_request, name="withdraw"),
    path("claims/<int:pk>/history/", views.history, name="history"),
    path("reviews/", views.review_queue, name="review_queue"),
    path("reviews/<int:pk>/approve/", views.approve, name="approve"),
    path("reviews/<int:pk>/reject/", views.reject, name="reject"),
    path("sources/search/", views.source_search, name="source_search"),
    path("sources/new/", views.source_new, name="source_new"),
]
