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
    """The pieces that turn `before` into `after`, in reading order."""
    old, new = _WORDS.findall(before or ""), _WORDS.findall(after or "")
    pieces = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", "".join(old[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", "".join(new[j1:j2])))
    return pieces


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
