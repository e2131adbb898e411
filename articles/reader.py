"""What a reader sees of a published story, gathered in a fixed number of queries.

`Story` reads the claims with their citations and sources in one query (a row per
citation) and the approved status changes in another, whatever the size of the story.
Everything else (the highlighted body, the grouped list, the updates, the structured data,
claims.json) is computed from those rows.

A cold story page must render in a few milliseconds even at 60 claims × 4 citations (the
benchmark in bench/ holds it to that, and the template engine alone would take longer), so
the rows stay plain data rather than model instances, and the parts repeated per claim (its
details, shown twice: in the list and in its badge's popover) are written here, once, with
every value passed through `html.escape` on the way in.
"""

import datetime
import html
import json
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from claims.models import Citation, Claim, Source, StatusChange

from .highlight import highlight
from .markdown import render_markdown
from .story_cache import modified_at

PUBLISHER = "The Claim Desk"

# “2 Sept”: the newsroom's own short months, as British papers print them.
_MONTHS = ["Jan", "Feb", "March", "April", "May", "June"]
_MONTHS += ["July", "Aug", "Sept", "Oct", "Nov", "Dec"]

# What the claim became, as the end of “… after a review by the desk” / “… is now …”.
_BECAME = {
    Claim.Status.VERIFIED: "verified",
    Claim.Status.UNCONFIRMED: "marked unconfirmed",
    Claim.Status.INTELLIGENCE_ESTIMATE: "marked an intelligence estimate",
}
_IS_NOW = {
    Claim.Status.VERIFIED: "verified",
    Claim.Status.UNCONFIRMED: "unconfirmed",
    Claim.Status.INTELLIGENCE_ESTIMATE: "an intelligence estimate",
}
_COUNTED = {
    Claim.Status.VERIFIED: ("verified", "verified"),
    Claim.Status.UNCONFIRMED: ("unconfirmed", "unconfirmed"),
    Claim.Status.INTELLIGENCE_ESTIMATE: ("intelligence estimate", "intelligence estimates"),
}
# Schema.org types for a source as the author of a claim: people are people.
_PERSON_KINDS = {Source.Kind.OFFICIAL_SPOKESPERSON, Source.Kind.EXPERT}
_SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def reader_date(moment, *, time=False, year=True):
    """“2 Sept 2025”, or with `time` “2 Sept 14:10” (“2 Sept 2025 14:10” with `year`).

    A datetime is shown in the site's time zone; a date (a citation's) as it is.
    """
    local = timezone.localtime(moment) if isinstance(moment, datetime.datetime) else moment
    return _short_date(local, time=time, year=year)


def _short_date(local, *, time, year):
    text = f"{local.day} {_MONTHS[local.month - 1]}"
    if year:
        text += f" {local.year}"
    if time:
        text += f" {local:%H:%M}"
    return text


def claim_counts(counts):
    """“5 verified · 4 unconfirmed · 2 intelligence estimates” from {status: count}."""
    parts = []
    for status in Claim.Status:
        n = counts.get(status, 0)
        if n:
            one, many = _COUNTED[status]
            parts.append(f"{n} {one if n == 1 else many}")
    return " · ".join(parts)


def with_claim_counts(articles):
    """Annotate each article with its claims' counts, in the same query that lists them."""
    return articles.annotate(
        **{
            f"n_{status}": Count("claims", filter=Q(claims__status=status))
            for status in Claim.Status.values
        }
    )


def counts_of(article):
    return claim_counts({s: getattr(article, f"n_{s}", 0) for s in Claim.Status.values})


@dataclass(frozen=True, slots=True)
class ReaderSource:
    name: str
    description: str
    kind: str
    url: str

    @property
    def document(self):
        return {
            "name": self.name,
            "kind": self.kind,
            "description": self.description,
            "url": self.url,
        }


@dataclass(slots=True)
class ReaderCitation:
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


@dataclass(slots=True)
class ReaderChange:
    pk: int
    from_status: str
    to_status: str
    decided_at: datetime.datetime


