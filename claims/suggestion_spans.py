"""Which words of a sentence a suggested claim quotes, and its statement in plain words."""

import re

from .sentences import NEVER_FINAL
from .status_hints import figures

_BACK_REFERENCE = re.compile(
    r"^(?:These|Those|This|That|It)\b(?:\s+\w+){0,2}\s+(?:is|are|was|were)\b"
)
_DASHED = re.compile(r"[—–]\s*(?P<inner>[^—–]+?)\s*[—–]")
_OPENING, _CLOSING = "“", "”"
_THREE_WORDS = re.compile(r"\s*\S+\s+\S+\s+\S")
# Characters of the longest sentence the rules read. A news sentence is short (our stories'
# longest is 229 characters, 34 words); a longer run without a full stop is a table or a
# list pasted run together, or no prose at all. Within the bound, a pattern that reads a
# sentence again from each of its words costs at most so much a sentence, and a story what
# its length does (a 90,000-character run once took minutes).
LONGEST_SENTENCE = 1_000


def clauses(sentence):
    """(start, end) of each clause two semicolons' worth of sentence holds: “Xi will host a
    parade; China says 26 leaders will attend” states two facts with two sources. None at
    all when the “sentence” is longer than LONGEST_SENTENCE: the rules do not read it."""
    if len(sentence) > LONGEST_SENTENCE:
        return []
    spans, start = [], 0
    for match in re.finditer(r";\s+", sentence):
        # Three words or more on each side, counted no further than the third.
        before = _THREE_WORDS.match(sentence, start, match.start())
        if before and _THREE_WORDS.match(sentence, match.end()):
            spans.append((start, match.start()))
            start = match.end()
    spans.append((start, len(sentence)))
    return spans


def claim_span(text, attribution):
    """(start, end) of the claim's words in a sentence: what the source said, without the
    words naming it, a closing full stop or a quotation mark left unpaired."""
    start, end = (
        (attribution.content_start, attribution.content_end) if attribution else (0, len(text))
    )
    return trim(text, start, end)


def trim(text, start, end):
    while True:
        before = (start, end)
        while start < end and text[start] in " \n\t,;:":
            start += 1
        while start < end and text[end - 1] in " \n\t,;:—–":
            end -= 1
        if end > start and text[end - 1] == "." and not _abbreviation_at(text, start, end):
            end -= 1
        words = text[start:end]
        if words.startswith(_OPENING) and words.count(_OPENING) > words.count(_CLOSING):
            start += 1
        elif words.endswith(_CLOSING) and words.count(_CLOSING) > words.count(_OPENING):
            end -= 1
        if (start, end) == before:
            return start, end


def _abbreviation_at(text, start, end):
    """Whether the full stop ending text[start:end] belongs to “U.N.” or “Sept.”."""
    last = text[start:end].split()[-1] if text[start:end].split() else ""
    bare = last[:-1]
    return "." in bare or len(bare) == 1 or bare.lower() in NEVER_FINAL


def figure_phrases(text, start, end):
    """Spans of each figure a sentence lists between dashes (“—about 15,000 troops sent
    since last fall and roughly 2,000 killed—”), or None when it lists fewer than two."""
    for dashed in _DASHED.finditer(text, start, end):
        inner_start = dashed.start("inner")
        parts, position = [], inner_start
        for match in re.finditer(r"\s+and\s+", dashed["inner"]):
            parts.append((position, inner_start + match.start()))
            position = inner_start + match.end()
        parts.append((position, dashed.end("inner")))
        if len(parts) > 1 and all(figures(text[s:e]) for s, e in parts):
            return [trim(text, s, e) for s, e in parts]
    return None


def is_back_reference(text):
    """“These figures are intelligence assessments”: about the sentence before, not a fact
    of its own."""
    return bool(_BACK_REFERENCE.match(text))


def statement(words):
    """The claim in plain words: the quoted words as a sentence of their own."""
    words = " ".join(words.split()).strip(" ,;:")
    if not words:
        return ""
    lead = 1 if words[0] in "“\"‘'" else 0
    words = words[:lead] + words[lead].upper() + words[lead + 1 :]
    if words.endswith((",”", ',"')):
        words = words[:-2] + "." + words[-1]
    if not words.endswith((".", "!", "?", "”", '"', "’")):
        words += "."
    return words
