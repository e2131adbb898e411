"""A published story as machines read it: schema.org JSON-LD in the page, and claims.json.

A ClaimReview names the author of the claim it reviews, so it is published only for a claim
whose author the desk's record establishes, with that author (`claim_authors`):
- an intelligence estimate: the intelligence service its assessment is by;
- a claim verified on a primary record: its origin, whose own record the approving editor
  said the claim is about;
- otherwise, the origins cited without a relay: they told the claim to us, or published it
  themselves. A relayed origin is left out (we have the relay's word for what it said),
  and so is a claim with no named source. A claim with no such author gets no ClaimReview.
"""

import json

from django.utils.safestring import SafeString

from claims.models import Claim, Source

PUBLISHER = "The Claim Desk"

# Schema.org types for a source as the author of a claim: people are people.
_PERSON_KINDS = {Source.Kind.OFFICIAL_SPOKESPERSON, Source.Kind.EXPERT}
# What must not appear as such inside a <script> element (a closing tag, a comment, an
# entity), and the line separators old parsers choke on, written as JSON escapes.
_SCRIPT_SAFE = [("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")]
_SCRIPT_SAFE += [("\u2028", "\\u2028"), ("\u2029", "\\u2029")]
# Without spaces, and without checking for cycles, which a tree of dicts built here has not:
# a quarter less time for the JSON-LD of a long story.
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def structured_data_json(story, reviews):
    """schema.org NewsArticle plus a ClaimReview per claim whose author is established, as
    JSON safe inside a <script> element: no `<`, `>` or `&` left in it.

    `reviews` holds each claim's `claim_review` by pk (the page keeps them with the claims'
    items, reader.fragments). The publisher and each source are described once, as nodes
    of the graph, and referred to by their "@id" wherever they stand (a story of 60 claims
    names them hundreds of times); a source's "@id" is relative to the page, as JSON-LD
    allows, and numbered as the page first names it."""
    article = story.article
    publisher = {
        "@type": "Organization",
        "@id": f"{story.base_url}/#publisher",
        "name": PUBLISHER,
        "url": story.base_url + "/",
    }
    by_publisher = {"@id": publisher["@id"]}
    news = {
        "@type": "NewsArticle",
        "@id": story.url,
        "url": story.url,
        "mainEntityOfPage": story.url,
        "headline": article.title,
        "description": article.standfirst,
        "datePublished": _moment(article.published_at),
        "dateModified": _moment(article.modified_at),
        "author": ({"@type": "Person", "name": article.byline} if article.byline else by_publisher),
        "publisher": by_publisher,
    }
    if article.dateline:
        news["dateline"] = article.dateline
    # Written as the encoder would write the whole graph (the golden page holds it to the
    # byte), from what each claim keeps already encoded and what the page adds: its address
    # with the claim's anchor (digits), the publisher's "@id", its authors' (numbered).
    # Encoding each review anew took four times as long.
    encode = _COMPACT.encode
    page_url, by_publisher_json = encode(story.url)[:-1], encode(by_publisher)
    sources, claim_reviews = {}, []
    for claim in story.claims:
        review = reviews[claim.pk]
        if review is None:
            continue
        named, said, rating = review
        authors = ",".join(_author(name, kind, sources) for name, kind in named)
        if len(named) > 1:
            authors = f"[{authors}]"
        claim_reviews.append(
            f'{{"@type":"ClaimReview","url":{page_url}#{claim.anchor}",{said},'
            f'"author":{by_publisher_json},"itemReviewed":{{"@type":"Claim","author":'
            f'{authors}}},"reviewRating":{rating}}}'
        )
    nodes = [news, publisher, *sources.values()]
    graph = ",".join([*map(encode, nodes), *claim_reviews])
    text = f'{{"@context":"https://schema.org","@graph":[{graph}]}}'
    for character, escaped in _SCRIPT_SAFE:
        text = text.replace(character, escaped)
    return SafeString(text)


