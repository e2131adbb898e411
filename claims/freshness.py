"""A claim's revision count: how a form or a decision made on an older view of the claim
is told apart and refused (DESIGN.md rule 10).

Every change the desk makes to a claim (an edit saved or proposed, a decided proposal, an
approved status change) bumps `Claim.revision` in its transaction. Forms and decisions
carry the count the person saw; if it moved, the change is refused with what happened.
"""

from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format

from .errors import StaleChange
from .models import Claim, ClaimRevision

State = ClaimRevision.State

_DID = {
    State.SAVED: "edited it",
    State.PENDING: "proposed an edit",
    State.SUPERSEDED: "proposed an edit",
    State.APPROVED: "approved an edit",
    State.REJECTED: "rejected an edit",
    State.WITHDRAWN: "withdrew an edit",
}


def what_changed(claim):
    """A sentence for someone whose view of the claim is out of date: its latest change."""
    events = []
    edit = claim.revisions.select_related("author", "decided_by").order_by("-pk").first()
    if edit:
        who = edit.author if edit.state in (State.SAVED, State.PENDING) else edit.decided_by
        events.append((edit.decided_at or edit.created_at, f"{who} {_DID[edit.state]}"))
    # Of status changes only approvals change the claim (and its count).
    status = claim.status_changes.approved().select_related("decided_by").order_by("-pk").first()
    if status:
        events.append((status.decided_at, f"{status.decided_by} approved a status change"))
    if not events:
        return "The claim changed since you opened it. Reload to see it as it is now."
    moment, what = max(events, key=lambda event: event[0])
    return (
        f"The claim changed since you opened it: {what} at "
        f"{date_format(timezone.localtime(moment), 'H:i')}. Reload to see it as it is now."
    )


def check_seen(claim, seen):
    """Refuse unless the claim (locked, as it is now) is still at the count `seen`; None
    checks nothing (the demo's loader and the benchmarks, which show no one the claim)."""
    if seen is not None and claim.revision != seen:
        raise StaleChange(what_changed(claim))


def bump(claim):
    Claim.objects.filter(pk=claim.pk).update(revision=F("revision") + 1)
    claim.revision += 1
