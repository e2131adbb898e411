"""The parts of a story page written once per claim: badges, details, the highlighted body.

Each claim's details are written once, as an item of the list under the story ("What we
know and how we know it"). The badge after the claim's words in the body opens that same
item as a popover (the `popover` attribute: no JavaScript needed); while closed, the item
shows in the list as any other (reader.css), so the list reads in print too.

Every piece is built by `markup.html`, which escapes whatever is not already safe.
"""

from functools import cache, cached_property

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from claims.models import Claim

from ..highlight import highlight
from ..markdown import render_markdown
from . import standing
from .counts import claim_counts
from .dates import reader_date
from .markup import html, html_join

_PLACEHOLDER = "__claim__"
_CLOSE = (
    '<button type="button" class="claim__close button button--secondary" popovertarget="{}" '
    'popovertargetaction="hide">Close</button>'
)


@cache
def _badges(popover=None):
    """The badge partial once per status, rendered once per process: our template's own
    output, the same for every story."""
    return {
        status: SafeString(
            render_to_string("articles/_badge.html", {"status": status, "popover": popover}).strip()
        )
        for status in Claim.Status
    }


class StoryPage:
    """What templates/articles/story.html shows of a `loader.Story`."""

    def __init__(self, story):
        self.story = story
        self.article = story.article
        self._spans = _badges()
        self._buttons = _badges(popover=_PLACEHOLDER)
        self._source_lines = {}

    @cached_property
    def _body(self):
        """The body's HTML with quotes marked and badges in place, and the claims found."""
        return highlight(render_markdown(self.article.body), self.story.claims, self._button)

    def _button(self, claim):
        # Only our own id (claim-<pk>) goes where the badge template put the placeholder.
        return SafeString(self._buttons[claim.status].replace(_PLACEHOLDER, claim.anchor))

    @property
    def body_html(self):
        return self._body[0]

    @property
    def claim_lists(self):
        """(status, how many, the list items) per status, in reading order."""
        quoted = {claim.pk for claim in self._body[1]}
        return [
            (status, len(claims), html_join(self._item(c, c.pk in quoted) for c in claims))
            for status, claims in self.story.groups
        ]

    def _item(self, claim, quoted):
        """A claim's list item; for a claim whose badge stands in the body, also the popover
        that badge opens."""
        return html(
            '<li class="claim" id="{}"{}><p class="claim__head">{}'
            '<span class="claim__about"> About this claim</span></p>{}{}</li>',
            claim.anchor,
            SafeString(" popover" if quoted else ""),
            self._spans[claim.status],
            _details(claim, self._source_line),
            html(_CLOSE, claim.anchor) if quoted else "",
        )

    def _source_line(self, citation):
        # Stories cite the same source the same way for many claims: write it once.
        key = (citation.source, citation.via, citation.detail, citation.url)
        key += (citation.quoted_text, citation.date)
        line = self._source_lines.get(key)
        if line is None:
            line = self._source_lines[key] = _source_line(citation)
        return line

    @property
    def legend(self):
        return [(self._spans[status], status.explanation) for status in Claim.Status]

    @property
    def counts(self):
        return claim_counts(self.story.counts)


def _source_line(citation):
    attribution = citation.attribution
    line = (
        html(
            '<a href="{}" rel="nofollow noopener noreferrer">{}</a>', citation.safe_url, attribution
        )
        if citation.safe_url
        else html('<span class="source__name">{}</span>', attribution)
    )
    if citation.detail:
        line = html("{}, {}", line, citation.detail)
    if citation.date:
        line = html('{} <span class="source__date">({})</span>', line, reader_date(citation.date))
    if citation.quoted_text:
        line = html('{} <q class="source__quoted">{}</q>', line, citation.quoted_text)
    return html('<li class="source">{}</li>', line)


def _details(claim, source_line):
    """A claim's statement, sources with their attribution chain, what its status stands on
    (reader.standing), note and history."""
    parts = [html('<p class="claim__statement">{}</p>', claim.statement)]
    if claim.citations:
        parts.append(
            html(
                '<p class="claim__label">{}</p><ul class="sources">{}</ul>',
                "Source" if len(claim.citations) == 1 else "Sources",
                html_join(map(source_line, claim.citations)),
            )
        )
    else:
        parts.append(standing.uncited(claim))
    parts += standing.lines(claim)
    if claim.public_note:
        parts.append(
            html(
                '<p class="claim__note"><span class="claim__label">Note</span> {}</p>',
                claim.public_note,
            )
        )
    parts.append(
        html(
            '<p class="claim__history"><span class="claim__label">History</span> {}</p>',
            " ".join(claim.history),
        )
    )
    return html_join(parts)
