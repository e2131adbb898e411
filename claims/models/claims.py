"""Claims, their statuses and their citations."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.utils import timezone

from .. import limits
from ..roles import is_desk_member
from .revisions import ClaimRevision
from .sources import Source


class ClaimStatus(models.TextChoices):
    """A claim's status, and every way the product words it: the badge, the story page's
    sentences, the workflow's messages all read it from here."""

    VERIFIED = "verified", "Verified"
    UNCONFIRMED = "unconfirmed", "Unconfirmed"
    INTELLIGENCE_ESTIMATE = "intelligence_estimate", "Intelligence estimate"

    @property
    def rank(self):
        """Reading order on the story page: what we know first."""
        return list(ClaimStatus).index(self)

    @property
    def plural(self):
        """“3 intelligence estimates”."""
        return _WORDING[self][0]

    @property
    def is_now(self):
        """“the claim … is now an intelligence estimate”."""
        return _WORDING[self][1]

    @property
    def became(self):
        """“… marked an intelligence estimate after a review by the desk”."""
        return _WORDING[self][2]

    @property
    def explanation(self):
        return _WORDING[self][3]

    def counted(self, n):
        """“1 verified”, “2 intelligence estimates”."""
        return f"{n} {self.label.lower() if n == 1 else self.plural}"


# plural, is now, became, explanation
_WORDING = {
    ClaimStatus.VERIFIED: (
        "verified",
        "verified",
        "verified",
        "We confirmed this from independent sources or the record itself.",
    ),
    ClaimStatus.UNCONFIRMED: (
        "unconfirmed",
        "unconfirmed",
        "marked unconfirmed",
        "Reported, but we have not been able to confirm it.",
    ),
    ClaimStatus.INTELLIGENCE_ESTIMATE: (
        "intelligence estimates",
        "an intelligence estimate",
        "marked an intelligence estimate",
        "An intelligence service's assessment; nobody outside it has verified it.",
    ),
}


class Confidence(models.TextChoices):
    """An intelligence assessment's confidence, as the body that made it stated it."""

    HIGH = "high", "High"
    MODERATE = "moderate", "Moderate"
    LOW = "low", "Low"
    NOT_STATED = "not_stated", "Not stated"

    @property
    def phrase(self):
        """“high confidence”, “confidence not stated”."""
        if self == Confidence.NOT_STATED:
            return "confidence not stated"
        return f"{self.label.lower()} confidence"


class ClaimPresence(models.TextChoices):
    """Whether a claim is part of its story. A claim logged on a published story is only
    proposed until an editor approves it (DESIGN.md rule 9); readers never see it before."""

    LIVE = "live", "In the story"
    PROPOSED = "proposed", "Proposed for the published story"
    DROPPED = "dropped", "Not added to the story"


