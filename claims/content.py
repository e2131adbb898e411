"""A claim's content as a revision keeps it: its words, quote, note and citations, as data.

The content is a plain dict (it is stored as JSON in `ClaimRevision.before/after`):

    {"statement", "quote", "quote_prefix", "quote_suffix", "public_note": str,
     "citations": [{"source": id, "source_name": str, "via": id or None,
                    "via_name": str or None, "detail", "url", "quoted_text": str,
                    "date": "YYYY-MM-DD" or None}, ...]}

Sources are kept by id, with their names as they were, so that a decided revision still
reads right after a source is renamed. Two contents are the same change when they are equal.
"""

import datetime

from .models import Citation, Source

FIELDS = ("statement", "quote", "quote_prefix", "quote_suffix", "public_note")
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
    }


def apply(claim, content):
    """Make the claim's rows say `content`: its fields, and its citations (rows that stay
    the same are kept, the others removed, the new ones added)."""
    for field in FIELDS:
        setattr(claim, field, content[field])
    claim.save(update_fields=[*FIELDS, "updated_at"])
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


def cited_sources(content):
    """{id: Source} of every source the content cites, origin or relay, in one query."""
    ids = {entry[side] for entry in content["citations"] for side in ("source", "via")}
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


def cited(content):
    """The content's citations with their sources, read in one query."""
    sources = cited_sources(content)
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
