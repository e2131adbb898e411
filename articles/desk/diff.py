"""Word by word, what an edit changes: for the review queue and the desk's "edited since
review". Python's difflib finds the longest runs of unchanged words; what it finds around
them is what was taken out and put in."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

# A word with the space after it, so that the pieces joined again give back the text.
_WORDS = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class Piece:
    """A run of words: kept as it was ("same"), taken out ("removed") or put in ("added")."""

    kind: str
    text: str


def word_diff(before, after):
    """The pieces that turn `before` into `after`, in reading order.

    Lines are compared first and words only within the lines that changed: a story's
    body is 100,000 characters at most, and difflib's word-by-word matching over the
    whole of it would take seconds where line by line it takes milliseconds.
    """
    old, new = (before or "").splitlines(keepends=True), (after or "").splitlines(keepends=True)
    pieces = []
    for op, i1, i2, j1, j2 in _opcodes(old, new):
        if op == "equal":
            pieces.append(Piece("same", "".join(old[i1:i2])))
        else:
            pieces += _words_diff("".join(old[i1:i2]), "".join(new[j1:j2]))
    return _merged(pieces)


def _words_diff(before, after):
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    pieces = []
    for op, i1, i2, j1, j2 in _opcodes(old, new):
        if op == "equal":
            pieces.append(Piece("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", "".join(old[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", "".join(new[j1:j2])))
    return pieces


def _opcodes(old, new):
    return SequenceMatcher(None, old, new, autojunk=False).get_opcodes()


def _merged(pieces):
    """Neighbouring pieces of one kind as one (the line pass can split a run in two)."""
    merged = []
    for piece in pieces:
        if merged and merged[-1].kind == piece.kind:
            merged[-1] = Piece(piece.kind, merged[-1].text + piece.text)
        else:
            merged.append(piece)
    return merged


@dataclass(frozen=True)
class FieldChange:
    label: str
    pieces: list


def changes(before, after, labels):
    """(label, pieces) for each field of `labels` whose text differs; `before` is None for
    what did not exist yet."""
    before = before or {}
    return [
        FieldChange(label, word_diff(before.get(field, ""), after.get(field, "")))
        for field, label in labels.items()
        if before.get(field, "") != after.get(field, "")
    ]


def citation_changes(before, after):
    """(removed, added) citations between two claim contents, as entries."""
    old, new = list((before or {}).get("citations", [])), list(after.get("citations", []))
    removed = [entry for entry in old if entry not in new]
    added = [entry for entry in new if entry not in old]
    return removed, added