@dataclass
class ReaderClaim:
    pk: int
    statement: str
    quote: str
    quote_prefix: str
    quote_suffix: str
    status: str
    public_note: str
    created_at: datetime.datetime
    citations: list = field(default_factory=list)
    approved_changes: list = field(default_factory=list)
    history: list = field(default_factory=list)
    badge: str = ""
    details: str = ""

    @property
    def anchor(self):
        return f"claim-{self.pk}"

    @property
    def status_enum(self):
        return Claim.Status(self.status)


@dataclass(frozen=True)
class Update:
    change: ReaderChange
    claim: ReaderClaim

    @property
    def sentence(self):
        return f"the claim “{self.claim.statement}” is now {_IS_NOW[self.change.to_status]}"

    @property
    def was(self):
        return _IS_NOW[self.change.from_status]


_CLAIM_COLUMNS = [
    "pk",
    "statement",
    "quote",
    "quote_prefix",
    "quote_suffix",
    "status",
    "public_note",
    "created_at",
]
_SOURCE_COLUMNS = ["name", "description", "kind", "url"]
_CITATION_COLUMNS = [
    "citations__pk",
    "citations__detail",
    "citations__url",
    "citations__quoted_text",
    "citations__date",
    *(f"citations__source__{column}" for column in _SOURCE_COLUMNS),
    *(f"citations__via__{column}" for column in _SOURCE_COLUMNS),
]


def _load_claims(article):
    """The story's claims in reading order, each with its citations: one query."""
    rows = (
        Claim.objects.filter(article=article)
        .values_list(*_CLAIM_COLUMNS, *_CITATION_COLUMNS)
        .order_by("position", "pk", "citations__pk")
    )
    claims, sources = {}, {}
    width = len(_CLAIM_COLUMNS)

    def source(columns):
        # A few sources serve many citations: one object each.
        if columns not in sources:
            sources[columns] = ReaderSource(*columns)
        return sources[columns]

    for row in rows:
        claim = claims.get(row[0])
        if claim is None:
            claim = claims[row[0]] = ReaderClaim(*row[:width])
        cited = row[width:]
        if cited[0] is None:  # a claim without citations: one row, all NULL
            continue
        claim.citations.append(
            ReaderCitation(
                source=source(cited[5:9]),
                via=source(cited[9:13]) if cited[9] is not None else None,
                detail=cited[1],
                url=cited[2],
                quoted_text=cited[3],
                date=cited[4],
            )
        )
    return list(claims.values())


def _load_approved_changes(article, claims):
    by_claim = {claim.pk: claim for claim in claims}
    changes = (
        StatusChange.objects.approved()
        .filter(claim__article=article)
        .values_list("claim_id", "pk", "from_status", "to_status", "decided_at")
        .order_by("decided_at", "pk")
    )
    for claim_id, *change in changes:
        by_claim[claim_id].approved_changes.append(ReaderChange(*change))


