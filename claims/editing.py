"""How a claim's content changes: saved at once, or proposed to an editor (DESIGN.md 7–10).

A change to what a claim says (its words, quote, note or citations) is saved at once only
while nothing a reader sees or an editor approved is at stake: the claim is unconfirmed
and its story unpublished. Otherwise — the claim is verified or an intelligence estimate,
or the story is live — the change is a proposal: readers and the publication gate keep
seeing the approved content until an editor who took no part in the proposal approves it.
A claim logged on a published story is itself a proposal (an addition). Every change, saved
or proposed, is kept as a `ClaimRevision` with its author and the content before and after.

Every function takes the locks in the order `Claim.objects.lock_for_change` documents (the
story, then the claim, then the revision), checks that the claim is still at the revision
the person saw, and bumps that count with its change.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from . import content as contents
from . import rules
from .decision_log import log_decision
from .errors import WorkflowError, require
from .freshness import bump, check_seen
from .models import Claim, ClaimRevision

State = ClaimRevision.State
logger = logging.getLogger(__name__)


def needs_review(claim):
    """Whether a change to the claim's content must wait for an editor."""
    return claim.is_live and (
        claim.status != Claim.Status.UNCONFIRMED or claim.article.was_published
    )


def working_content(claim):
    """What the claim says on the desk: its proposed edit if one waits, else what its rows
    say (what readers see, or for an addition what its reporter last saved). Edits start
    from it."""
    pending = claim.revisions.pending().first() if needs_review(claim) else None
    return contents.complete(pending.after) if pending else contents.content_of(claim)


def log_claim(article, user, content):
    """A new claim with its content. On a published story it waits, hidden from readers,
    until an editor approves its addition."""
    require(user, "claims.add_claim", "log claims")
    content = contents.complete(content)
    with transaction.atomic():
        article = type(article).objects.select_for_update().get(pk=article.pk)
        last = article.claims.aggregate(last=Max("position"))["last"]
        claim = Claim(
            article=article,
            created_by=user,
            position=0 if last is None else last + 1,
            presence=Claim.Presence.PROPOSED if article.was_published else Claim.Presence.LIVE,
            **{field: content[field] for field in contents.FIELDS},
        )
        claim.save()
        contents.apply(claim, content)
        revision = ClaimRevision.objects.create(
            claim=claim,
            author=user,
            before=None,
            after=content,
            **_saved_now() if claim.is_live else {},
        )
        _log(revision, claim, user, "logged" if claim.is_live else "proposed")
        return claim


def edit(claim, user, content, *, seen):
    """Change what the claim says, from its revision `seen`. Returns the revision (saved or
    proposed), or None when the content is what the claim already says."""
    require(user, "claims.change_claim", "edit claims")
    content = contents.complete(content)
    with transaction.atomic():
        claim = Claim.objects.lock_for_change(claim.pk)
        if claim.presence == Claim.Presence.DROPPED:
            raise WorkflowError("This claim was not added to the story; it cannot be edited.")
        check_seen(claim, seen)
        live = contents.content_of(claim)
        addition = claim.presence == Claim.Presence.PROPOSED
        pending = claim.revisions.pending().first() if addition or needs_review(claim) else None
        if content == (contents.complete(pending.after) if pending else live):
            return None
        if addition:
            # A claim proposed for a published story: what an editor approves is the
            # proposal, so an edit replaces it (its author joins those who may not decide
            # it), and the claim's rows, which no reader sees yet, follow it.
            pending.decide(user, State.SUPERSEDED)
            contents.apply(claim, content)
            revision = ClaimRevision.objects.create(
                claim=claim, author=user, before=None, after=content, supersedes=pending
            )
        elif needs_review(claim):
            if pending:
                pending.decide(user, State.SUPERSEDED)
            revision = ClaimRevision.objects.create(
                claim=claim, author=user, before=live, after=content, supersedes=pending
            )
        else:
            # Unreviewed: nothing readers see, nothing an editor approved, changes.
            contents.apply(claim, content)
            revision = ClaimRevision.objects.create(
                claim=claim, author=user, before=live, after=content, **_saved_now()
            )
        bump(claim)
        _log(revision, claim, user, "saved" if revision.state == State.SAVED else "proposed")
        return revision