class ClaimQuerySet(models.QuerySet):
    def live(self):
        """The claims readers see and the publication gate checks."""
        return self.filter(presence=ClaimPresence.LIVE)

    def current(self):
        """The claims the desk works on: in the story, or waiting to be added."""
        return self.exclude(presence=ClaimPresence.DROPPED)

    def lock_for_change(self, pk):
        """Lock the claim's story, then the claim, and return the claim as it is now, with
        its story (locked too) as `claim.article`.

        The lock order of every change: the story first, then the claim, then the request
        or revision. Publishing takes the story's lock, so a change to a claim lands either
        before the publication gate reads the claims or after publication.
        """
        article_id = self.filter(pk=pk).values_list("article_id", flat=True).get()
        stories = self.model._meta.get_field("article").related_model.objects
        article = stories.select_for_update().get(pk=article_id)
        claim = self.select_for_update().get(pk=pk)
        claim.article = article
        return claim

    def due_for_recheck(self, now):
        """Live claims of published stories whose re-check moment has passed: the desk
        lists them until someone re-checks them (a new date, or none)."""
        return (
            self.live()
            .filter(recheck_by__lte=now, article__status="published")
            .select_related("article")
            .order_by("recheck_by", "pk")
        )

    def editable_by(self, user):
        """Claims a member of the desk may open and change: all of them (see roles)."""
        return self.all() if is_desk_member(user) else self.none()

    def with_details(self):
        """Each claim with its citations' sources and every status change with its people:
        what a claim's card shows, in a fixed number of queries however many claims."""
        # StatusChange builds on this module, so it is reached through the relation.
        changes = self.model._meta.get_field("status_changes").related_model.objects
        return self.select_related("assessment_by").prefetch_related(
            Prefetch("citations", queryset=Citation.objects.select_related("source", "via")),
            Prefetch(
                "status_changes", queryset=changes.select_related("requested_by", "decided_by")
            ),
            Prefetch(
                "revisions",
                queryset=ClaimRevision.objects.pending().select_related("author"),
                to_attr="pending_revisions",
            ),
        )

    def matching(self, *, words="", status="", source="", article=None):
        """Claims whose statement or quote holds every word, with the status, a source whose
        name (origin or via) contains `source`, in `article`; newest first, each once."""
        claims = self
        for word in words.split():
            claims = claims.filter(Q(statement__icontains=word) | Q(quote__icontains=word))
        if status:
            claims = claims.filter(status=status)
        if source.strip():
            name = source.strip()
            claims = claims.filter(
                Q(citations__source__name__icontains=name) | Q(citations__via__name__icontains=name)
            )
        if article is not None:
            claims = claims.filter(article=article)
        # Joins through citations repeat a claim once per matching citation; the subquery
        # keeps each claim once and lets the page be ordered and counted simply.
        return (
            Claim.objects.filter(pk__in=claims.values("pk"))
            .select_related("article")
            .prefetch_related(
                Prefetch("citations", queryset=Citation.objects.select_related("source", "via"))
            )
            .order_by("-updated_at", "-pk")
        )


# What an approved status change saves: the status is read with every page, and the change
# itself goes into the claim's history, so neither renews `content_version`.
_STATUS_FIELDS = {"status", "updated_at"}


