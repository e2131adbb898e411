"""A published story as the reader's pages need it, gathered in a fixed number of queries.

`Story` reads the claims in the story with their citations, sources and the names of the
sources' affiliations in one query (a row per citation) and what happened to them since
(`history`) in another, whatever the size of the story. Claims proposed for a published
story and not yet approved are not read. The rows stay plain data rather than model
instances: a cold story page must render in a few milliseconds even at 60 claims × 4
citations (bench/ holds it to that), and building hundreds of model instances would take
longer than the rest of the page.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from django.utils import timezone

from claims import independence
from claims.models import Citation, Claim

from . import history
from .dates import short_date
from .prepared import Prepared


@dataclass(frozen=True, slots=True)
class ReaderSource:
    name: str
    description: str
    kind: str
    url: str
    pk: int
    affiliation_root: int | None
    affiliation: str | None  # the name of who it is affiliated with

    @property
    def independence_key(self):
        """As `Source.independence_key` (claims.independence)."""
        return self.affiliation_root or self.pk

    @property
    def document(self):
        return {
            "name": self.name,
            "kind": self.kind,
            "description": self.description,
            "url": self.url,
            "affiliation": self.affiliation,
        }


class ReaderCitation(NamedTuple):
    # A tuple: a story of 60 claims has hundreds of citations, and a tuple is the quickest
    # object to make.
    source: ReaderSource
    via: ReaderSource | None
    detail: str
    url: str
    quoted_text: str
    date: datetime.date | None

    @property
    def via_id(self):
        return self.via is not None

    @property
    def attribution(self):
        # The model's own wording of the chain, so it reads the same everywhere.
        return Citation.attribution.fget(self)

    @property
    def safe_url(self):
        # Only web links: an address typed past the form's checks must not become a
        # javascript: link on the page.
        return self.url if self.url.startswith(("https://", "http://")) else ""


@dataclass
class ReaderClaim:
    pk: int
    statement: str
    quote: str
    quote_prefix: str
    quote_suffix: str
    status: Claim.Status
    public_note: str
    created_at: datetime.datetime
    recheck_by: datetime.datetime | None
    no_named_source: bool
    assessment_by: str | None
    assessment_confidence: str
    assessment_date: datetime.date | None
    citations: list = field(default_factory=list)
    approved_changes: list = field(default_factory=list)
    corrections: list = field(default_factory=list)
    # Everything the claims query read of it, its citations' columns included: what its
    # details on the page are made of, besides its history and what Story sets below (see
    # reader.fragments).
    content: tuple = ()
    # Set by Story: the primary-record note of the approval that verified it, whether its
    # re-check moment had passed when the page was made, and how its moments are dated.
    primary_record: str = ""
    recheck_passed: bool = False
    when: object = None

    @property
    def history_key(self):
        """What its history is written from, for reader.fragments: written only for an item
        not already kept, as dating a moment costs more than comparing it."""
        return (
            tuple((c.from_status, c.to_status, c.decided_at) for c in self.approved_changes),
            tuple((c.kind, c.decided_at, c.note) for c in self.corrections),
            self.when.year,
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


_CLAIM_COLUMNS = [
    "pk",
    "statement",
    "quote",
    "quote_prefix",
    "quote_suffix",
    "status",
    "public_note",
    "created_at",
    "recheck_by",
    "no_named_source",
    "assessment_by__name",
    "assessment_confidence",
    "assessment_date",
]
_SOURCE_COLUMNS = [
    "name",
    "description",
    "kind",
    "url",
    "pk",
    "affiliation_root",
    "affiliation__name",
]
_CITATION_COLUMNS = [
    "citations__pk",
    "citations__detail",
    "citations__url",
    "citations__quoted_text",
    "citations__date",
    *(f"citations__source__{column}" for column in _SOURCE_COLUMNS),
    *(f"citations__via__{column}" for column in _SOURCE_COLUMNS),
]
_STATUSES = {status.value: status for status in Claim.Status}
# Where a citation's origin and relay sit in its part of a row.
_ORIGIN = slice(5, 5 + len(_SOURCE_COLUMNS))
_RELAY = slice(_ORIGIN.stop, _ORIGIN.stop + len(_SOURCE_COLUMNS))


# Compiled once: setting up the joins of 32 columns costs more than the query takes.
_CLAIM_ROWS = Prepared(
    lambda article_id: (
        Claim.objects.live()
        .filter(article=article_id)
        .values_list(*_CLAIM_COLUMNS, *_CITATION_COLUMNS)
        .order_by("position", "pk", "citations__pk")
    )
)


def _load_claims(article):
    """The story's claims in reading order, each with its citations: one query."""
    claims, sources, cited_rows = {}, {}, {}
    width = len(_CLAIM_COLUMNS)

    def source(columns):
        # A few sources serve many citations: one object each.
        if columns not in sources:
            sources[columns] = ReaderSource(*columns)
        return sources[columns]

    for row in _CLAIM_ROWS.rows(article.pk):
        pk = row[0]
        claim = claims.get(pk)
        if claim is None:
            claim = claims[pk] = ReaderClaim(*row[:width])
            claim.status = _STATUSES[claim.status]
            cited_rows[pk] = [row[:width]]
        cited = row[width:]
        if cited[0] is None:  # a claim without citations: one row, all NULL
            continue
        cited_rows[pk].append(cited[1:])
        via = source(cited[_RELAY]) if cited[_RELAY.start] is not None else None
        claim.citations.append(
            ReaderCitation(source(cited[_ORIGIN]), via, cited[1], cited[2], cited[3], cited[4])
        )
    for pk, claim in claims.items():
        claim.content = tuple(cited_rows[pk])
    return list(claims.values())


class Story:
    """A published article as the reader's pages show it, at the moment `now` (by default
    the present): a claim past its re-check moment reads "as of" it."""

    def __init__(self, article, base_url, now=None):
        self.article = article
        self.base_url = base_url
        self.url = base_url + article.get_absolute_url()
        self.now = now or timezone.now()
        self.claims = _load_claims(article)
        changes, self.corrections = history.load(article)
        by_pk = {claim.pk: claim for claim in self.claims}
        for correction in self.corrections:
            if correction.claim_id in by_pk:
                by_pk[correction.claim_id].corrections.append(correction)
        when = _Dating(article)
        for claim in self.claims:
            claim.approved_changes = changes.get(claim.pk, [])
            claim.recheck_passed = claim.recheck_by is not None and claim.recheck_by <= self.now
            if claim.status == Claim.Status.VERIFIED and claim.approved_changes:
                # The approval that made it verified: the latest (DESIGN.md rule 1).
                claim.primary_record = claim.approved_changes[-1].primary_record
            claim.when = when

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
