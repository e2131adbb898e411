"""A published story as the reader's pages need it, gathered in a fixed number of queries.

`Story` reads the claims in the story (their words, status and version) in one query and
what happened to them since (`history`) in another, whatever the size of the story. What
only a claim's details show (its note, assessment, citations and their sources, a row per
citation) is read in a third, for the claims whose details are not kept already under
their version (`reader.fragments`): on a story's first page all of them; after a claim's
words or sources changed, that claim's; after the usual change, one claim's status, none.
Claims proposed for a published story and not yet approved are not read. The rows stay
plain data rather than model instances: building hundreds of model instances would take
longer than the rest of the page.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from django.utils import timezone

from claims import independence
from claims.models import Citation, Claim, Source

from . import fragments, history
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
    # Who it is affiliated with: only claims.json names them (`affiliation_names`), so the
    # page's queries spare the two joins that would read the names.
    affiliation_id: int | None

    @property
    def independence_key(self):
        """As `Source.independence_key` (claims.independence)."""
        return self.affiliation_root or self.pk

    def document(self, affiliation_names):
        return {
            "name": self.name,
            "kind": self.kind,
            "description": self.description,
            "url": self.url,
            "affiliation": affiliation_names.get(self.affiliation_id),
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
    # What every page of the story reads of every claim (`_LIGHT_COLUMNS`)…
    pk: int
    statement: str
    quote: str
    quote_prefix: str
    quote_suffix: str
    status: Claim.Status
    recheck_by: datetime.datetime | None
    content_version: object
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
        """Its details, as `Story.read_details` reads them: the columns after the pk and
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
]
_DETAIL_COLUMNS = [
    "pk",
    "content_version",
    "public_note",
    "created_at",
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
    "affiliation",
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


# Compiled once: setting up a query costs more than PostgreSQL takes to answer it.
_CLAIMS = Prepared(
    lambda article_id: (
        Claim.objects.live()
        .filter(article=article_id)
        .values_list(*_LIGHT_COLUMNS)
        .order_by("position", "pk")
    )
)
# A row per citation, ordered by claim: the story's, or one claim's (after the usual change).
_DETAILS = Prepared(
    lambda article_id: (
        Claim.objects.live()
        .filter(article=article_id)
        .values_list(*_DETAIL_COLUMNS, *_CITATION_COLUMNS)
        .order_by("pk", "citations__pk")
    )
)
_ONE_CLAIMS_DETAILS = Prepared(
    lambda pk: (
        Claim.objects.live()
        .filter(pk=pk)
        .values_list(*_DETAIL_COLUMNS, *_CITATION_COLUMNS)
        .order_by("citations__pk")
    )
)


class StoryChanged(Exception):
    """A claim left the story between its queries: read it again (`read_story`)."""


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
        changes, self.corrections = history.load(article)
        by_pk = {claim.pk: claim for claim in self.claims}
        for correction in self.corrections:
            if correction.claim_id in by_pk:
                by_pk[correction.claim_id].corrections.append(correction)
        when = _Dating(article)
        for claim in self.claims:
            claim.status = _STATUSES[claim.status]
            claim.approved_changes = changes.get(claim.pk, [])
            claim.recheck_passed = claim.recheck_by is not None and claim.recheck_by <= self.now
            if claim.status == Claim.Status.VERIFIED and claim.approved_changes:
                # The approval that made it verified: the latest (DESIGN.md rule 1).
                claim.primary_record = claim.approved_changes[-1].primary_record
            claim.when = when

    def read_details(self, claims=None):
        """Give `claims` (by default every claim) their details: those kept under the
        claim's `content_version` (fragments.details), which an approved status change
        leaves as it was, and the others read in one query, a row per citation; the
        story's, unless a single claim is wanted (a query compiled for any set of claims
        would cost more than reading them all).

        Each query reads what has committed when it runs: details read after the claim
        changed again are kept under the version read with them, and a claim gone from the
        story since its first query raises `StoryChanged`."""
        wanted = {c.pk: c for c in (self.claims if claims is None else claims) if not c.has_details}
        kept = fragments.details.kept((pk, c.content_version) for pk, c in wanted.items())
        for pk, claim in list(wanted.items()):
            details = kept.get((pk, claim.content_version))
            if details is not None:
                claim.give(details)
                del wanted[pk]
        if not wanted:
            return
        if len(wanted) == 1:
            rows = _ONE_CLAIMS_DETAILS.rows(next(iter(wanted)))
        else:
            rows = _DETAILS.rows(self.article.pk)
        sources, width, read = {}, len(_DETAIL_COLUMNS), {}

        def source(columns):
            # A few sources serve many citations: one object each.
            if columns not in sources:
                sources[columns] = ReaderSource(*columns)
            return sources[columns]

        for row in rows:
            if row[0] not in wanted:
                continue  # another claim of the story, or one whose details were kept
            citations = read.setdefault(row[0], (row[1], row[2:width], []))[2]
            cited = row[width:]
            if cited[0] is None:  # a claim without citations: one row, all NULL
                continue
            via = source(cited[_RELAY]) if cited[_RELAY.start] is not None else None
            citations.append(
                ReaderCitation(source(cited[_ORIGIN]), via, cited[1], cited[2], cited[3], cited[4])
            )
        if read.keys() != wanted.keys():
            raise StoryChanged
        for pk, (version, columns, citations) in read.items():
            details = (*columns, tuple(citations))
            wanted[pk].give(fragments.details.get((pk, version), lambda d=details: d))

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

    def affiliation_names(self):
        """{pk: name} of the sources the cited ones are affiliated with (claims.json)."""
        self.read_details()
        pks = {
            source.affiliation_id
            for claim in self.claims
            for citation in claim.citations
            for source in (citation.source, citation.via)
            if source is not None and source.affiliation_id is not None
        }
        return dict(Source.objects.filter(pk__in=pks).values_list("pk", "name")) if pks else {}

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
