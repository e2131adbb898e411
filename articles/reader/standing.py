"""What a claim's details tell readers of what its status stands on (DESIGN.md rule 12):
how many independent origins it has, what verified it ("Confirmed by 2 independent
sources", or its primary record), whose assessment an intelligence estimate is, and, once
its re-check moment has passed, that it reads as of then.

Each piece is a part of the details' list of terms (`html._details`): further `<dd>`s under
the sources (how many independent origins, and what the status stands on), a last `<dd>`
under the history. Built by `markup.html`, which escapes whatever is not already safe.
"""

from django.utils.safestring import SafeString

from claims import independence
from claims.models import Claim

from .dates import reader_date
from .markup import html

NO_NAMED_SOURCE = SafeString(
    "<dt>Sources</dt><dd>No named source: the story states this without saying who said it.</dd>"
)
NO_SOURCE_ANY_MORE = SafeString(
    "<dt>Sources</dt><dd>No source is cited for this claim any more.</dd>"
)


def uncited(claim):
    """What stands where an uncited claim's sources would be."""
    return NO_NAMED_SOURCE if claim.no_named_source else NO_SOURCE_ANY_MORE


def origins(claim):
    """Under the claim's sources: how many independent origins it has, and what its status
    stands on (“Confirmed by 2 independent sources” says both at once)."""
    verified = claim.status == Claim.Status.VERIFIED
    found = []
    if verified and claim.independent_origins >= 2:
        found.append(
            html(
                '<dd class="claim__basis">Confirmed by {} independent sources</dd>',
                claim.independent_origins,
            )
        )
    else:
        found.append(
            html('<dd class="claim__origins">{}</dd>', independence.describe(claim.origins))
        )
    if verified and claim.primary_record:
        found.append(html('<dd class="claim__basis">Primary record: {}</dd>', claim.primary_record))
    assessment = claim.assessment
    if claim.status == Claim.Status.INTELLIGENCE_ESTIMATE and assessment:
        found.append(
            html(
                '<dd class="claim__basis">Assessment by {} · {} · {}</dd>',
                assessment["by"],
                assessment["confidence"].phrase,
                reader_date(assessment["assessed_on"]),
            )
        )
    return SafeString("".join(found))


def as_of(claim):
    """Once its re-check moment has passed: the claim reads as of then."""
    if not claim.recheck_passed:
        return ""
    return html(
        '<dd class="claim__asof">As of {}: we have not checked it again since.</dd>',
        reader_date(claim.recheck_by, time=True),
    )
