"""An article's life: draft → in review → published → withdrawn, and back to published
(DESIGN.md rules 4, 11 and 12).

Publishing is gated: `publication_problems` lists every reason a story cannot go out yet,
as data a page can show (each with the claim to fix), and `publish` refuses while the list
is not empty. What each claim must carry is the claims domain's to say (`claims.rules`):
citations, and what backs its status (independent origins or a primary record for a
verified claim, the assessment of an intelligence estimate).

Publishing takes the story's lock, the first lock every change to one of its claims takes
(`Claim.objects.lock_for_change`): a request or an edit lands either before the gate reads
the claims, or after publication, where it is a proposal.

Each transition is logged at INFO once it commits, as the claims workflow logs its
decisions (README, Logs): `event` ("article.submitted|published|withdrawn"), `actor`,
`actor_id`, `article`, `from_status`, `to_status`.
"""

import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from claims import rules
from claims.decision_log import log_decision
from claims.errors import WorkflowError
from claims.models import Citation, Claim, ClaimRevision, StatusChange
from claims.quotes import orphaned

from .models import Article

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Problem:
    message: str
    claim: Claim | None = None


class PublicationRefused(WorkflowError):
    def __init__(self, problems):
        self.problems = problems
        super().__init__(
            "This story cannot be published yet: " + "; ".join(p.message for p in problems)
        )


def orphaned_claims(article, claims):
    """The claims of `article` whose quote no longer occurs in its body."""
    return orphaned(claims, article.text)


def publication_problems(article):
    """Every reason the story cannot go out as it stands. The gate reads what readers would
    see: the story's text and its claims as approved; anything still waiting for an editor
    (a status request, an edit, a claim to add, a correction) holds it back."""
    claims = list(
        article.claims.current()
        .select_related("assessment_by")
        .prefetch_related(
            Prefetch("citations", queryset=Citation.objects.select_related("source")),
            # All of them: the pending one holds the story back, the latest approval holds
            # a verified claim's primary-record note (Claim.primary_record).
            Prefetch("status_changes", queryset=StatusChange.objects.order_by("pk")),
            Prefetch("revisions", queryset=ClaimRevision.objects.pending(), to_attr="edits"),
        )
    )
    live = [claim for claim in claims if claim.is_live]
    problems = []
    if not article.body.strip():
        problems.append(Problem("The story has no body."))
    if article.revisions.pending().exists():
        problems.append(Problem("The story's text has an edit waiting for review."))
    for claim in claims:
        if not claim.is_live:
            problems.append(Problem(f"{claim.label} waits for an editor to add it.", claim))
            continue
        if any(c.state == StatusChange.State.PENDING for c in claim.status_changes.all()):
            problems.append(
                Problem(f"{claim.label} has a status change waiting for review.", claim)
            )
        if claim.edits:
            problems.append(Problem(f"{claim.label} has an edit waiting for review.", claim))
        problems += [Problem(message, claim) for message in rules.citation_problems(claim)]
        problems += [Problem(message, claim) for message in rules.standing_problems(claim)]
    for claim in orphaned_claims(article, live):
        problems.append(Problem(f"{claim.label}: its quote no longer occurs in the story.", claim))
    return problems


def _locked(article):
    return Article.objects.select_for_update().get(pk=article.pk)


def _move(article, user, to_status, verb, fields):
    """Save `article` in `to_status` and log, once committed, who moved it from where."""
    from_status = article.status
    article.status = to_status
    article.save(update_fields=["status", "updated_at", *fields])
    log_decision(
        logger,
        f"article {article.pk} {verb} by {user.get_username()}: {from_status} → {to_status}",
        event=f"article.{verb}",
        actor=user,
        article=article.pk,
        from_status=from_status,
        to_status=to_status,
    )
    return article


def submit_for_review(article, user):
    if not user.has_perm("claims.request_status_change"):
        raise PermissionDenied("You do not have permission to submit stories for review.")
    with transaction.atomic():
        article = _locked(article)
        if article.status != Article.Status.DRAFT:
            raise WorkflowError(
                f"Only a draft can be submitted for review; this story is "
                f"{article.get_status_display().lower()}."
            )
        return _move(article, user, Article.Status.IN_REVIEW, "submitted", [])


def publish(article, user):
    if not user.has_perm("articles.publish_article"):
        raise PermissionDenied("Only editors can publish stories.")
    with transaction.atomic():
        article = _locked(article)
        if article.status == Article.Status.PUBLISHED:
            raise WorkflowError("This story is already published.")
        problems = publication_problems(article)
        if problems:
            raise PublicationRefused(problems)
        # The first publication date stays: updates after it are the story's corrections.
        article.published_at = article.published_at or timezone.now()
        article.published_by = user
        return _move(
            article, user, Article.Status.PUBLISHED, "published", ["published_at", "published_by"]
        )


def withdraw(article, user, reason):
    """Take a published story down. Its address then tells readers it was withdrawn, when
    and why (410 Gone); it can be published again through the gate."""
    if not user.has_perm("articles.publish_article"):
        raise PermissionDenied("Only editors can withdraw stories.")
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError("Say why the story is withdrawn: readers will see the reason.")
    with transaction.atomic():
        article = _locked(article)
        if article.status != Article.Status.PUBLISHED:
            raise WorkflowError("Only a published story can be withdrawn.")
        article.withdrawn_at = timezone.now()
        article.withdrawn_by = user
        article.withdrawal_reason = reason
        return _move(
            article,
            user,
            Article.Status.WITHDRAWN,
            "withdrawn",
            ["withdrawn_at", "withdrawn_by", "withdrawal_reason"],
        )
