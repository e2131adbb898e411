from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower


class SourceKind(models.TextChoices):
    STATE_MEDIA = "state_media", "State media"
    GOVERNMENT = "government", "Government"
    INTELLIGENCE_SERVICE = "intelligence_service", "Intelligence service"
    OFFICIAL_SPOKESPERSON = "official_spokesperson", "Official spokesperson"
    WIRE_AGENCY = "wire_agency", "Wire agency"
    NEWS_OUTLET = "news_outlet", "News outlet"
    DOCUMENT = "document", "Document"
    EXPERT = "expert", "Expert"
    OTHER = "other", "Other"


class Source(models.Model):
    """A registry entry reused by many claims: KCNA is one Source, cited again and again."""

    Kind = SourceKind

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind, default=Kind.OTHER)
    url = models.URLField(blank=True)
    description = models.TextField(
        blank=True, help_text="Who this is, as a reader should know it: “Kremlin aide”."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="source_name_unique_ci",
                violation_error_message="A source with this name already exists.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
        ]

    def __str__(self):
        return self.name


class ClaimStatus(models.TextChoices):
    VERIFIED = "verified", "Verified"
    UNCONFIRMED = "unconfirmed", "Unconfirmed"
    INTELLIGENCE_ESTIMATE = "intelligence_estimate", "Intelligence estimate"

    @property
    def rank(self):
        """Reading order on the story page: what we know first."""
        return list(ClaimStatus).index(self)

    @property
    def explanation(self):
        return {
            "verified": "We confirmed this from independent sources or the record itself.",
            "unconfirmed": "Reported, but we have not been able to confirm it.",
            "intelligence_estimate": (
                "An intelligence service's assessment; nobody outside it has verified it."
            ),
        }[self.value]


class Claim(models.Model):
    Status = ClaimStatus

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="claims")
    statement = models.TextField(help_text="The claim in plain words.")
    # W3C Web Annotation TextQuoteSelector: the exact words of the body, with optional
    # words just before/after to pick one occurrence when the words repeat.
    quote = models.TextField(help_text="The exact words of the story this claim is about.")
    quote_prefix = models.CharField(max_length=200, blank=True)
    quote_suffix = models.CharField(max_length=200, blank=True)
    # Not editable: only the workflow changes it, by approving a StatusChange (rule 1).
    status = models.CharField(
        max_length=30, choices=Status, default=Status.UNCONFIRMED, editable=False
    )
    public_note = models.TextField(blank=True, help_text="Shown to readers with the badge.")
    position = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claims_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values),
                name="claim_status_valid",
            ),
            models.CheckConstraint(condition=~Q(statement=""), name="claim_statement_not_empty"),
            models.CheckConstraint(condition=~Q(quote=""), name="claim_quote_not_empty"),
        ]
        indexes = [models.Index(fields=["article", "position"], name="claim_article_position")]

    def __str__(self):
        return self.statement[:80]


class Citation(models.Model):
    """One claim's debt to one source, with the attribution chain kept apart.

    `source` is the origin (who first said it: the NIS); `via` is who relayed it (lawmaker
    Lee Seong Kweun). Two citations are independent only when their origins differ.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    via = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="relayed_citations",
        help_text="Who relayed it, when the origin did not tell us directly.",
    )
    detail = models.CharField(
        max_length=300, blank=True, help_text="“closed-door briefing to lawmakers”"
    )
    url = models.URLField(blank=True)
    quoted_text = models.TextField(blank=True)
    date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(via__isnull=True) | ~Q(via=F("source")),
                name="citation_via_differs_from_source",
                violation_error_message="A source cannot relay itself.",
            ),
        ]

    def __str__(self):
        return self.attribution

    @property
    def attribution(self):
        """“Yuri Ushakov, Kremlin aide — via TASS”."""
        origin = self.source.name
        if self.source.description:
            origin = f"{origin}, {self.source.description}"
        return f"{origin} — via {self.via.name}" if self.via_id else origin


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
    rationale = models.TextField()
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
    decision_note = models.TextField(blank=True)

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
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(state=StatusChangeState.PENDING),
                name="one_pending_change_per_claim",
                violation_error_message="This claim already has a pending status change.",
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
