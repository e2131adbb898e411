"""Status changes: a reporter's request and the editor's decision, kept as the audit trail."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q

from .. import limits
from .claims import Citation, Claim, ClaimStatus


class StatusChangeState(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


AUDIT_TRAIL_MESSAGE = "A decided status change is part of the audit trail."


class StatusChangeQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=StatusChange.State.PENDING)

    def approved(self):
        return self.filter(state=StatusChange.State.APPROVED)

    def decided(self):
        return self.exclude(state=StatusChange.State.PENDING)

    def for_review(self):
        """Requests as the review queue shows them: the claim, its story, its citations."""
        return self.select_related(
            "requested_by", "decided_by", "claim__article", "claim__assessment_by"
        ).prefetch_related(
            Prefetch("claim__citations", queryset=Citation.objects.select_related("source", "via"))
        )

    # Bulk writes skip Model.save()/delete(), so they are refused here too when they would
    # touch history. (On PostgreSQL a trigger refuses even what bypasses the ORM.)
    def update(self, **kwargs):
        self._refuse_if_any_decided()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_if_any_decided()
        return super().delete()

    def _refuse_if_any_decided(self):
        if self.decided().exists():
            raise ValidationError(AUDIT_TRAIL_MESSAGE)


class StatusChange(models.Model):
    """The request and the audit record in one. Append-only once decided."""

    State = StatusChangeState

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=30, choices=Claim.Status)
    to_status = models.CharField(max_length=30, choices=Claim.Status)
    rationale = models.TextField(max_length=limits.RATIONALE)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="status_requests"
    )
    requested_at = models.DateTimeField()
    state = models.CharField(max_length=20, choices=State, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="status_decisions",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(max_length=limits.DECISION_NOTE, blank=True)
    # The approving editor's note that the claim is the primary record of what one party
    # itself said or published (“KCNA’s own report”): what lets a claim be verified on one
    # origin (DESIGN.md rule 12). Kept here, on the approval, so the audit trail says who
    # vouched for it and when; readers read it from the claim's latest approval.
    primary_record = models.TextField(max_length=limits.PRIMARY_RECORD, blank=True)

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at", "pk"]
        permissions = [
            ("request_status_change", "Can request a change of a claim's status"),
            ("decide_status_change", "Can approve or reject a requested status change"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_status__in=ClaimStatus.values)
                & Q(to_status__in=ClaimStatus.values),
                name="statuschange_statuses_valid",
            ),
            models.CheckConstraint(
                condition=Q(state__in=StatusChangeState.values),
                name="statuschange_state_valid",
            ),
            models.CheckConstraint(
                condition=~Q(from_status=F("to_status")),
                name="statuschange_changes_status",
            ),
            models.CheckConstraint(
                condition=~Q(rationale=""), name="statuschange_rationale_required"
            ),
            models.CheckConstraint(
                condition=Q(state=StatusChangeState.PENDING, decided_at__isnull=True)
                | (~Q(state=StatusChangeState.PENDING) & Q(decided_at__isnull=False)),
                name="statuschange_decided_when_not_pending",
            ),
            models.CheckConstraint(
                condition=Q(primary_record="")
                | Q(state=StatusChangeState.APPROVED, to_status=ClaimStatus.VERIFIED),
                name="statuschange_primary_record_on_verified_approval",
            ),
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(state=StatusChangeState.PENDING),
                name="one_pending_change_per_claim",
                violation_error_message="This claim already has a pending status change.",
            ),
            *limits.length_checks(
                "statuschange",
                {
                    "rationale": limits.RATIONALE,
                    "decision_note": limits.DECISION_NOTE,
                    "primary_record": limits.PRIMARY_RECORD,
                },
            ),
        ]
        indexes = [
            models.Index(fields=["state", "requested_at"], name="statuschange_queue"),
            models.Index(fields=["claim", "requested_at"], name="statuschange_history"),
            models.Index(fields=["state", "-decided_at"], name="statuschange_recent"),
        ]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()} ({self.state})"

    def save(self, *args, **kwargs):
        # Decided rows are history. The database refuses it too (a trigger on PostgreSQL).
        self._refuse_if_decided()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_decided()
        return super().delete(*args, **kwargs)

    def _refuse_if_decided(self):
        # Ask the stored row, not this instance: a copy loaded before the decision was made
        # elsewhere still says "pending" and would overwrite it.
        if self.pk is not None and StatusChange.objects.filter(pk=self.pk).decided().exists():
            raise ValidationError(AUDIT_TRAIL_MESSAGE)
