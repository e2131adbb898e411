"""The claims panel beside a story: its claims, each as a card, and the Log claim form.

The panel is a list a reporter works down all day, so it is fetched in a fixed number of
queries however many claims there are (`Claim.objects.with_details()`), and the orphan
check is done once over the body for all of them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from claims.forms import LogClaimForm
from claims.models import Claim, StatusChange

from ..models import Article
from ..publishing import orphaned_claims
from .responses import INVALID, notice

ORPHAN_WARNING = (
    "Its quote does not occur in the story, so it is flagged as orphaned: "
    "check the words against the body."
)


def claim_url(claim):
    return reverse("desk:article", args=[claim.article_id]) + f"#claim-{claim.pk}"


def annotate_claims(article, claims, user):
    """Give each claim of `article` what its card shows: orphan flag and pending request."""
    orphans = {claim.pk for claim in orphaned_claims(article, claims)}
    for claim in claims:
        claim.is_orphan = claim.pk in orphans
        claim.pending = next(
            (c for c in claim.status_changes.all() if c.state == StatusChange.State.PENDING),
            None,
        )
        claim.pending_is_mine = claim.pending is not None and claim.pending.requested_by_id == (
            user.pk
        )
    return claims


def panel_context(article, user, *, log_claim_form=None, notice=None):
    claims = annotate_claims(
        article, list(Claim.objects.filter(article=article).with_details()), user
    )
    return {
        "article": article,
        "claims": claims,
        "orphan_count": sum(claim.is_orphan for claim in claims),
        "log_claim_form": log_claim_form or LogClaimForm(),
        "can_log_claims": user.has_perm("claims.add_claim"),
        "panel_notice": notice,
    }


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
@permission_required("claims.view_claim", raise_exception=True)
def panel(request, pk):
    """GET: the claims panel of an article. POST: Log claim."""
    article = get_object_or_404(Article.objects.editable_by(request.user), pk=pk)
    if request.method == "POST":
        return _log_claim(request, article)
    return _panel_response(request, article)


def _panel_response(request, article, status=200, **context):
    template = "desk/panel.html#panel" if request.htmx else "desk/panel_page.html"
    return render(request, template, panel_context(article, request.user, **context), status=status)


def _log_claim(request, article):
    if not request.user.has_perm("claims.add_claim"):
        raise PermissionDenied("You do not have permission to log claims.")
    form = LogClaimForm(request.POST)
    if not form.is_valid():
        return _panel_response(request, article, status=INVALID, log_claim_form=form)
    claim = form.save_for(article, request.user)
    level, message = messages.SUCCESS, "Claim logged."
    if orphaned_claims(article, [claim]):
        level, message = messages.WARNING, f"Claim logged. {ORPHAN_WARNING}"
    if request.htmx:
        return _panel_response(request, article, notice=notice(level, message))
    messages.add_message(request, level, message)
    return HttpResponseRedirect(claim_url(claim))
