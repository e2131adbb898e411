"""The workflow service: the only code that changes a claim's status (DESIGN.md rules 1–3).

A reporter requests a change; an editor who did not make the request decides it.
Every function here checks the caller's permission, locks what it changes (the story, then
the claim, then the request: `Claim.objects.lock_for_change`), re-checks the state inside
the transaction and writes the audit row with the change. Views and management commands
call these functions; none repeats their rules.

Each decision is logged at INFO once it commits (a rolled-back one never happened), with
who made it and on what, as fields of the record (README, Logs): `event`
("status_change.requested|approved|rejected|withdrawn"), `actor`, `actor_id`,
`status_change`, `claim`, `article`, `from_status`, `to_status`. No free text (rationale,
notes): they may name confidential sources, and the log is read more widely than the desk.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from . import rules
from .decision_log import log_decision
from .errors import WorkflowError, require
from .freshness import bump, check_seen
from .models import Claim, StatusChange

__all__ = ["WorkflowError", "approve", "reject", "request_status_change", "withdraw"]

logger = logging.getLogger(__name__)


def describe_decision(change):
    """“approved by editor2 at 10:42 on 2 Sept”."""
    when = timezone.localtime(change.decided_at)
    return (
        f"{change.get_state_display().lower()} by {change.decided_by} "
        f"at {date_format(when, 'H:i')} on {date_format(when, 'j M')}"
    )


def _log_once_committed(verb, change, claim, user):
    """“status change 12 of claim 7 approved by editor2: unconfirmed → verified”."""
    log_decision(
        logger,
        f"status change {change.pk} of claim {claim.pk} {verb} by {user.get_username()}: "
        f"{change.from_status} → {change.to_status}",
        event=f"status_change.{verb}",
        actor=user,
        status_change=change.pk,
        claim=claim.pk,
        article=claim.article_id,
        from_status=change.from_status,
        to_status=change.to_status,
    )


def request_status_change(claim, user, to_status, rationale):
    require(user, "claims.request_status_change", "request a status change")
    rationale = (rationale or "").strip()
    if not rationale:
        raise WorkflowError("Say why the status should change: a rationale is required.")
    try:
        to_status = Claim.Status(to_status)
    except ValueError:
        *others, last = (status.is_now for status in Claim.Status)
        raise WorkflowError(
            f"“{to_status}” is not a claim status: a claim is {', '.join(others)} or {last}."
        ) from None
    with transaction.atomic():
        claim = Claim.objects.lock_for_change(claim.pk)
        if not claim.is_live:
            raise WorkflowError(
                "This claim is not part of the story yet: an editor must approve its addition "
                "before its status can change."
            )
        if claim.status == to_status:
            raise WorkflowError(f"The claim is already {to_status.is_now}.")
        pending = claim.status_changes.pending().select_related("requested_by").first()
        if pending:
            raise WorkflowError(
                f"This claim already has a pending request by {pending.requested_by} "
                f"(to make it {Claim.Status(pending.to_status).is_now}); it must be decided "
                "or withdrawn first."
            )
        try:
            with transaction.atomic():
                change = StatusChange.objects.create(
                    claim=claim,
                    from_status=claim.status,
                    to_status=to_status,
                    rationale=rationale,
                    requested_by=user,
                    requested_at=timezone.now(),
                )
        except IntegrityError as error:  # Raced by another request on the same claim.
            raise WorkflowError("This claim already has a pending request.") from error
        _log_once_committed("requested", change, claim, user)
        return change


def _lock(change):
    """Lock the request's story and claim, then the request, and read them as they are now.

    Every decision takes the story's and the claim's locks first, as a new request does, so
    decisions on one claim queue there and each reads the request only once the one before
    committed. The people on the request are read afterwards by their own queries:
    PostgreSQL can hand back a row it waited to lock together with joined rows from before
    the wait (a request "withdrawn by None").
    """
    claim = Claim.objects.lock_for_change(change.claim_id)
    return claim, StatusChange.objects.select_for_update().get(pk=change.pk)


def _decide(change, user, state, note, seen, primary_record=""):
    """Lock the claim, then the request; refuse unless both are as the decider saw them,
    and an approval unless the rules back the status it gives (claims.rules)."""
    require(user, "claims.decide_status_change", "decide status changes")
    with transaction.atomic():
        claim, change = _lock(change)
        if change.state != StatusChange.State.PENDING:
            raise WorkflowError(f"This request was already {describe_decision(change)}.")
        if change.requested_by_id == user.pk:
            raise WorkflowError(
                "You made this request, so another editor must decide it (four-eyes rule)."
            )
        if state == StatusChange.State.APPROVED and claim.status != change.from_status:
            raise WorkflowError(
                f"The claim changed since this request: it is now "
                f"{claim.status_choice.is_now}, not {Claim.Status(change.from_status).is_now}."
            )
        check_seen(claim, seen)
        now = timezone.now()
        if state == StatusChange.State.APPROVED:
            # The note belongs to an approval to Verified only (a constraint holds it).
            if change.to_status != Claim.Status.VERIFIED:
                primary_record = ""
            primary_record = (primary_record or "").strip()
            problems = rules.standing_problems(
                claim, status=change.to_status, primary_record=primary_record
            )
            if claim.article.is_published:
                # Readers see the new badge at once: it must be one the gate would allow.
                problems = rules.citation_problems(claim, status=change.to_status) + problems
            if problems:
                raise WorkflowError(" ".join(problems))
            change.primary_record = primary_record
            claim.status = change.to_status
            claim.save(update_fields=["status", "updated_at"])
            bump(claim)
        change.state = state
        change.decided_by = user
        change.decided_at = now
        change.decision_note = (note or "").strip()
        change.save()
        _log_once_committed(state, change, claim, user)
        return change


def approve(change, user, note="", *, seen=None, primary_record=""):
    """Approve the request; `seen` is the claim's revision count the editor reviewed.
    `primary_record`: for a claim made verified on one origin, the editor's note that it is
    the primary record of what that party itself said or published (claims.rules)."""
    return _decide(change, user, StatusChange.State.APPROVED, note, seen, primary_record)


def reject(change, user, note="", *, seen=None):
    return _decide(change, user, StatusChange.State.REJECTED, note, seen)


def withdraw(change, user):
    """The requester takes back a pending request."""
    with transaction.atomic():
        claim, change = _lock(change)
        if change.requested_by_id != user.pk:
            raise PermissionDenied("Only the person who made a request can withdraw it.")
        if change.state != StatusChange.State.PENDING:
            raise WorkflowError(f"This request was already {describe_decision(change)}.")
        change.state = StatusChange.State.WITHDRAWN
        change.decided_by = user
        change.decided_at = timezone.now()
        change.save()
        _log_once_committed(change.state, change, claim, user)
        return change
