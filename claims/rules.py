"""What a claim must carry to stand in a published story, and to hold its status
(DESIGN.md rules 4 and 12).

The publication gate asks this of every claim of a story; an approval asks it of the claim
as the approval would leave it (a new status, new words or citations), so that no claim
ever holds a status the rules do not back, and a live story never holds a claim the gate
would have refused. Each answer is a sentence an editor can act on.

The rules of rule 12 live in `standing_problems` and nowhere else:
- Verified rests on at least two independent origins (claims.independence), or on one
  origin whose own record the claim is about, with the approving editor's primary-record
  note (“KCNA’s own report”).
- An intelligence estimate carries its assessment: by an intelligence service among its
  origins, with the confidence as that body stated it, and a date.
"""

from . import independence
from .content import cited, cited_sources, complete
from .models import Claim, Source
from .quotes import find_quote, orphaned

VERIFIED_NEEDS = (
    "a verified claim needs two independent origins, or — when it is about what one party "
    "itself said or published — a primary-record note from the editor who approves it"
)


class _Standing:
    """What the rules read of a claim: its origins (Sources), whether it says it has no
    named source, and its assessment ({by, confidence, assessed_on} with `by` a Source)."""

    def __init__(self, claim, content):
        if content:
            content = complete(content)
            sources = cited_sources(content)
            self.origins = [c.source for c in cited(content, sources)]
            self.no_named_source = content["no_named_source"]
            assessment = content["assessment"]
            self.assessment = assessment and {
                **assessment,
                "by": sources[assessment["by"]],
            }
        else:
            self.origins = [c.source for c in claim.citations.all()]
            self.no_named_source = claim.no_named_source
            self.assessment = claim.assessment_by_id and {
                "by": claim.assessment_by,
                "confidence": claim.assessment_confidence,
                "assessed_on": claim.assessment_date,
            }


def citation_problems(claim, *, status=None, content=None):
    """The claim cites no source (unless it is recorded as having none named), or is an
    intelligence estimate that does not cite the intelligence service that made it.
    `status` and `content` (see claims.content) say what the claim would be after a
    decision; by default, what it is (its citations read through `claim.citations.all()`,
    so a caller checking many claims prefetches them)."""
    status = status or claim.status
    standing = _Standing(claim, content)
    origins = standing.origins
    if standing.no_named_source and origins:
        return [
            f"{claim.label} is recorded as having no named source, yet cites "
            f"{origins[0].name}: remove its citations, or untick “No named source”."
        ]
    if not origins:
        return [] if standing.no_named_source else [f"{claim.label} cites no source."]
    if status == Claim.Status.INTELLIGENCE_ESTIMATE and not any(
        source.kind == Source.Kind.INTELLIGENCE_SERVICE for source in origins
    ):
        return [
            f"{claim.label} is an intelligence estimate but does not cite the intelligence "
            "service that made it."
        ]
    return []


def standing_problems(claim, *, status=None, content=None, primary_record=None):
    """What the claim lacks to hold `status` (by default its own) under rule 12, as it is
    or as `content` would leave it. `primary_record` is the note an approval to Verified
    carries; by default the claim's own (`Claim.primary_record`)."""
    status = status or claim.status
    standing = _Standing(claim, content)
    if status == Claim.Status.VERIFIED:
        if primary_record is None:
            primary_record = claim.primary_record
        return _verification_problems(claim, standing.origins, primary_record)
    if status == Claim.Status.INTELLIGENCE_ESTIMATE:
        return _assessment_problems(claim, standing.origins, standing.assessment)
    return []


def primary_record_after(claim, content):
    """The claim's primary-record note as an edit to `content` would leave it: a note
    vouches for what one origin itself said, so an edit that changes the claim's origins
    leaves it none."""
    before = {citation.source_id for citation in claim.citations.all()}
    after = {entry["source"] for entry in complete(content)["citations"]}
    return claim.primary_record if before == after else ""


def _verification_problems(claim, origins, primary_record):
    if not origins:
        return [f"{claim.label} names no origin, so it cannot be verified."]
    if independence.independent_origins(origins) >= 2 or (primary_record or "").strip():
        return []
    described = independence.describe(origins).lower()
    names = ", ".join(sorted({origin.name for origin in origins}))
    return [f"{claim.label} rests on {described} ({names}): {VERIFIED_NEEDS}."]


def _assessment_problems(claim, origins, assessment):
    if not assessment:
        return [
            f"{claim.label} is an intelligence estimate without its assessment: record which "
            "intelligence service among its origins made it, with what confidence and when."
        ]
    body = assessment["by"]
    if body.pk not in {origin.pk for origin in origins}:
        return [
            f"{claim.label}: its assessment is by {body.name}, which it does not cite as an origin."
        ]
    if body.kind != Source.Kind.INTELLIGENCE_SERVICE:
        return [
            f"{claim.label}: its assessment is by {body.name}, which is not an intelligence "
            "service."
        ]
    return []


def quote_problems(claim, text, *, content=None):
    """The claim's quote (or the quote `content` gives it) does not occur in `text`, the
    words of its story as a reader reads them: its badge would have nowhere to go."""
    if content:
        found = find_quote(text, content["quote"], content["quote_prefix"], content["quote_suffix"])
    else:
        found = not orphaned([claim], text)
    return [] if found else [f"{claim.label}: its quote no longer occurs in the story."]
