"""A published story as the reader's pages need it, gathered in a fixed number of queries.

`Story` reads the claims in the story (their words, status and version) in one query and
what happened to them since (`history`) in another, whatever the size of the story; what
only a claim's details show is read in a third, for the claims whose details are not kept
already (`details`). Claims proposed for a published story and not yet approved are not
read. The rows stay plain data rather than model instances: building hundreds of model
instances would take longer than the rest of the page.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.utils import timezone

from claims import independence
from claims.models import Claim

from . import details, history
from .dates import short_date
from .details import StoryChanged
from .prepared import Prepared


@dataclass
class ReaderClaim:
    # What every page of the story reads of every claim (`_LIGHT_COLUMNS`)…
    pk: int
    statement: str
    quote: str
    quote_prefix: str
    quote_suffix: str
    status: Claim.Status
    recheck_by: datetime.datetime | None
    content_version: object
    revision: int
    # …and what only its details are made of, for the claims whose part of the page is not
    # kept already (`Story.read_details`).
    public_note: str = ""
    created_at: datetime.datetime | None = None
    no_named_source: bool = False
    assessment_by: str | None = None
    assessment_confidence: str = ""
    assessment_date: datetime.date | None = None
    citations: tuple = ()
    has_details: bool = False
    approved_changes: list = field(default_factory=list)
    corrections: list = field(default_factory=list)
    # Set by Story: the primary-record note of the approval that verified it, whether its
    # re-check moment had passed when the page was made, and how its moments are dated.
    primary_record: str = ""
    recheck_passed: bool = False
    when: object = None

    def give(self, details):
        """Its details, as `details.give` reads them: the columns after the pk and
        version in `_DETAIL_COLUMNS`, then its citations."""
        (
            self.public_note,
            self.created_at,
            self.no_named_source,
            self.assessment_by,
            self.assessment_confidence,
            self.assessment_date,
            self.citations,
        ) = details
        self.has_details = True

    @property
    def history_key(self):
        """What its history is made of (approved changes and corrections are never
        changed once approved): part of the key its item is kept under (reader.html)."""
        return (
            tuple(change.pk for change in self.approved_changes),
            tuple(fix.pk for fix in self.corrections),
        )

    @cached_property
    def history(self):
        """Its history in sentences, oldest first."""
        when = self.when
        return [
            *(
                f"{change.from_status.label} until {when(change.decided_at)}, "
                f"{change.to_status.became} after a review by the desk."
                for change in self.approved_changes
            ),
            *(
                f"{'Added' if fix.kind == 'added' else 'Corrected'} "
                f"{when(fix.decided_at)}: {fix.note}"
                for fix in self.corrections
            ),
        ] or [f"Unconfirmed since {when(self.created_at)}."]

    @property
    def anchor(self):
        return f"claim-{self.pk}"

    @property
    def origins(self):
        return [citation.source for citation in self.citations]

    @property
    def independent_origins(self):
        return independence.independent_origins(self.origins)

    @property
    def assessment(self):
        """{by, confidence, assessed_on} (a name, a Confidence, a date), or None."""
        if self.assessment_by is None:
            return None
        return {
            "by": self.assessment_by,
            "confidence": Claim.Confidence(self.assessment_confidence),
            "assessed_on": self.assessment_date,
        }


_LIGHT_COLUMNS = [
    "pk",
    "statement",
    "quote",
    "quote_prefix",
    "quote_suffix",
    "status",
    "recheck_by",
    "content_version",
    "revision",
]
_STATUSES = {status.value: status for status in Claim.Status}


# Compiled once: setting up a query costs more than PostgreSQL takes to answer it.
_CLAIMS = Prepared(
    lambda article_id: (
        Claim.objects.live()
        .filter(article=article_id)
        .values_list(*_LIGHT_COLUMNS)
        .order_by("position", "pk")
    )
)


def read_story(article, base_url, write):
    """`write(Story(article, base_url))`, read again should a claim leave the story while
    it is read (a few milliseconds; a third time in a row lets the error through)."""
    for _ in range(2):
        try:
            return write(Story(article, base_url))
        except StoryChanged:
            pass
    return write(Story(article, base_url))


class Story:
    """A published article as the reader's pages show it, at the moment `now` (by default
    the present): a claim past its re-check moment reads "as of" it.

    Two queries read every claim's words and status and the story's history; what a claim's
    details are made of is given by `read_details` to the claims whose part of the page is
    not kept."""

    def __init__(self, article, base_url, now=None):
        self.article = article
        self.base_url = base_url
        self.url = base_url + article.get_absolute_url()
        self.now = now or timezone.now()
        self.claims = [ReaderClaim(*row) for row in _CLAIMS.rows(article.pk)]
        changes, self.corrections = history.load(article, self.claims)
        by_pk = {claim.pk: claim for claim in self.claims}
        for correction in self.corrections:
            if correction.claim_id in by_pk:
                by_pk[correction.claim_id].corrections.append(correction)
        when = _Dating(article)
        for claim in self.claims:
            claim.status = _STATUSES[claim.status]
            claim.approved_changes = changes[claim.pk]
            claim.recheck_passed = claim.recheck_by is not None and claim.recheck_by <= self.now
            if claim.status == Claim.Status.VERIFIED and claim.approved_changes:
                # The approval that made it verified: the latest (DESIGN.md rule 1).
                claim.primary_record = claim.approved_changes[-1].primary_record
            claim.when = when

    def read_details(self, claims=None):
        """Give `claims` (by default every claim) their details (`details.give`)."""
        details.give(self.article, self.claims if claims is None else claims)

    def affiliation_names(self):
        """{pk: name} of the sources the cited ones are affiliated with (claims.json)."""
        self.read_details()
        return details.affiliation_names(self.claims)

    @property
    def groups(self):
        """Claims by status, in reading order: what we know first."""
        return [
            (status, [c for c in self.claims if c.status == status])
            for status in sorted(Claim.Status, key=lambda s: s.rank)
            if any(c.status == status for c in self.claims)
        ]

    @property
    def counts(self):
        counts = {}
        for claim in self.claims:
            counts[claim.status] = counts.get(claim.status, 0) + 1
        return counts

    @cached_property
    def updates(self):
        """Status changes and corrections approved after publication, newest first."""
        published_at = self.article.published_at
        by_pk = {claim.pk: claim for claim in self.claims}
        updates = [
            history.Update.of_change(change, claim)
            for claim in self.claims
            for change in claim.approved_changes
            if change.decided_at > published_at
        ]
        updates += [
            history.Update.of_correction(fix, by_pk.get(fix.claim_id))
            for fix in self.corrections
            if fix.kind == "story" or fix.claim_id in by_pk
        ]
        return sorted(updates, key=lambda update: update.moment, reverse=True)

    def claim_url(self, claim):
        return f"{self.url}#{claim.anchor}"

    @property
    def recheck_window(self):
        """(turned, stale): the latest re-check moment already passed when the page was
        made (the page last changed with the clock then), and the next one to come (the
        page changes then, with no change in the database). Either may be None."""
        moments = [claim.recheck_by for claim in self.claims if claim.recheck_by is not None]
        passed = [moment for moment in moments if moment <= self.now]
        coming = [moment for moment in moments if moment > self.now]
        return max(passed, default=None), min(coming, default=None)


class _Dating:
    """“2 Sept 14:10” in the site's time zone (looked up once: a story of 60 claims dates a
    hundred moments), with the year only when it is not the year of publication."""

    def __init__(self, article):
        self.zone = timezone.get_current_timezone()
        self.year = article.published_at.astimezone(self.zone).year

    def __call__(self, moment):
        local = moment.astimezone(self.zone)
        return short_date(local, time=True, year=local.year != self.year)
