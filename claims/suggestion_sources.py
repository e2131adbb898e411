"""The source a suggested claim proposes: a registry entry, or a new source to create."""

import re
from dataclasses import dataclass

from .models import SourceKind
from .source_directory import SourceDirectory
from .source_names import name_phrase, story_abbreviations


@dataclass(frozen=True)
class SuggestedSource:
    name: str
    kind: str  # a Source.Kind value: the registry's, or a guess for a new source
    source_id: int | None = None  # None: not in the registry yet
    description: str = ""
    matched_by: str = ""  # "name", "alias", "abbreviation", "similar name"; "" when new
    words: str = ""  # how the story names it

    @property
    def is_new(self):
        return self.source_id is None

    @property
    def kind_label(self):
        return SourceKind(self.kind).label


class SourceResolver:
    """Turns a story's words for a source into a SuggestedSource, remembering each answer:
    a story names the same few sources again and again."""

    def __init__(self, directory=None, text=""):
        self.directory = directory or SourceDirectory()
        self.abbreviations = story_abbreviations(text)
        self._known = {}

    def __call__(self, words):
        words = (words or "").strip()
        if not words:
            return None
        if words not in self._known:
            self._known[words] = self._resolve(words)
        return self._known[words]

    def owner(self, words):
        """The source that owns the one `words` name: “South Korea” for “South Korea’s
        National Intelligence Service”, or None."""
        return self(name_phrase(words, self.abbreviations).owner)

    def _resolve(self, words):
        phrase = name_phrase(words, self.abbreviations)
        if found := self.directory.find(phrase):
            entry = found.entry
            return SuggestedSource(
                entry.name, entry.kind, entry.id, entry.description, found.matched_by, words
            )
        return SuggestedSource(phrase.name, phrase.kind, None, phrase.description, "", words)


_SEVERAL = re.compile(r",\s+|\s+and\s+")


def split_origins(words):
    """(first, others) of “North Korea and Russia”: one origin for the claim, the others
    named in its reasons. A name with “and” inside (“Ministry of Health and Welfare”)
    stays whole."""
    if " and " not in words:
        return words, []  # “Yuri Ushakov, Kremlin aide” is one source
    parts = [part for part in _SEVERAL.split(words.strip()) if part]
    if (
        len(parts) > 1
        and all(p[0].isupper() and len(p.split()) <= 3 for p in parts)
        and not re.search(r"\b(?:of|for)\s*$", parts[0])
    ):
        return parts[0], parts[1:]
    return words, []
