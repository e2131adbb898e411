from django.urls import path, register_converter

from claims.suggestions import KEY_LENGTH

from . import claim_card, dashboard, find, panel, reviews, sources, stories, suggestions


class SuggestionKey:
    """A suggested claim's key (claims.suggestions): any other text is not found, rather
    than stored."""

    regex = f"[0-9a-f]{{{KEY_LENGTH}}}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(SuggestionKey, "suggestion_key")

app_name = "desk"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("articles/new/", stories.article_new, name="article_new"),
    path("articles/import/", suggestions.article_import, name="article_import"),
    path("articles/<int:pk>/", stories.article_page, name="article"),
    path("articles/<int:pk>/preview/", stories.article_preview, name="article_preview"),
    path("articles/<int:pk>/submit/", stories.article_submit, name="article_submit"),
    path("articles/<int:pk>/publish/", stories.article_publish, name="article_publish"),
    path("articles/<int:pk>/withdraw/", stories.article_withdraw, name="article_withdraw"),
    path(
        "articles/<int:pk>/correction/withdraw/",
        stories.withdraw_correction,
        name="withdraw_correction",
    ),
    # GET is the panel, POST logs a claim: two names for one address.
    path("articles/<int:pk>/claims/", panel.panel, name="panel"),
    path("articles/<int:pk>/claims/", panel.panel, name="log_claim"),
    path(
        "articles/<int:pk>/suggestions/<suggestion_key:key>/dismiss/",
        panel.dismiss_suggestion,
        name="dismiss_suggestion",
    ),
    path("claims/", find.find, name="find"),
    path("claims/<int:pk>/", claim_card.claim_detail, name="claim"),
    path("claims/<int:pk>/edit/", claim_card.edit_claim, name="edit_claim"),
    path("claims/<int:pk>/citations/", claim_card.citations, name="citations"),
    path(
        "claims/<int:pk>/citations/<int:index>/remove/",
        claim_card.remove_citation,
        name="remove_citation",
    ),
    path("claims/<int:pk>/edit/withdraw/", claim_card.withdraw_edit, name="withdraw_edit"),
    path("claims/<int:pk>/request/", claim_card.request_change, name="request_change"),
    path("claims/<int:pk>/withdraw/", claim_card.withdraw_request, name="withdraw_request"),
    path("claims/<int:pk>/history/", claim_card.history, name="history"),
    path("reviews/", reviews.review_queue, name="review_queue"),
    path("reviews/<int:pk>/approve/", reviews.approve, name="approve"),
    path("reviews/<int:pk>/reject/", reviews.reject, name="reject"),
    path("reviews/claim-edits/<int:pk>/approve/", reviews.approve_edit, name="approve_edit"),
    path("reviews/claim-edits/<int:pk>/reject/", reviews.reject_edit, name="reject_edit"),
    path(
        "reviews/story-edits/<int:pk>/approve/",
        reviews.approve_correction,
        name="approve_correction",
    ),
    path(
        "reviews/story-edits/<int:pk>/reject/",
        reviews.reject_correction,
        name="reject_correction",
    ),
    path("sources/", sources.sources, name="sources"),
    path("sources/search/", sources.source_search, name="source_search"),
    path("sources/new/", sources.source_new, name="source_new"),
    path("sources/<int:pk>/", sources.source, name="source"),
    path("sources/<int:pk>/merge/", sources.source_merge, name="source_merge"),
]
