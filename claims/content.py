"""A claim's content as a revision keeps it: its words, quote, note, citations, the
assessment of an intelligence estimate, its re-check moment and whether the story names a
source for it at all, as data.

The content is a plain dict (it is stored as JSON in `ClaimRevision.before/after`):

    {"statement", "quote", "quote_prefix", "quote_suffix", "public_note": str,
     "citations": [{"source": id, "source_name": str, "via": id or None,
                    "via_name": str or None, "detail", "url", "quoted_text": str,
                    "date": "YYYY-MM-DD" or None}, ...],
     "assessment": {"by": id, "by_name": str, "confidence": "high" | "moderate" | "low"
                    | "not_stated", "assessed_on": "YYYY-MM-DD"} or None,
     "recheck_by": ISO 8601 date-time in UTC or None,
     "no_named_source": bool}

Sources are kept by id, with their names as they were, so that a decided revision still
reads right after a source is renamed (pending proposals follow renames and merges:
`claims.registry`). Two contents are the same change when they are equal. Revisions decided
before assessments and re-check moments existed lack those keys: `DEFAULTS` fills them.
"""

import datetime

from .models import Citation, Source

FIELDS = ("statement", "quote", "quote_prefix", "quote_suffix", "public_note")
DEFAULTS = {"assessment": None, "recheck_by": None, "no_named_source": False}
_CITED = ("source", "via", "detail", "url", "quoted_text", "date")


def citation_entry(source, via=None, *, detail="", url="", quoted_text="", date=None):
    return {
        "source": source.pk,
        "source_name": source.name,
        "via": via.pk if via else None,
        "via_name": via.name if via else None,
        "detail": detail,
        "url": url,
        "quoted_text": quoted_text,
        "date": date.isoformat() if date else None,
    }


def assessment_entry(by, confidence, assessed_on):
    """An assessment as content holds it: `by` a Source, `assessed_on` a date."""
    return {
        "by": by.pk,
        "by_name": by.name,
        "confidence": confidence,
        "assessed_on": assessed_on.isoformat(),
    }


def moment(value):
    """A re-check moment as content holds it: ISO 8601 in UTC, so that equal moments are
    equal strings whatever time zone they were typed in."""
    return value.astimezone(datetime.UTC).isoformat() if value else None


def content_of(claim, citations=None):
    """The claim's content as it stands in the database (what readers see of it). Pass
    `citations` (with their sources) when they are at hand already."""
    if citations is None:
        citations = claim.citations.select_related("source", "via").order_by("pk")
    return {
        **{field: getattr(claim, field) for field in FIELDS},
        "citations": [
            citation_entry(
                c.source,
                c.via,
                detail=c.detail,
                url=c.url,
                quoted_text=c.quoted_text,
                date=c.date,
            )
            for c in citations
        ],
        "assessment": assessment_of(claim),
        "recheck_by": moment(claim.recheck_by),
        "no_named_source": claim.no_named_source,
    }


def assessment_of(claim):
    """The claim's assessment as content holds it, or None."""
    if not claim.assessment_by_id:
        return None
    return assessment_entry(claim.assessment_by, claim.assessment_confidence, claim.assessment_date)


def complete(content):
    """`content` with every key, whenever it was written."""
    return {**DEFAULTS, **content}


def apply(claim, content):
    """Make the claim's rows say `content`: its fields, and its citations (rows that stay
    the same are kept, the others removed, the new ones added)."""
    content = complete(content)
    for field in FIELDS:
        setattr(claim, field, content[field])
    assessment = content["assessment"]
    claim.assessment_by_id = assessment["by"] if assessment else None
    claim.assessment_confidence = assessment["confidence"] if assessment else ""
    claim.assessment_date = (
        datetime.date.fromisoformat(assessment["assessed_on"]) if assessment else None
    )
    recheck_by = content["recheck_by"]
    claim.recheck_by = datetime.datetime.fromisoformat(recheck_by) if recheck_by else None
    claim.no_named_source = content["no_named_source"]
    claim.save(update_fields=[*FIELDS, *_COLUMNS, "updated_at"])
    wanted = [_key(entry) for entry in content["citations"]]
    for citation in claim.citations.order_by("pk"):
        key = _key_of(citation)
        if key in wanted:
            wanted.remove(key)
        else:
            citation.delete()
    for source, via, detail, url, quoted_text, date in wanted:
        Citation.objects.create(
            claim=claim,
            source_id=source,
            via_id=via,
            detail=detail,
            url=url,
            quoted_text=quoted_text,
            date=datetime.date.fromisoformat(date) if date else None,
        )


_COLUMNS = (
    "assessment_by",
    "assessment_confidence",
    "assessment_date",
    "recheck_by",
    "no_named_source",
)


def cited_sources(content):
    """{id: Source} of every source the content names (origin, relay, assessing body), in
    one query."""
    ids = {entry[side] for entry in content["citations"] for side in ("source", "via")}
    assessment = content.get("assessment")
    if assessment:
        ids.add(assessment["by"])
    return Source.objects.in_bulk(ids - {None})


def _key(entry):
    return tuple(entry[name] for name in _CITED)


def _key_of(citation):
    date = citation.date.isoformat() if citation.date else None
    return (
        citation.source_id,
        citation.via_id,
        citation.detail,
        citation.url,
        citation.quoted_text,
        date,
    )


class Cited:
    """One citation of a content, with its sources as model instances."""

    def __init__(self, source, via, detail):
        self.source, self.via, self.detail = source, via, detail

    @property
    def via_id(self):
        return self.via is not None

    @property
    def label(self):
        """“Yuri Ushakov, Kremlin aide — via TASS, told reporters”, in the model's words."""
        text = Citation.attribution.fget(self)
        return f"{text}, {self.detail}" if self.detail else text


def cited(content, sources=None):
    """The content's citations with their sources, read in one query (none when `sources`,
    a `cited_sources` answer, is given)."""
    sources = cited_sources(content) if sources is None else sources
    return [
        Cited(sources[e["source"]], sources.get(e["via"]), e["detail"])
        for e in content["citations"]
    ]


def attribution(entry):
    """“Yuri Ushakov — via TASS, told reporters”: a content's citation, as the desk lists it."""
    text = entry["source_name"]
    if entry["via_name"]:
        text += f" — via {entry['via_name']}"
    if entry["detail"]:
        text += f", {entry['detail']}"
    return text
