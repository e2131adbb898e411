"""Revisions: every change to what a story says, kept with who made it, when, and the content
before and after (DESIGN.md rules 7–10).

A revision is either *saved* at once (nothing a reader sees, nor anything an editor
approved, was touched: a draft's unreviewed claim) or a *proposal* waiting for an editor who
took no part in it. A proposal edited again is *superseded* by a new one made from it, so
every version anyone wrote stays on record; deciding one is the only change a revision row
ever takes, and decided rows are append-only (a trigger on PostgreSQL, the model here).

`Revision` is abstract: claims keep `ClaimRevision` (here), stories `ArticleRevision`
(articles.models), with the same states and the same rules.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from .. import limits

REVISION_HISTORY_MESSAGE = "A decided revision is part of the audit trail."


class RevisionState(models.TextChoices):
    SAVED = "saved", "Saved"
    PENDING = "pending", "Waiting for review"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    SUPERSEDED = "superseded", "Replaced by a later edit"


class RevisionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=RevisionState.PENDING)

    def approved(self):
        return self.filter(state=RevisionState.APPROVED)

    def decided(self):
        return self.exclude(state=RevisionState.PENDING)

    # Bulk writes skip Model.save()/delete(): refused here too when they would touch history.
    def update(self, **kwargs):
        self._refuse_if_any_decided()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_if_any_decided()
        return super().delete()

    def _refuse_if_any_decided(self):
        if self.decided().exists():
            raise ValidationError(REVISION_HISTORY_MESSAGE)


class Revision(models.Model):
    State = RevisionState

    state = models.CharField(max_length=20, choices=State, default=State.PENDING)
    # None: the thing did not exist before (a claim logged, or proposed for a live story).
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The proposal this one replaced, when someone edited a proposal before it was decided.
    supersedes = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(
        max_length=limits.DECISION_NOTE, blank=True, help_text="For the desk."
    )
    public_note = models.TextField(
        max_length=limits.PUBLIC_NOTE,
        blank=True,
        help_text="The correction as readers read it under the story's Updates.",
    )

    objects = RevisionQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=RevisionState.values), name="%(class)s_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(state=RevisionState.PENDING, decided_at__isnull=True)
                | (~Q(state=RevisionState.PENDING) & Q(decided_at__isnull=False)),
                name="%(class)s_decided_when_not_pending",
            ),
            *limits.length_checks(
                "%(class)s",
                {"decision_note": limits.DECISION_NOTE, "public_note": limits.PUBLIC_NOTE},
            ),
        ]

    def save(self, *args, **kwargs):
        # Decided rows are history. The database refuses it too (a trigger on PostgreSQL).
        self._refuse_if_decided()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_decided()
        return super().delete(*args, **kwargs)

    def _refuse_if_decided(self):
        # Ask the stored row, not this instance, which may be a copy from before a decision.
        if self.pk is not None and type(self).objects.filter(pk=self.pk).decided().exists():
            raise ValidationError(REVISION_HISTORY_MESSAGE)

    @property
    def is_addition(self):
        return self.before is None

    @property
    def decision(self):
        """“approved by editor2 at 10:42 on 2 Sept”."""
        when = timezone.localtime(self.decided_at)
        by = f" by {self.decided_by}" if self.decided_by_id else ""
        return (
            f"{self.get_state_display().lower()}{by} "
            f"at {date_format(when, 'H:i')} on {date_format(when, 'j M')}"
        )

    def contributors(self):
        """Everyone who wrote this proposal or one it replaced: none of them may decide it
        (the four-eyes rule)."""
        authors, current = {self.author_id}, self
        while current.supersedes_id:
            current = (
                type(self).objects.only("author_id", "supersedes_id").get(pk=current.supersedes_id)
            )
            authors.add(current.author_id)
        return authors

    def decide(self, user, state, *, note="", public_note=""):
        """Record the decision; callers hold the row's lock and have checked the rules."""
        self.state = state
        self.decided_by = user
        self.decided_at = timezone.now()
        self.decision_note = (note or "").strip()
        self.public_note = public_note
        self.save()


class ClaimRevision(Revision):
    """A change to a claim's words, quote, note or citations (`after`, a claim content as
    `claims.content` writes it), or a claim proposed for a published story."""

    claim = models.ForeignKey("Claim", on_delete=models.PROTECT, related_name="revisions")

    class Meta(Revision.Meta):
        constraints = [
            *Revision.Meta.constraints,
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(state=RevisionState.PENDING),
                name="one_pending_revision_per_claim",
                violation_error_message="This claim already has an edit waiting for review.",
            ),
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="claimrevision_queue")]

    def __str__(self):
        return f"Revision of claim {self.claim_id} ({self.state})"
