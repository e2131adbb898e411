"""What only a claim's details show on the reader's pages: its note, its assessment, its
citations and their sources (a row per citation), read for the claims whose details are not
kept already under their `content_version` (`fragments.details`): on a story's first page
all of them; after a claim's words or sources changed, that claim's; after the usual
change, one claim's status, none. `loader.Story` reads the rest of the story.
"""

import datetime
from dataclasses import dataclass
from typing import NamedTuple

from claims.models import Citation, Claim, Source

from . import fragments
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
# Where a citation's origin and relay sit in its part of a row.
_ORIGIN = slice(5, 5 + len(_SOURCE_COLUMNS))
_RELAY = slice(_ORIGIN.stop, _ORIGIN.stop + len(_SOURCE_COLUMNS))


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


def give(article, claims):
    """Give `claims` (`loader.ReaderClaim`s of `article`) their details: those kept under the
    claim's `content_version` (fragments.details), which an approved status change
    leaves as it was, and the others read in one query, a row per citation; the
    story's, unless a single claim is wanted (a query compiled for any set of claims
    would cost more than reading them all).

    Each query reads what has committed when it runs: details read after the claim
    changed again are kept under the version read with them, and a claim gone from the
    story since its first query raises `StoryChanged`."""
    wanted = {c.pk: c for c in claims if not c.has_details}
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
        rows = _DETAILS.rows(article.pk)
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


def affiliation_names(claims):
    """{pk: name} of the sources the ones `claims` cite are affiliated with (claims.json)."""
    pks = {
        source.affiliation_id
        for claim in claims
        for citation in claim.citations
        for source in (citation.source, citation.via)
        if source is not None and source.affiliation_id is not None
    }
    return dict(Source.objects.filter(pk__in=pks).values_list("pk", "name")) if pks else {}
