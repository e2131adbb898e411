"""What a claim must carry to stand in a published story (DESIGN.md rule 4).

The publication gate asks this of every claim of a story, and an approval on a published
story asks it of the claim as the approval would leave it (a new status, new words or
citations), so that a live story never holds a claim the gate would have refused. Each
answer is a sentence an editor can act on.
"""

from .content import cited
from .models import Claim, Source
from .quotes import find_quote, orphaned


def citation_problems(claim, *, status=None, content=None):
    """The claim cites no source, or is an intelligence estimate that does not cite the
    intelligence service that made it. `status` and `content` (see claims.content) say
    what the claim would be after a decision; by default, what it is (its citations read
    through `claim.citations.all()`, so a caller checking many claims prefetches them)."""
    status = status or claim.status
    origins = [c.source for c in (cited(content) if content else claim.citations.all())]
    if not origins:
        return [f"{claim.label} cites no source."]
    if status == Claim.Status.INTELLIGENCE_ESTIMATE and not any(
        source.kind == Source.Kind.INTELLIGENCE_SERVICE for source in origins
    ):
        return [
            f"{claim.label} is an intelligence estimate but does not cite the intelligence "
            "service that made it."
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
