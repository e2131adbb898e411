"""Find a claim's quote in the text of a story, and the claims whose quote is gone.

A quote is a W3C Web Annotation TextQuoteSelector: exact words, plus optional words just
before (prefix) and after (suffix) that pick one occurrence when the words repeat.
Matching tolerates what writers and editors change without meaning to: runs of whitespace,
typographic quotes and apostrophes, and the many kinds of dash.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass

_EQUIVALENTS = {
    **dict.fromkeys("‘’‚‛′`", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
}
# A regular expression finds the few characters to replace far faster than str.translate
# walks a long text character by character.
_TYPOGRAPHIC = re.compile("[" + re.escape("".join(_EQUIVALENTS)) + "]")
_SPACE = re.compile(r"\s+")
# Whitespace that folding changes: a run of it, or a lone tab, line break or the like.
_FOLDABLE = re.compile(r"\s{2,}|[^\S ]")


@dataclass(frozen=True)
class Match:
    start: int
    end: int


class NormalizedText:
    """`text` folded for matching, with a map from each folded position to the original."""

    def __init__(self, text):
        # Only whitespace that folding changes is visited (runs of it, and single tabs or
        # line breaks), not every character: the story page folds whole bodies. Each
        # translation is one character for one, so other positions carry over unchanged.
        translated = _plain(text)
        pieces, self._breaks, self._shifts = [], [], []
        position = shift = 0
        for run in _FOLDABLE.finditer(translated):
            start, end = run.span()
            pieces += [translated[position:start], " "]
            shift += end - start - 1
            # Folded positions after this run's single space lie `shift` further on.
            self._breaks.append(end - shift)
            self._shifts.append(shift)
            position = end
        pieces.append(translated[position:])
        self.text = "".join(pieces)
        self._length = len(text)

    def _original(self, position):
        passed = bisect_right(self._breaks, position)
        return position + (self._shifts[passed - 1] if passed else 0)

    def to_original(self, start, end):
        # The end maps to just past the last matched character, not to the next one.
        return Match(self._original(start), self._original(end - 1) + 1)


def _plain(text):
    """`text` with typographic quotes, apostrophes and dashes made plain, one for one."""
    return _TYPOGRAPHIC.sub(lambda found: _EQUIVALENTS[found.group()], text)


def fold(text):
    return _SPACE.sub(" ", _plain(text)).strip()


def find_quote(text, quote, prefix="", suffix="", *, normalized=None):
    """Where `quote` occurs in `text`, as a Match of original offsets, or None.

    When the words occur more than once, the occurrence whose surroundings agree with
    `prefix` and `suffix` wins; without such context (or when no occurrence agrees), the
    first one does, so an edit next to a quote does not orphan its claim.
    Pass `normalized=NormalizedText(text)` to search one text for many quotes.
    """
    needle = fold(quote)
    if not needle:
        return None
    haystack = normalized or NormalizedText(text)
    start = _best_occurrence(haystack.text, needle, fold(prefix), fold(suffix))
    return None if start is None else haystack.to_original(start, start + len(needle))


def _best_occurrence(folded, needle, before, after):
    """The first occurrence of `needle` in `folded` that agrees with both `before` and
    `after`, else the first that agrees with either, else the first.

    Each is one regular-expression search, which skips to the needle's next occurrence in
    C: a common word quoted with context that agrees nowhere is not walked occurrence by
    occurrence in Python, for each of a story's claims. Folded text has at most one space
    in a row, so the context may stand one space away from the quote.
    """
    quoted = f"({re.escape(needle)})"
    context_before = re.escape(before) + " ?" if before else ""
    context_after = " ?" + re.escape(after) if after else ""
    if before and after:
        both = re.search(context_before + quoted + context_after, folded)
        if both:
            return both.start(1)
    agreeing = []
    if before:
        agreeing.append(re.search(context_before + quoted, folded))
    if after:
        agreeing.append(re.search(quoted + context_after, folded))
    either = [found.start(1) for found in agreeing if found]
    if either:
        return min(either)
    first = folded.find(needle)
    return None if first == -1 else first


def orphaned(claims, text):
    """The claims whose quote no longer occurs in `text` (the words a reader reads of the
    story): their badge has nowhere to go, so they may not be published."""
    normalized = NormalizedText(text)
    return [
        claim
        for claim in claims
        if not find_quote(
            "", claim.quote, claim.quote_prefix, claim.quote_suffix, normalized=normalized
        )
    ]
