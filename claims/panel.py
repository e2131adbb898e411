"""What the claims panel beside an article needs, in one place (desk article page and the
panel's own htmx fragment alike).

The panel is a list a reporter works down all day, so it is fetched in a fixed number of
queries however many claims there are: citations with their sources, every status change
with its people (for the pending request and the history), and the orphan check done once
over the body.
"""

from django.db.models import Prefetch

from articles.publishing import orphaned_claims

from .forms import LogClaimForm
from .models import Citation, Claim, StatusChange


def claims_with_details(queryset):
    return queryset.prefetch_related(
        Prefetch("citations", queryset=Citation.objects.select_related("source", "via")),
        Prefetch(
            "status_changes",
            queryset=StatusChange.objects.select_related("requested_by", "decided_by"),
        ),
    )


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


def claim_card(claim, user):
    """One claim, loaded and annotated as the panel shows it."""
    claim = claims_with_details(Claim.objects.select_related("article")).get(pk=claim.pk)
    return annotate_claims(claim.article, [claim], user)[0]


def panel_context(article, user, *, log_claim_form=None, notice=None):
    claims = annotate_claims(
        article, list(claims_with_details(Claim.objects.filter(article=article))), user
    )
    return {
        "article": article,
        "claims": claims,
        "orphan_count": sum(claim.is_orphan for claim in claims),
        "log_claim_form": log_claim_form or LogClaimForm(),
        "can_log_claims": user.has_perm("claims.add_claim"),
        "panel_notice": notice,
    }
