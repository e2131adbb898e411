"""Admin for articles.

An article is read-only here: its text changes on the desk through `articles.revisions`
(a published story's through a correction an editor approves), and it moves from draft to
published only through `articles.publishing`, whose gate the "Publish selected articles"
action goes through like the desk's Publish button, listing every reason it refuses.
Withdrawing asks for a reason readers will read: it is done on the desk.
"""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import ngettext

from claims.admin import ReadOnlyInline, apply_to_each, short
from claims.models import Claim, StatusChange

from . import publishing
from .models import Article, ArticleRevision


def refusal_reasons(error):
    if isinstance(error, publishing.PublicationRefused):
        return [problem.message for problem in error.problems]
    return [str(error)]


class ArticleRevisionInline(ReadOnlyInline):
    """Every revision of the story's text, saved or proposed, with who and when."""

    model = ArticleRevision
    fk_name = "article"
    verbose_name_plural = "Revisions of the text (audit trail)"
    fields = ["created_at", "author", "state", "decided_by", "decided_at", "public_note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author", "decided_by")


class ClaimInline(admin.TabularInline):
    """The story's claims at a glance, each linking to its own page (citations, history)."""

    model = Claim
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["position", "statement_short", "status", "citation_count"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=Count("citations"))

    @admin.display(description="statement")
    def statement_short(self, claim):
        return short(claim.statement, 20)

    @admin.display(description="citations")
    def citation_count(self, claim):
        return claim.citation_count

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "status",
        "published_at",
        "claim_count",
        "pending_count",
        "created_by",
        "updated_at",
    ]
    list_filter = ["status", "published_at"]
    search_fields = ["title", "slug", "standfirst", "body", "byline"]
    list_select_related = ["created_by"]
    date_hierarchy = "created_at"
    fields = [
        "title",
        "slug",
        "standfirst",
        "body",
        "dateline",
        "byline",
        "status",
        "published_at",
        "published_by",
        "withdrawn_at",
        "withdrawn_by",
        "withdrawal_reason",
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
        "revision",
    ]
    readonly_fields = fields
    inlines = [ClaimInline, ArticleRevisionInline]
    actions = ["publish_selected"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                claim_count=Count("claims", distinct=True),
                pending_count=Count(
                    "claims__status_changes",
                    filter=Q(claims__status_changes__state=StatusChange.State.PENDING),
                ),
            )
        )

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, article):
        return article.claim_count

    @admin.display(description="pending requests", ordering="pending_count")
    def pending_count(self, article):
        return article.pending_count

    def has_add_permission(self, request):
        return False  # stories are written on the desk, where every save is a revision

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    @admin.action(description="Publish selected articles", permissions=["publish"])
    def publish_selected(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            publishing.publish,
            lambda n: ngettext("Published %d article.", "Published %d articles.", n) % n,
            label=lambda article: f"“{article}” was not published",
            reasons=refusal_reasons,
        )
