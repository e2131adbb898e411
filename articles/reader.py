"""What a reader sees of a published story, gathered in a fixed number of queries.

`load_story` fetches the claims with their citations (and sources) and their approved
status changes: three queries whatever the size of the story. Everything else (the
highlighted body, the grouped list, the updates, the structured data, claims.json) is
computed from those rows.
"""

import datetime
import json
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone

from claims.models import Citation, Claim, Source, StatusChange

from .highlight import highlight
from .markdown import render_markdown
from .story_cache import modified_at

PUBLISHER = "The Claim Desk"

# “2 Sept”: the newsroom's own short months, as British papers print them.
_MONTHS = [
    "Jan",
    "Feb",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
]

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


def reader_date(moment, *, time=False, year=True):
    """“2 Sept 2025”, or with `time` “2 Sept 14:10” (“2 Sept 2025 14:10” with `year`).

    A datetime is shown in the site's time zone; a date (a citation's) as it is.
    """
    local = timezone.localtime(moment) if isinstance(moment, datetime.datetime) else moment
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
    """Annotate each article with `claim_counts` text, in the same query that lists them."""
    return articles.annotate(
        **{
            f"n_{status}": Count("claims", filter=Q(claims__status=status))
            for status in Claim.Status.values
        }
    )


def counts_of(article):
    return claim_counts({s: getattr(article, f"n_{s}", 0) for s in Claim.Status.values})


@dataclass(frozen=True)
class Update:
    change: StatusChange
    claim: Claim

    @property
    def sentence(self):
        return f"the claim “{self.claim.statement}” is now {_IS_NOW[self.change.to_status]}"

    @property
    def was(self):
        return _IS_NOW[self.change.from_status]


class Story:
    """A published article as the reader's pages show it."""

    def __init__(self, article, base_url):
        self.article = article
        self.base_url = base_url
        self.url = base_url + article.get_absolute_url()
        self.claims = list(
            article.claims.prefetch_related(
                Prefetch("citations", queryset=Citation.objects.select_related("source", "via")),
                Prefetch(
                    "status_changes",
                    queryset=StatusChange.objects.approved().order_by("decided_at", "pk"),
                    to_attr="approved_changes",
                ),
            )
        )
        published_year = timezone.localtime(article.published_at).year
        for claim in self.claims:
            for citation in claim.citations.all():
                # Only web links: an address typed past the form's checks must not become a
                # javascript: link on the page.
                citation.safe_url = (
                    citation.url if citation.url.startswith(("https://", "http://")) else ""
                )
            claim.status_enum = Claim.Status(claim.status)
            claim.anchor = f"claim-{claim.pk}"
            claim.history = [
                self._history_sentence(change, published_year) for change in claim.approved_changes
            ] or [f"Unconfirmed since {self._when(claim.created_at, published_year)}."]

    def _when(self, moment, published_year):
        return reader_date(
            moment, time=True, year=timezone.localtime(moment).year != published_year
        )

    def _history_sentence(self, change, published_year):
        return (
            f"{Claim.Status(change.from_status).label} until "
            f"{self._when(change.decided_at, published_year)}, "
            f"{_BECAME[change.to_status]} after a review by the desk."
        )

    @cached_property
    def body(self):
        """The body's HTML with quotes marked and badges in place (and which were found)."""
        badges = {}

        def badge(claim):
            if claim.pk not in badges:
                badges[claim.pk] = render_to_string(
                    "claims/_badge.html",
                    {"status": claim.status, "popover": f"{claim.anchor}-about"},
                ).strip()
            return badges[claim.pk]

        return highlight(render_markdown(self.article.body), self.claims, badge)

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

    @property
    def legend(self):
        return list(Claim.Status)

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
            origins = {c.source_id: c.source for c in claim.citations.all()}
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
        return json.dumps(self.structured_data(), ensure_ascii=False).translate(_SCRIPT_SAFE)

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
                    "sources": [_citation_document(c) for c in claim.citations.all()],
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


_SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def _author(source):
    kind = "Person" if source.kind in _PERSON_KINDS else "Organization"
    return {"@type": kind, "name": source.name}


def _source_document(source):
    return {
        "name": source.name,
        "kind": source.kind,
        "description": source.description,
        "url": source.url,
    }


def _citation_document(citation):
    return {
        "attribution": citation.attribution,
        "origin": _source_document(citation.source),
        "via": _source_document(citation.via) if citation.via_id else None,
        "detail": citation.detail,
        "url": citation.url,
        "quoted_text": citation.quoted_text,
        "date": citation.date.isoformat() if citation.date else None,
    }