def claim_review(claim, article):
    """What the ClaimReview of `claim` says that is the claim's own, kept with its item:
    (its authors as (name, kind), the claim and when it was reviewed, its rating), the two
    last as JSON, or None for a claim whose author is not established. Its address, the
    publisher's and its authors' "@id" depend on the page (`structured_data_json`)."""
    named = tuple((source.name, source.kind) for source in claim_authors(claim))
    if not named:
        return None
    reviewed_at = max(
        [article.published_at]
        + [change.decided_at for change in claim.approved_changes]
        + [fix.decided_at for fix in claim.corrections]
    )
    said = {"claimReviewed": claim.statement, "datePublished": _moment(reviewed_at)}
    rating = {"@type": "Rating", "alternateName": claim.status.label}
    return named, _COMPACT.encode(said)[1:-1], _COMPACT.encode(rating)


def claim_authors(claim):
    """The sources that made `claim`, as the desk's record establishes them (see above)."""
    origins = {citation.source.name: citation.source for citation in claim.citations}
    if claim.status == Claim.Status.INTELLIGENCE_ESTIMATE and claim.assessment_by:
        return [origins[claim.assessment_by]] if claim.assessment_by in origins else []
    if claim.status == Claim.Status.VERIFIED and claim.primary_record and len(origins) == 1:
        return list(origins.values())
    direct = {c.source.name: c.source for c in claim.citations if c.via is None}
    return list(direct.values())


def claims_document(story):
    """Everything claims.json says: every claim, status, sources and history."""
    article = story.article
    names = story.affiliation_names()
    return {
        "story": {
            "title": article.title,
            "url": story.url,
            "published": article.published_at.isoformat(),
            "modified": article.modified_at.isoformat(),
            "corrections": [
                {"at": fix.decided_at.isoformat(), "note": fix.note}
                for fix in story.corrections
                if fix.kind == "story"
            ],
        },
        "claims": [
            {
                "id": claim.pk,
                "url": story.claim_url(claim),
                "statement": claim.statement,
                "quote": claim.quote,
                "status": claim.status.value,
                "label": claim.status.label,
                "public_note": claim.public_note,
                "sources": [_citation_document(c, names) for c in claim.citations],
                "history": [
                    {
                        "from": change.from_status.value,
                        "to": change.to_status.value,
                        "at": change.decided_at.isoformat(),
                    }
                    for change in claim.approved_changes
                ],
                "corrections": [
                    {"at": fix.decided_at.isoformat(), "note": fix.note}
                    for fix in claim.corrections
                ],
                "history_text": claim.history,
                "independent_origins": claim.independent_origins,
                "primary_record": claim.primary_record or None,
                "assessment": _assessment_document(claim.assessment),
                "recheck_by": claim.recheck_by.isoformat() if claim.recheck_by else None,
            }
            for claim in story.claims
        ],
    }


def _author(name, kind, sources):
    """A reference to the source's node in the graph, as JSON (its "@id" is ours: no
    character to escape); the node is added to `sources` the first time."""
    node = sources.get(name)
    if node is None:
        node = sources[name] = {
            "@type": "Person" if kind in _PERSON_KINDS else "Organization",
            "@id": f"#source-{len(sources) + 1}",
            "name": name,
        }
    return f'{{"@id":"{node["@id"]}"}}'


def _moment(moment):
    # To the second: a reader's page states no finer time, and each digit is repeated
    # once per claim.
    return moment.isoformat(timespec="seconds")


def _assessment_document(assessment):
    if assessment is None:
        return None
    return {
        "by": assessment["by"],
        "confidence": assessment["confidence"].value,
        "assessed_on": assessment["assessed_on"].isoformat(),
    }


def _citation_document(citation, affiliation_names):
    return {
        "attribution": citation.attribution,
        "origin": citation.source.document(affiliation_names),
        "via": citation.via.document(affiliation_names) if citation.via else None,
        "detail": citation.detail,
        "url": citation.url,
        "quoted_text": citation.quoted_text,
        "date": citation.date.isoformat() if citation.date else None,
    }
