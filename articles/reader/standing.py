"""What a claim's details tell readers of what its status stands on (DESIGN.md rule 12):
how many independent origins it has, what verified it ("Confirmed by 2 independent
sources", or its primary record), whose assessment an intelligence estimate is, and, once
its re-check moment has passed, that it reads as of then.

Kept apart from `html` so that the details' own code changes by a line or two. Every piece
is built by `markup.html`, which escapes whatever is not already safe.
"""

from django.utils.safestring import SafeString

from claims import independence
from claims.models import Claim

from .dates import reader_date
from .markup import html

NO_NAMED_SOURCE = SafeString(
    '<p class="claim__label">No named source: the story states this without saying who said it.</p>'
)
NO_SOURCE_ANY_MORE = SafeString(
    '<p class="claim__label">No source is cited for this claim any more.</p>'
)


def uncited(claim):
    """What stands where an uncited claim's sources would be."""
    return NO_NAMED_SOURCE if claim.no_named_source else NO_SOURCE_ANY_MORE


def lines(claim):
    """The claim's lines after its sources, in reading order."""
    found = []
    if claim.citations:
        found.append(html('<p class="claim__origins">{}</p>', independence.describe(claim.origins)))
    if claim.status == Claim.Status.VERIFIED:
        if claim.independent_origins >= 2:
            found.append(
                html(
                    '<p class="claim__basis">Confirmed by {} independent sources</p>',
                    claim.independent_origins,
                )
            )
        if claim.primary_record:
            found.append(
                html('<p class="claim__basis">Primary record: {}</p>', claim.primary_record)
            )
    assessment = claim.assessment
    if claim.status == Claim.Status.INTELLIGENCE_ESTIMATE and assessment:
        found.append(
            html(
                '<p class="claim__assessment">Assessment by {} · {} · {}</p>',
                assessment["by"],
                assessment["confidence"].phrase,
                reader_date(assessment["assessed_on"]),
            )
        )
    if claim.recheck_passed:
        found.append(
            html(
                '<p class="claim__asof">As of {}: we have not checked it again since.</p>',
                reader_date(claim.recheck_by, time=True),
            )
        )
    return found
