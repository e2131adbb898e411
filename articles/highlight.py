"""Claim quotes highlighted in a story's body, each followed by its claim's badge.

The sanitized HTML from `render_markdown` is read token by token with the same
`TextExtractor` that makes `body_text`, so the offsets `find_quote` returns are offsets in
exactly the text the publish gate checked. The HTML is then written out again: every quoted
stretch of text inside a `<mark>`, and the claim's badge right after its last word.

- A quote that crosses a tag (a paragraph break, the end of an `<em>`) is marked in pieces,
  one per text node, so the output stays well-formed.
- Where quotes overlap, the shared words are marked once (as an overlap) and every claim
  still gets its own badge where its quote ends.
- A badge never goes inside a link or another inline element: it waits until the element
  closes (a button inside a link is invalid and would be unusable).
- Text is escaped on the way out, and the only tags and attributes are those the sanitizer
  let through, escaped again; the badges are the caller's own template output.

`mark_quotes` does the work and leaves a place for each badge, so that what it wrote can be
kept and the badges (which change with a claim's status) filled in for each page.
"""

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from html import escape
from itertools import accumulate, pairwise

from django.utils.safestring import mark_safe

from claims.quotes import NormalizedText, find_quote

from .markdown import TextExtractor

INLINE = {"a", "em", "strong", "code"}
VOID = {"br", "hr"}


@dataclass(frozen=True, slots=True)
class Quoted:
    claim: int  # its pk
    start: int
    end: int


class _Tokens(TextExtractor):
    """The HTML as a list of tokens; a text token holds the index of its part of the text."""

    def __init__(self):
        super().__init__()
        self.tokens = []

    def handle_starttag(self, tag, attrs):
        self.tokens.append(("start", tag, attrs))
        super().handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.tokens.append(("end", tag, None))
        super().handle_endtag(tag)

    def handle_data(self, data):
        self.tokens.append(("data", data, len(self.parts)))
        super().handle_data(data)


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
    parser = _Tokens()
    parser.feed(html)
    parser.close()
    text = NormalizedText("".join(parser.parts))
    # Each text token's offset in the text: the length of all the parts before its own.
    offsets = [0, *accumulate(map(len, parser.parts))]
    tokens = [
        (kind, value, offsets[extra]) if kind == "data" else (kind, value, extra)
        for kind, value, extra in parser.tokens
    ]
    quoted = []
    for claim in claims:
        match = find_quote("", claim.quote, claim.quote_prefix, claim.quote_suffix, normalized=text)
        if match:
            quoted.append(Quoted(claim.pk, match.start, match.end))
    return _write(tokens, quoted), frozenset(q.claim for q in quoted)


def _start_tag(tag, attrs):
    written = "".join(
        f' {name}="{escape(value)}"' if value is not None else f" {name}" for name, value in attrs
    )
    return f"<{tag}{written}>"


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

    for kind, value, extra in tokens:
        if kind == "data":
            # Whitespace between blocks (a line break between paragraphs) is not words:
            # a <mark> there would sit outside any paragraph.
            between_blocks = value.isspace()
            for start, end in _pieces(value, extra, cuts):
                # Pieces come in text order, so how many quotes cover one is a running
                # count: up where quotes start, down where they end.
                covering += starting.get(start, 0)
                words = escape(value[start - extra : end - extra])
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
            out.append(_start_tag(value, extra))
            if value in INLINE:
                inline_depth += 1
        elif value in INLINE:
            out.append(f"</{value}>")
            inline_depth = max(inline_depth - 1, 0)
            if waiting and not inline_depth:
                release_badges()
        elif value not in VOID:
            if waiting:
                release_badges()
            out.append(f"</{value}>")
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


def _pieces(data, offset, cuts):
    """The text node at `offset`, cut wherever a quote starts or ends inside it."""
    end_of_node = offset + len(data)
    inside = cuts[bisect_right(cuts, offset) : bisect_right(cuts, end_of_node - 1)]
    points = [offset, *inside, end_of_node]
    return pairwise(points)