def approve(revision, user, *, seen, note="", public_note=""):
    return _decide_proposal(revision, user, State.APPROVED, seen, note, public_note)


def reject(revision, user, *, seen, note=""):
    return _decide_proposal(revision, user, State.REJECTED, seen, note, "")


def withdraw(revision, user):
    """The author takes back their pending proposal."""
    with transaction.atomic():
        claim = Claim.objects.lock_for_change(revision.claim_id)
        revision = ClaimRevision.objects.select_for_update().get(pk=revision.pk)
        if revision.author_id != user.pk:
            raise PermissionDenied("Only the person who proposed an edit can withdraw it.")
        if revision.state != State.PENDING:
            raise WorkflowError(f"This edit was already {revision.decision}.")
        if revision.is_addition:
            claim.presence = Claim.Presence.DROPPED
            claim.save(update_fields=["presence", "updated_at"])
        revision.decide(user, State.WITHDRAWN)
        bump(claim)
        _log(revision, claim, user, "withdrawn")
        return revision


def _decide_proposal(revision, user, state, seen, note, public_note):
    require(user, "claims.decide_status_change", "decide edits")
    with transaction.atomic():
        claim = Claim.objects.lock_for_change(revision.claim_id)
        revision = ClaimRevision.objects.select_for_update().get(pk=revision.pk)
        if revision.state != State.PENDING:
            raise WorkflowError(f"This edit was already {revision.decision}.")
        if user.pk in revision.contributors():
            raise WorkflowError(
                "You took part in this edit, so another editor must decide it (four-eyes rule)."
            )
        check_seen(claim, seen)
        public_note = (public_note or "").strip()
        if state == State.APPROVED:
            _check_can_go_live(claim, revision, public_note)
            # What goes live is what the editor reviewed, whatever the rows hold.
            contents.apply(claim, revision.after)
            if revision.is_addition:
                claim.presence = Claim.Presence.LIVE
                claim.save(update_fields=["presence", "updated_at"])
        elif revision.is_addition:
            claim.presence = Claim.Presence.DROPPED
            claim.save(update_fields=["presence", "updated_at"])
        revision.decide(user, state, note=note, public_note=public_note)
        bump(claim)
        _log(revision, claim, user, state)
        return revision


def _check_can_go_live(claim, revision, public_note):
    """An approved edit leaves the claim as readers and the gate will see it: it must still
    hold its status (rule 12: a verified claim its independent origins or primary record,
    an estimate its assessment). On a published story an approval is also a correction
    readers see at once: it must say so, and leave the claim as the gate would have it."""
    after = revision.after
    problems = (
        []
        if revision.is_addition
        else rules.standing_problems(
            claim, content=after, primary_record=rules.primary_record_after(claim, after)
        )
    )
    if claim.article.was_published:
        if not public_note:
            raise WorkflowError(
                "This story is published: write the correction note readers will see under it."
            )
        problems = (
            rules.citation_problems(claim, content=revision.after)
            + rules.quote_problems(claim, claim.article.text, content=revision.after)
            + problems
        )
    if problems:
        raise WorkflowError(
            "The claim would no longer be one the desk can stand by: " + " ".join(problems)
        )


def _log(revision, claim, user, verb):
    """“revision 31 of claim 7 approved by editor2” (claims.decision_log)."""
    log_decision(
        logger,
        f"revision {revision.pk} of claim {claim.pk} {verb} by {user.get_username()}",
        event=f"claim_revision.{verb}",
        actor=user,
        claim_revision=revision.pk,
        claim=claim.pk,
        article=claim.article_id,
    )


def _saved_now():
    return {"state": State.SAVED, "decided_at": timezone.now()}
