"""The parts of a story page written once per claim: badges, details, the highlighted body.

Each claim's details are written once, as an item of the list under the story ("What we
know and how we know it"). The badge after the claim's words in the body opens that same
item as a popover (the `popover` attribute: no JavaScript needed); while closed, the item
shows in the list as any other (reader.css), so the list reads in print too.

Every piece is built by `markup.html`, which escapes whatever is not already safe. The
body (quotes marked, places left for badges) and each claim's item and ClaimReview are kept
once rendered (`fragments`): after the usual change to a live story, one claim's status,
its part is the only one written anew, and the only claim whose details are read. The
markup is kept short (a story of 60 claims has 240 citations): classes only where
reader.css needs them.
"""

import re
import secrets
from collections import namedtuple
from functools import cache, cached_property, partial

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from claims.models import Claim

from ..highlight import mark_quotes
from ..markdown import render_markdown
from . import fragments, standing, structured
from .counts import claim_counts
from .dates import reader_date
from .markup import html, html_join

_PLACEHOLDER = "__claim__"
# The claim's own badge toggles its popover: inside the open popover, that closes it.
_CLOSE = '<button class="claim__close" popovertarget="{}">Close</button>'
# Where a part goes in the page's template as rendered once per masthead: a comment that
# nothing escaped can contain, with a token of this process's own so that nothing can
# imitate it.
_PLACE = f"<!--{secrets.token_hex(8)}:{{}}-->"
_PLACES = re.compile(_PLACE.format(r"(\w+)"))
# The parts of the page that change with the claims (StoryPage's properties of those names),
# each written out once by templates/articles/story.html.
_PARTS = ("structured_data", "updated", "counts", "body_html", "claim_lists", "updates")
# The markup around those parts, indented as the template around them is (the golden page
# holds every byte).
_GROUP = (
    '\n    <h3 class="know__group">{} <span class="know__count">({})</span></h3>'
    '\n    <ol class="claims">{}</ol>\n    '
)
_NO_CLAIMS = "\n    <p>We have not logged any claims in this story.</p>\n    "
_UPDATES = '\n    <ol class="updates__list">{}</ol>\n    '
_NO_UPDATES = "\n    <p>Nothing has changed since this story was published.</p>\n    "

