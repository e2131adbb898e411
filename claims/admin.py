"""Admin for the claims registry and the audit trail.

The admin changes no status and no content itself: a claim, its citations and its history
are read-only here (what a claim says changes on the desk, through `claims.editing`, so
that every change is a revision an editor can review), and status changes and revisions can
only be viewed: requests are decided on the desk's review queue, /desk/reviews/
(`StatusChangeAdmin` says why). Sources are viewed here and changed on the desk
(/desk/sources/), through `claims.registry`, which keeps affiliations free of loops and
audits every change; their audit trail is viewable here.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils.text import Truncator

from . import workflow
from .models import Citation, Claim, ClaimRevision, Source, SourceChange, StatusChange


def apply_to_each(modeladmin, request, objects, action, done, *, label=str, reasons=None):
    """Run a workflow `action(obj, user)` on each object, one transaction each.

    One refusal does not stop the others. Each refusal becomes an error message naming the
    object (`label(obj)`) in the workflow's own words (`reasons(error)` splits an error into
    several); what went through is counted in one success message, `done(count)`.
    """
    succeeded = 0
    for obj in objects:
        try:
            action(obj, request.user)
        except (workflow.WorkflowError, PermissionDenied) as error:
            for reason in reasons(error) if reasons else [str(error)]:
                modeladmin.message_user(request, f"{label(obj)}: {reason}", messages.ERROR)
        else:
            succeeded += 1
    if succeeded:
        modeladmin.message_user(request, done(succeeded), messages.SUCCESS)


def short(text, words=12):
    return Truncator(text).words(words)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CitationInline(ReadOnlyInline):
    model = Citation
    fields = ["source", "via", "detail", "url", "date", "quoted_text"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "via")


class RevisionInline(ReadOnlyInline):
    """What the claim said, and who changed it: every revision, saved or proposed."""

    model = ClaimRevision
    fk_name = "claim"
    verbose_name_plural = "Revisions (audit trail)"
    fields = ["created_at", "author", "state", "decided_by", "decided_at", "public_note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author", "decided_by")


class StatusHistoryInline(ReadOnlyInline):
    """The claim's audit trail, read-only: it is written only by `claims.workflow`."""

    model = StatusChange
    verbose_name = "status change"
    verbose_name_plural = "Status history (audit trail)"
    fields = [
        "from_status",
        "to_status",
        "state",
        "rationale",
        "requested_by",
        "requested_at",
        "decided_by",
        "decided_at",
        "decision_note",
        "primary_record",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("requested_by", "decided_by")


class ViewOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Source)
class SourceAdmin(ViewOnlyAdmin):
    """The registry, changed on the desk (claims.registry), where each change is audited."""

    list_display = ["name", "kind", "affiliation", "description", "citation_count"]
    list_filter = ["kind"]
    list_select_related = ["affiliation"]
    search_fields = ["name", "aliases", "description"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=Count("citations"))

    @admin.display(description="cited by", ordering="citation_count")
    def citation_count(self, source):
        return source.citation_count


@admin.register(SourceChange)
class SourceChangeAdmin(ViewOnlyAdmin):
    """The registry's audit trail: who added, edited or merged a source, and when."""

    list_display = ["created_at", "action", "source_name", "other_name", "author"]
    list_filter = ["action"]
    list_select_related = ["author"]
    search_fields = ["other_name", "author__username"]
    ordering = ["-created_at", "-pk"]

    @admin.display(description="source")
    def source_name(self, change):
        return (change.after or change.before or {}).get("name", change.source_id)


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["statement_short", "article", "status", "citation_count", "position"]
    list_filter = ["status", "article__status"]
    search_fields = ["statement", "quote", "public_note", "article__title"]
    list_select_related = ["article"]
    fields = [
        "article",
        "statement",
        "quote",
        "quote_prefix",
        "quote_suffix",
        "status",
        "presence",
        "public_note",
        "assessment_by",
        "assessment_confidence",
        "assessment_date",
        "recheck_by",
        "no_named_source",
        "position",
        "revision",
        "created_by",
        "created_at",
        "updated_at",
    ]
    # Shown, never edited here: its story is fixed, its status changes by an approved
    # request, and what it says by the desk's edits, each a revision.
    readonly_fields = fields
    inlines = [CitationInline, StatusHistoryInline, RevisionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=Count("citations"))

    @admin.display(description="statement", ordering="statement")
    def statement_short(self, claim):
        return short(claim.statement)

    @admin.display(description="citations", ordering="citation_count")
    def citation_count(self, claim):
        return claim.citation_count

    def has_add_permission(self, request):
        return False  # claims are logged on the desk, next to their story


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    """Citations are part of a claim's content: viewed here, changed on the desk."""

    list_display = ["claim_short", "source", "via", "detail", "date"]
    list_filter = ["source__kind", "date"]
    search_fields = ["claim__statement", "source__name", "via__name", "detail", "quoted_text"]
    list_select_related = ["claim", "source", "via"]

    @admin.display(description="claim", ordering="claim__statement")
    def claim_short(self, citation):
        return short(citation.claim.statement)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StatusChange)
class StatusChangeAdmin(ViewOnlyAdmin):
    """The audit trail: viewable, never added, changed or deleted here.

    No actions decide requests: an approval binds to what the editor saw (DESIGN.md rule
    10), so requests are decided on /desk/reviews/, which carries the claim's revision and
    answers 409 when it changed meanwhile. A bulk action over this list cannot.
    """

    list_display = [
        "claim_short",
        "from_to",
        "state",
        "requested_by",
        "requested_at",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["state", "to_status", "from_status"]
    search_fields = [
        "claim__statement",
        "claim__article__title",
        "rationale",
        "decision_note",
        "requested_by__username",
        "decided_by__username",
    ]
    list_select_related = ["claim", "requested_by", "decided_by"]
    date_hierarchy = "requested_at"
    ordering = ["-requested_at", "-pk"]
    actions = None

    @admin.display(description="claim", ordering="claim__statement")
    def claim_short(self, change):
        return short(change.claim.statement)

    @admin.display(description="change")
    def from_to(self, change):
        return f"{change.get_from_status_display()} → {change.get_to_status_display()}"
