"""Claim quotes highlighted in a story's body, each followed by its claim's badge.

The sanitized HTML from `render_markdown` is read token by token (`markdown.tokens`) into
the same text `body_text` makes, so the offsets `find_quote` returns are offsets in exactly
the text the publish gate checked. The HTML is then written out again, as the sanitizer
wrote it, with every quoted stretch of text inside a `<mark>` and the claim's badge right
after its last word.

- A quote that crosses a tag (a paragraph break, the end of an `<em>`) is marked in pieces,
  one per text node, so the output stays well-formed.
- Where quotes overlap, the shared words are marked once (as an overlap) and every claim
  still gets its own badge where its quote ends.
- A badge never goes inside a link or another inline element: it waits until the element
  closes (a button inside a link is invalid and would be unusable).
- Tags and text are written as the sanitizer wrote them; only a text node that a quote
  starts or ends inside is cut, and its pieces escaped again. The badges are the caller's
  own template output.

`mark_quotes` does the work and leaves a place for each badge, so that what it wrote can be
kept and the badges (which change with a claim's status) filled in for each page.
"""

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from html import escape
from itertools import pairwise

from django.utils.safestring import mark_safe

from claims.quotes import NormalizedText, find_quote

from .markdown import text_of, tokens

INLINE = {"a", "em", "strong", "code"}
VOID = {"br", "hr"}


@dataclass(frozen=True, slots=True)
class Quoted:
    claim: int  # its pk
    start: int
    end: int


def highlight(html, claims, badge):
    """Return (highlighted HTML, the claims whose quote was found) for `render_markdown` HTML.

    `badge(claim)` gives the safe HTML of a claim's badge. Claims whose quote is not in the
    text are left out of the body (the story page still lists them).
    """
    segments, found = mark_quotes(html, claims)
    by_pk = {claim.pk: claim for claim in claims}
    written = "".join(s if type(s) is str else badge(by_pk[s]) for s in segments)
    return mark_safe(written), [claim for claim in claims if claim.pk in found]


def mark_quotes(html, claims):
    """`highlight` without the badges: (segments, the pks of the claims found), where the
    segments are pieces of HTML with, between them, the pk of the claim whose badge goes
    there. What it returns depends on `html` and each claim's pk, quote, prefix and suffix
    only, so it can be kept for them (articles.reader.fragments)."""
    found = tokens(html)
    text, offsets = text_of(found)
    text = NormalizedText(text)
    quoted = []
    for claim in claims:
        match = find_quote("", claim.quote, claim.quote_prefix, claim.quote_suffix, normalized=text)
        if match:
            quoted.append(Quoted(claim.pk, match.start, match.end))
    written = [(*token, offset) for token, offset in zip(found, offsets, strict=True)]
    return _write(written, quoted), frozenset(q.claim for q in quoted)


def _write(tokens, quoted):
    cuts = sorted({q.start for q in quoted} | {q.end for q in quoted})
    starting, ending = defaultdict(int), defaultdict(list)
    for q in quoted:
        starting[q.start] += 1
        ending[q.end].append(q)
    out, waiting = [], []
    inline_depth = covering = 0

    def release_badges():
        out.extend(q.claim for q in waiting)
        waiting.clear()

    for kind, value, as_written, extra in tokens:
        if kind == "data":
            # Whitespace between blocks (a line break between paragraphs) is not words:
            # a <mark> there would sit outside any paragraph.
            between_blocks = value.isspace()
            end_of_node = extra + len(value)
            for start, end in _pieces(extra, end_of_node, cuts):
                # Pieces come in text order, so how many quotes cover one is a running
                # count: up where quotes start, down where they end.
                covering += starting.get(start, 0)
                if start == extra and end == end_of_node:
                    words = as_written
                else:
                    words = escape(value[start - extra : end - extra], quote=False)
                if covering and not between_blocks:
                    overlap = ' class="quote--overlap"' if covering > 1 else ""
                    words = f"<mark{overlap}>{words}</mark>"
                out.append(words)
                ended = ending.get(end, ())
                covering -= len(ended)
                waiting.extend(ended)
                if waiting and not inline_depth:
                    release_badges()
        elif kind == "start":
            if waiting and value not in INLINE:
                release_badges()
            out.append(as_written)
            if value in INLINE:
                inline_depth += 1
        elif value in INLINE:
            out.append(as_written)
            inline_depth = max(inline_depth - 1, 0)
            if waiting and not inline_depth:
                release_badges()
        elif value not in VOID:
            if waiting:
                release_badges()
            out.append(as_written)
    release_badges()
    return _segments(out)


def _segments(pieces):
    """The written pieces with each run of HTML joined: HTML, pk, HTML, pk, …, HTML."""
    segments, run = [], []
    for piece in pieces:
        if type(piece) is str:
            run.append(piece)
        else:
            segments += ["".join(run), piece]
            run = []
    segments.append("".join(run))
    return tuple(segments)


def _pieces(start, end, cuts):
    """The text node from `start` to `end`, cut wherever a quote starts or ends inside it."""
    inside = cuts[bisect_right(cuts, start) : bisect_right(cuts, end - 1)]
    return pairwise([start, *inside, end])