# What the page's template shows of the article, besides the parts: the key its rendering
# is kept under, and all the template is given of the story, so that it can show nothing
# the key leaves out.
Masthead = namedtuple(
    "Masthead", ["url", "slug", "title", "standfirst", "dateline", "byline", "published_at"]
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


def page_html(story):
    """The story's page: its template rendered once per masthead (fragments.shells), with
    the parts of `StoryPage` filled in."""
    article = story.article
    masthead = Masthead(
        story.url,
        *(article.slug, article.title, article.standfirst),
        *(article.dateline, article.byline, article.published_at),
    )
    shell = fragments.shells.get(masthead, partial(_shell, masthead))
    page = StoryPage(story)
    return "".join(piece if n % 2 == 0 else getattr(page, piece) for n, piece in enumerate(shell))


def _shell(masthead):
    """The page's template rendered with a place for each part: [text, part's name, text,
    …, text]."""
    spans = _badges()
    context = {
        "story": masthead,
        "legend": [(spans[status], status.explanation) for status in Claim.Status],
        "page": {name: SafeString(_PLACE.format(name)) for name in _PARTS},
    }
    return tuple(_PLACES.split(render_to_string("articles/story.html", context)))


class StoryPage:
    """The parts of a `loader.Story`'s page that change with its claims (`_PARTS`), each
    with its own markup."""

    def __init__(self, story):
        self.story = story
        self.article = story.article
        self._spans = _badges()
        self._buttons = _badges(popover=_PLACEHOLDER)
        self._source_lines = {}

    @cached_property
    def _body(self):
        """The body's HTML with quotes marked and places for badges, and the pks of the
        claims found in it (fragments.bodies)."""
        body, claims = self.article.body, self.story.claims
        key = (body, tuple((c.pk, c.quote, c.quote_prefix, c.quote_suffix) for c in claims))
        return fragments.bodies.get(key, lambda: mark_quotes(render_markdown(body), claims))

    @property
    def body_html(self):
        """The body with each badge in its place, as the claim's status has it now."""
        segments, _ = self._body
        buttons = self._buttons
        status = {claim.pk: claim.status for claim in self.story.claims}
        return SafeString(
            "".join(
                # Only our own id (claim-<pk>) goes where the badge template put the
                # placeholder.
                s if type(s) is str else buttons[status[s]].replace(_PLACEHOLDER, f"claim-{s}")
                for s in segments
            )
        )

    @cached_property
    def _parts(self):
        """{claim pk: (its list item, its ClaimReview)}, kept in fragments.items under the
        claim's version and what else they are made of; the claims whose parts are not
        kept are given their details first (`Story.read_details`)."""
        claims, quoted, when = self.story.claims, self._body[1], self.article.published_at
        keys = {
            c.pk: (
                *(c.pk, c.content_version, c.status, c.history_key),
                *(c.pk in quoted, c.recheck_passed, when),
            )
            for c in claims
        }
        parts = fragments.items.kept(keys.values())
        missing = [c for c in claims if keys[c.pk] not in parts]
        self.story.read_details(missing)
        for c in missing:
            parts[keys[c.pk]] = fragments.items.get(
                keys[c.pk], partial(self._part, c, c.pk in quoted)
            )
        return {pk: parts[key] for pk, key in keys.items()}

    def _part(self, claim, quoted):
        """A claim's list item and ClaimReview. Kept under the key `_parts` makes: a new
        input here must go into that key too (or renew the claim's version)."""
        return self._item(claim, quoted), structured.claim_review(claim, self.article)

    @property
    def claim_lists(self):
        """The list of claims under the story, a heading and a list per status, in reading
        order."""
        parts = self._parts
        groups = self.story.groups
        return SafeString(
            "".join(
                html(_GROUP, status.label, len(claims), html_join(parts[c.pk][0] for c in claims))
                for status, claims in groups
            )
            if groups
            else _NO_CLAIMS
        )

    @property
    def structured_data(self):
        """The JSON-LD, from each claim's kept ClaimReview."""
        parts = self._parts
        return structured.structured_data_json(
            self.story, {pk: review for pk, (_, review) in parts.items()}
        )

    def _item(self, claim, quoted):
        """A claim's list item; for a claim whose badge stands in the body, also the popover
        that badge opens."""
        return html(
            '<li class="claim" id="{}"{}><p class="claim__head">{}</p>{}{}</li>',
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
    def updates(self):
        """The story's Updates, newest first, as list items: dated, and linked to the claim
        each is about."""
        if not self.story.updates:
            return SafeString(_NO_UPDATES)
        kept = fragments.updates
        items = html_join(kept.get(u, partial(_update_item, u)) for u in self.story.updates)
        return html(_UPDATES, items)

    @property
    def updated(self):
        """When the story last changed after publication, if it did: the latest update."""
        if not self.story.updates:
            return ""
        return html("<span>Updated {}</span>", _time(self.story.updates[0].moment))

    @property
    def counts(self):
        """“2 verified · 4 unconfirmed”, linked to the list of claims; nothing without claims."""
        counts = claim_counts(self.story.counts)
        if not counts:
            return ""
        return html('<p class="story__counts"><a href="#what-we-know">{}</a></p>', counts)


def _time(moment, verb=""):
    """“<time datetime="…">[verb ]2 Sept 2025 14:10</time>”, in the site's time zone."""
    local = timezone.localtime(moment)
    words = reader_date(local, time=True)
    words = f"{verb} {words}" if verb else words
    return html('<time datetime="{}">{}</time>', local.isoformat(), words)


def _update_item(update):
    when = html("{}: ", _time(update.moment, update.verb))
    if update.anchor:
        return html(
            '<li>{}<a href="#{}">{}</a>{}</li>', when, update.anchor, update.sentence, update.after
        )
    return html("<li>{}{}</li>", when, update.sentence)


def _source_line(citation):
    """“<b>Yuri Ushakov, Kremlin aide — via TASS</b>, interview (2 Sept 2025) “…”” as an
    item of the claim's list of sources, linked when it has a web address."""
    if citation.safe_url:
        line = html(
            '<li><a href="{}" rel="nofollow noopener noreferrer">{}</a>',
            citation.safe_url,
            citation.attribution,
        )
    else:
        line = html("<li><b>{}</b>", citation.attribution)
    if citation.detail:
        line += html(", {}", citation.detail)
    if citation.date:
        line += html(' <span class="source__date">({})</span>', reader_date(citation.date))
    if citation.quoted_text:
        line += html(" <q>{}</q>", citation.quoted_text)
    return SafeString(line + "</li>")


def _details(claim, source_line):
    """A claim's statement, then as a list of terms and what they say: its sources with
    their attribution chain, what its status stands on (reader.standing), note and history.
    """
    if claim.citations:
        sources = html(
            "<dt>{}</dt><dd><ul>{}</ul></dd>{}",
            "Source" if len(claim.citations) == 1 else "Sources",
            html_join(map(source_line, claim.citations)),
            standing.origins(claim),
        )
    else:
        sources = standing.uncited(claim)
    note = html("<dt>Note</dt><dd>{}</dd>", claim.public_note) if claim.public_note else ""
    return html(
        '<p class="claim__statement">{}</p><dl>{}{}<dt>History</dt><dd>{}</dd>{}</dl>',
        claim.statement,
        sources,
        note,
        " ".join(claim.history),
        standing.as_of(claim),
    )
