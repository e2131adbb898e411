"""Find a claim's quote in the text of a story.

A quote is a W3C Web Annotation TextQuoteSelector: exact words, plus optional words just
before (prefix) and after (suffix) that pick one occurrence when the words repeat.
Matching tolerates what writers and editors change without meaning to: runs of whitespace,
typographic quotes and apostrophes, and the many kinds of dash.
"""

import re
from dataclasses import dataclass

_EQUIVALENTS = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
    }
)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Match:
    start: int
    end: int


class NormalizedText:
    """`text` folded for matching, with a map from each folded position to the original."""

    def __init__(self, text):
        folded, origin = [], []
        for index, char in enumerate(text.translate(_EQUIVALENTS)):
            if char.isspace():
                if folded and folded[-1] == " ":
                    continue
                char = " "
            folded.append(char)
            origin.append(index)
        origin.append(len(text))
        self.text = "".join(folded)
        self._origin = origin
        self._length = len(text)

    def to_original(self, start, end):
        # The end maps to just past the last matched character, not to the next one.
        return Match(self._origin[start], self._origin[end - 1] + 1)


def fold(text):
    return _SPACE.sub(" ", text.translate(_EQUIVALENTS)).strip()


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
    folded = haystack.text
    want_before, want_after = fold(prefix), fold(suffix)

    best, best_score = None, -1
    start = folded.find(needle)
    while start != -1:
        end = start + len(needle)
        score = 0
        if want_before and folded[:start].rstrip().endswith(want_before):
            score += 1
        if want_after and folded[end:].lstrip().startswith(want_after):
            score += 1
        if score > best_score:
            best, best_score = (start, end), score
        start = folded.find(needle, start + 1)
    return haystack.to_original(*best) if best else None