class Story:
    """A published article as the reader's pages show it."""

    def __init__(self, article, base_url):
        self.article = article
        self.base_url = base_url
        self.url = base_url + article.get_absolute_url()
        self.claims = _load_claims(article)
        _load_approved_changes(article, self.claims)
        published_year = timezone.localtime(article.published_at).year
        for claim in self.claims:
            claim.history = [
                self._history_sentence(change, published_year) for change in claim.approved_changes
            ] or [f"Unconfirmed since {self._when(claim.created_at, published_year)}."]

    def _when(self, moment, published_year):
        local = timezone.localtime(moment)
        return _short_date(local, time=True, year=local.year != published_year)

    def _history_sentence(self, change, published_year):
        return (
            f"{Claim.Status(change.from_status).label} until "
            f"{self._when(change.decided_at, published_year)}, "
            f"{_BECAME[change.to_status]} after a review by the desk."
        )

    @cached_property
    def body(self):
        """The body's HTML with quotes marked and badges in place (and which were found)."""
        buttons = self._badges["button"]
        return highlight(
            render_markdown(self.article.body),
            self.claims,
            # Our own id, never user text, goes where the template put the placeholder.
            lambda claim: buttons[claim.status].replace("__claim__", f"{claim.anchor}-about"),
        )

    def prepare_page(self):
        """Write each claim's badge and details, and the repeated parts of the page."""
        badges = self._badges["span"]
        for claim in self.claims:
            claim.badge = badges[claim.status]
            claim.details = _details(claim)
        return self

    @property
    def claim_lists(self):
        """(status, how many, the list items) per status, in reading order."""
        return [
            (
                status,
                len(claims),
                mark_safe(
                    "".join(
                        f'<li class="claim" id="{claim.anchor}">{claim.badge}{claim.details}</li>'
                        for claim in claims
                    )
                ),
            )
            for status, claims in self.groups
        ]

    @property
    def popovers(self):
        """The details each badge in the body opens, as popovers (no JavaScript needed)."""
        return mark_safe(
            "".join(
                f'<div popover id="{claim.anchor}-about" class="claim-popover" role="dialog" '
                f'aria-labelledby="{claim.anchor}-about-title">'
                f'<p class="claim-popover__title" id="{claim.anchor}-about-title">{claim.badge} '
                f"<span>About this claim</span></p>{claim.details}"
                '<button type="button" class="claim-popover__close button button--secondary" '
                f'popovertarget="{claim.anchor}-about" popovertargetaction="hide">Close</button>'
                "</div>"
                for claim in self.quoted_claims
            )
        )

    @property
    def body_html(self):
        return self.body[0]

    @property
    def quoted_claims(self):
        """The claims whose badge stands in the body (their details open from it)."""
        return self.body[1]

    @property
    def groups(self):
        """Claims by status, in reading order: what we know first."""
        return [
            (status, [c for c in self.claims if c.status == status])
            for status in sorted(Claim.Status, key=lambda s: s.rank)
            if any(c.status == status for c in self.claims)
        ]

    @cached_property
    def _badges(self):
        return {"span": _badges(), "button": _badges(popover="__claim__")}

    @property
    def legend(self):
        badges = self._badges["span"]
        return [(badges[status], status.explanation) for status in Claim.Status]

    @property
    def counts(self):
        counts = {}
        for claim in self.claims:
            counts[claim.status] = counts.get(claim.status, 0) + 1
        return claim_counts(counts)

    @cached_property
    def updates(self):
        """Status changes approved after publication, newest first: the corrections log."""
        published_at = self.article.published_at
        updates = [
            Update(change, claim)
            for claim in self.claims
            for change in claim.approved_changes
            if change.decided_at > published_at
        ]
        return sorted(updates, key=lambda u: (u.change.decided_at, u.change.pk), reverse=True)

    @property
    def modified_at(self):
        return modified_at(self.article)

    def claim_url(self, claim):
        return f"{self.url}#{claim.anchor}"

    def structured_data(self):
        """schema.org NewsArticle plus a ClaimReview per claim with an attributed origin."""
        article = self.article
        publisher = {"@type": "Organization", "name": PUBLISHER, "url": self.base_url + "/"}
        news = {
            "@type": "NewsArticle",
            "@id": self.url,
            "url": self.url,
            "mainEntityOfPage": self.url,
            "headline": article.title,
            "description": article.standfirst,
            "datePublished": article.published_at.isoformat(),
            "dateModified": self.modified_at.isoformat(),
            "author": (
                {"@type": "Person", "name": article.byline} if article.byline else publisher
            ),
            "publisher": publisher,
        }
        if article.dateline:
            news["dateline"] = article.dateline
        graph = [news]
        for claim in self.claims:
            origins = {c.source.name: c.source for c in claim.citations}
            if not origins:
                continue
            authors = [_author(source) for source in origins.values()]
            reviewed_at = (
                claim.approved_changes[-1].decided_at
                if claim.approved_changes
                else article.published_at
            )
            graph.append(
                {
                    "@type": "ClaimReview",
                    "url": self.claim_url(claim),
                    "claimReviewed": claim.statement,
                    "datePublished": max(reviewed_at, article.published_at).isoformat(),
                    "author": publisher,
                    "itemReviewed": {
                        "@type": "Claim",
                        "author": authors[0] if len(authors) == 1 else authors,
                    },
                    "reviewRating": {
                        "@type": "Rating",
                        "alternateName": claim.status_enum.label,
                    },
                }
            )
        return {"@context": "https://schema.org", "@graph": graph}

    def structured_data_json(self):
        """The JSON-LD, safe inside a <script> element: no `<`, `>` or `&` left in it."""
        return mark_safe(
            json.dumps(self.structured_data(), ensure_ascii=False).translate(_SCRIPT_SAFE)
        )

    def claims_document(self):
        """Everything claims.json says: every claim, status, sources and history."""
        article = self.article
        return {
            "story": {
                "title": article.title,
                "url": self.url,
                "published": article.published_at.isoformat(),
                "modified": self.modified_at.isoformat(),
            },
            "claims": [
                {
                    "id": claim.pk,
                    "url": self.claim_url(claim),
                    "statement": claim.statement,
                    "quote": claim.quote,
                    "status": claim.status,
                    "label": claim.status_enum.label,
                    "public_note": claim.public_note,
                    "sources": [_citation_document(c) for c in claim.citations],
                    "history": [
                        {
                            "from": change.from_status,
                            "to": change.to_status,
                            "at": change.decided_at.isoformat(),
                        }
                        for change in claim.approved_changes
                    ],
                    "history_text": claim.history,
                }
                for claim in self.claims
            ],
        }