class Claim(models.Model):
    Status = ClaimStatus
    Presence = ClaimPresence
    Confidence = Confidence

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="claims")
    statement = models.TextField(max_length=limits.STATEMENT, help_text="The claim in plain words.")
    # W3C Web Annotation TextQuoteSelector: the exact words of the body, with optional
    # words just before/after to pick one occurrence when the words repeat.
    quote = models.TextField(
        max_length=limits.QUOTE, help_text="The exact words of the story this claim is about."
    )
    quote_prefix = models.CharField(max_length=limits.QUOTE_CONTEXT, blank=True)
    quote_suffix = models.CharField(max_length=limits.QUOTE_CONTEXT, blank=True)
    # Not editable: only the workflow changes it, by approving a StatusChange (rule 1).
    status = models.CharField(
        max_length=30, choices=Status, default=Status.UNCONFIRMED, editable=False
    )
    public_note = models.TextField(
        max_length=limits.PUBLIC_NOTE, blank=True, help_text="Shown to readers with the badge."
    )
    presence = models.CharField(
        max_length=10, choices=Presence, default=Presence.LIVE, editable=False
    )
    # Counts every change to the claim as the desk works on it (an edit, a proposal, a
    # decision): a form or a decision made from an older count was made on what is no
    # longer there, and is refused (DESIGN.md rule 10).
    revision = models.PositiveIntegerField(default=1, editable=False)
    # Renewed by every change to what a reader is shown of the claim but its status and
    # history: its own columns (on save), its citations and the sources they name (the
    # receivers in articles.story_cache). The reader's page keeps the claim's details
    # under it (articles.reader.fragments), so it never reads a claim that did not change.
    content_version = models.UUIDField(default=uuid.uuid4, editable=False)
    # The assessment of an intelligence estimate: which intelligence service among its
    # origins made it, with what confidence and when. Part of the claim's content
    # (claims.content), so it is reviewed like its words; the rules ask for it (rules.py).
    assessment_by = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="assessments"
    )
    assessment_confidence = models.CharField(max_length=20, choices=Confidence, blank=True)
    assessment_date = models.DateField(null=True, blank=True)
    # After this moment the claim may be out of date: the desk lists it as due, and readers
    # read it "as of" this moment until someone re-checks it.
    recheck_by = models.DateTimeField(null=True, blank=True)
    # The story states it without naming who said it: recorded, rather than left uncited
    # by mistake. Such a claim has no origin, so it can only be unconfirmed (rules.py).
    no_named_source = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claims_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values),
                name="claim_status_valid",
            ),
            models.CheckConstraint(condition=~Q(statement=""), name="claim_statement_not_empty"),
            models.CheckConstraint(condition=~Q(quote=""), name="claim_quote_not_empty"),
            models.CheckConstraint(
                condition=Q(presence__in=ClaimPresence.values), name="claim_presence_valid"
            ),
            models.CheckConstraint(
                condition=Q(
                    assessment_by__isnull=True,
                    assessment_confidence="",
                    assessment_date__isnull=True,
                )
                | Q(
                    assessment_by__isnull=False,
                    assessment_confidence__in=Confidence.values,
                    assessment_date__isnull=False,
                ),
                name="claim_assessment_complete",
            ),
            *limits.length_checks(
                "claim",
                {
                    "statement": limits.STATEMENT,
                    "quote": limits.QUOTE,
                    "quote_prefix": limits.QUOTE_CONTEXT,
                    "quote_suffix": limits.QUOTE_CONTEXT,
                    "public_note": limits.PUBLIC_NOTE,
                },
            ),
        ]
        indexes = [models.Index(fields=["article", "position"], name="claim_article_position")]

    def __str__(self):
        return self.statement[:80]

    def save(self, *args, **kwargs):
        _refuse_reparenting(
            self, "article", kwargs, "A claim stays with the story it was logged in."
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is None or not set(update_fields) <= _STATUS_FIELDS:
            self.content_version = uuid.uuid4()
            if update_fields:
                kwargs["update_fields"] = {*update_fields, "content_version"}
        super().save(*args, **kwargs)

    @property
    def status_choice(self):
        return ClaimStatus(self.status)

    @property
    def is_live(self):
        return self.presence == ClaimPresence.LIVE

    @property
    def label(self):
        """“…”: the claim as a message names it."""
        return f"“{self.statement[:80]}”"

    @property
    def primary_record(self):
        """The primary-record note of a verified claim: written by the editor who approved
        it as verified on one origin, kept on that approval (the latest approved status
        change). Reads `status_changes.all()`, so a caller listing claims prefetches it."""
        if self.status != ClaimStatus.VERIFIED:
            return ""
        approved = [c for c in self.status_changes.all() if c.state == "approved"]
        latest = max(approved, key=lambda c: (c.decided_at, c.pk), default=None)
        return latest.primary_record if latest else ""

    @property
    def recheck_due(self):
        return self.recheck_by is not None and self.recheck_by <= timezone.now()


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
        max_length=limits.CITATION_DETAIL,
        blank=True,
        help_text="“closed-door briefing to lawmakers”",
    )
    url = models.URLField(max_length=limits.URL, blank=True)
    quoted_text = models.TextField(max_length=limits.QUOTED_TEXT, blank=True)
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
            *limits.length_checks(
                "citation",
                {
                    "detail": limits.CITATION_DETAIL,
                    "url": limits.URL,
                    "quoted_text": limits.QUOTED_TEXT,
                },
            ),
        ]

    def __str__(self):
        return self.attribution

    def save(self, *args, **kwargs):
        _refuse_reparenting(
            self, "claim", kwargs, "A citation stays with the claim it was added to."
        )
        super().save(*args, **kwargs)

    @property
    def attribution(self):
        """“Yuri Ushakov, Kremlin aide — via TASS”."""
        origin = self.source.name
        if self.source.description:
            origin = f"{origin}, {self.source.description}"
        return f"{origin} — via {self.via.name}" if self.via_id else origin


def _refuse_reparenting(instance, parent, save_kwargs, message):
    """A row's parent is fixed at creation (on PostgreSQL a trigger holds it too): moving a
    claim to another story would leave the old story's readers with a badge nobody
    reviewed there."""
    update_fields = save_kwargs.get("update_fields")
    if instance.pk is None or (update_fields is not None and parent not in update_fields):
        return
    column = f"{parent}_id"
    stored = type(instance).objects.filter(pk=instance.pk).values_list(column, flat=True).first()
    if stored is not None and stored != getattr(instance, column):
        raise ValidationError(message)
