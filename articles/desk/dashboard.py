"""The desk's front page: my drafts, colleagues' drafts, stories in review, what went out
recently, claims of published stories due for a re-check, the review queue's size
(editors) and the latest decisions."""

from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Min, Q
from django.shortcuts import render
from django.utils import timezone

from claims.models import Claim, StatusChange

from ..models import Article

RECENT = 8
DUE_SHOWN = 25


@permission_required("articles.view_article", raise_exception=True)
def dashboard(request):
    user = request.user
    in_review = (
        Article.objects.filter(status=Article.Status.IN_REVIEW)
        .select_related("created_by")
        .annotate(
            claim_count=Count("claims", distinct=True),
            pending_count=Count(
                "claims__status_changes",
                filter=Q(claims__status_changes__state=StatusChange.State.PENDING),
                distinct=True,
            ),
        )
        .order_by("updated_at")
    )
    drafts = Article.objects.filter(status=Article.Status.DRAFT).order_by("-updated_at")
    mine = Q(created_by=user) | Q(updated_by=user)
    context = {
        "my_drafts": drafts.filter(mine).annotate(claim_count=Count("claims")),
        # The desk is one team: a colleague's draft is one click away, to help or to check.
        "other_drafts": drafts.exclude(mine).select_related("created_by")[:RECENT],
        "in_review": in_review,
        "recently_out": Article.objects.filter(
            status__in=[Article.Status.PUBLISHED, Article.Status.WITHDRAWN]
        ).order_by("-updated_at")[:RECENT],
        "decisions": _recent_decisions(user),
        # Oldest first: the longer a claim has been past its moment, the staler it reads.
        "due": Claim.objects.due_for_recheck(timezone.now())[:DUE_SHOWN],
    }
    if user.has_perm("claims.decide_status_change"):
        context["queue"] = StatusChange.objects.pending().aggregate(
            count=Count("pk"), oldest=Min("requested_at")
        )
    return render(request, "desk/dashboard.html", context)


def _recent_decisions(user):
    """Editors follow every decision on the desk; a reporter, the answers to their requests."""
    decided = (
        StatusChange.objects.filter(
            state__in=[StatusChange.State.APPROVED, StatusChange.State.REJECTED]
        )
        .select_related("claim__article", "requested_by", "decided_by")
        .order_by("-decided_at", "-pk")
    )
    if not user.has_perm("claims.decide_status_change"):
        decided = decided.filter(requested_by=user)
    return decided[:RECENT]