def _badges(popover=None):
    """The badge partial once per status (not once per claim); our template's own output."""
    return {
        status: mark_safe(
            render_to_string("claims/_badge.html", {"status": status, "popover": popover}).strip()
        )
        for status in Claim.Status.values
    }


def _source_line(citation):
    e = html.escape
    attribution = e(citation.attribution)
    line = (
        f'<a href="{e(citation.safe_url)}" rel="nofollow noopener noreferrer">{attribution}</a>'
        if citation.safe_url
        else f'<span class="source__name">{attribution}</span>'
    )
    if citation.detail:
        line += f", {e(citation.detail)}"
    if citation.date:
        line += f' <span class="source__date">({reader_date(citation.date)})</span>'
    if citation.quoted_text:
        line += f' <q class="source__quoted">{e(citation.quoted_text)}</q>'
    return f'<li class="source">{line}</li>'


def _details(claim):
    """A claim's statement, sources with their attribution chain, note and history."""
    e = html.escape
    parts = [f'<p class="claim__statement">{e(claim.statement)}</p>']
    if claim.citations:
        label = "Source" if len(claim.citations) == 1 else "Sources"
        lines = "".join(map(_source_line, claim.citations))
        parts.append(f'<p class="claim__label">{label}</p><ul class="sources">{lines}</ul>')
    else:
        parts.append('<p class="claim__label">No source is cited for this claim any more.</p>')
    if claim.public_note:
        parts.append(
            f'<p class="claim__note"><span class="claim__label">Note</span> '
            f"{e(claim.public_note)}</p>"
        )
    parts.append(
        f'<p class="claim__history"><span class="claim__label">History</span> '
        f"{e(' '.join(claim.history))}</p>"
    )
    return mark_safe("".join(parts))


def _author(source):
    kind = "Person" if source.kind in _PERSON_KINDS else "Organization"
    return {"@type": kind, "name": source.name}


def _citation_document(citation):
    return {
        "attribution": citation.attribution,
        "origin": citation.source.document,
        "via": citation.via.document if citation.via else None,
        "detail": citation.detail,
        "url": citation.url,
        "quoted_text": citation.quoted_text,
        "date": citation.date.isoformat() if citation.date else None,
    }
