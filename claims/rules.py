"""What a claim must carry to stand in a published story (DESIGN.md rule 4).

The publication gate asks this of every claim of a story; each answer is a sentence an
editor can act on. The claim's citations are read through `claim.citations.all()`, so a
caller checking many claims prefetches them with their sources.
"""

from .models import Claim, Source


def citation_problems(claim):
    citations = claim.citations.all()
    if not citations:
        return [f"{claim.label} cites no source."]
    if claim.status == Claim.Status.INTELLIGENCE_ESTIMATE and not any(
        citation.source.kind == Source.Kind.INTELLIGENCE_SERVICE for citation in citations
    ):
        return [
            f"{claim.label} is an intelligence estimate but does not cite the intelligence "
            "service that made it."
        ]
    return []
