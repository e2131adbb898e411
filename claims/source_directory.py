"""The source registry held in memory for matching the names a story uses.

One query loads it (`SourceDirectory.load()`); matching a name is then a few dictionary
look-ups, so a story's fifty attributions cost nothing next to the page around them. A
name matches a source by its name, one of its aliases, or an abbreviation: the initials of
its name (“NIS” is the National Intelligence Service) or a name whose initials are the
source's (“Korean Central News Agency” is KCNA). Case, a leading “the”, dots and
typographic quotes do not matter. A name that fits two sources equally matches neither:
the reporter picks.
"""

import re
from dataclasses import dataclass

from .models import Source
from .source_names import acronym, name_key

NAME, ALIAS, ABBREVIATION, SIMILAR = "name", "alias", "abbreviation", "similar name"
_WORD = re.compile(r"[a-z0-9]+")
# Words too common in source names to say which source a name means.
_COMMON = frozenset(
    ["the", "of", "and", "for", "news", "agency", "service", "ministry", "office", "government"]
)


@dataclass(frozen=True)
class Entry:
    id: int | None
    name: str
    kind: str
    description: str = ""


@dataclass(frozen=True)
class Found:
    entry: Entry
    matched_by: str  # NAME, ALIAS, ABBREVIATION or SIMILAR


class SourceDirectory:
    def __init__(self, sources=()):
        """`sources`: Source instances (saved or not: a benchmark needs no database)."""
        self._names, self._aliases, self._initials = {}, {}, {}
        self._by_word = {}
        for source in sources:
            entry = Entry(source.id, source.name, source.kind, source.description)
            _index(self._names, name_key(source.name), entry)
            aliases = source.alias_list
            for alias in aliases:
                _index(self._aliases, name_key(alias), entry)
            for name in (source.name, *aliases):
                if initials := acronym(name):
                    _index(self._initials, initials, entry)
            for word in _words(source.name) - _COMMON:
                self._by_word.setdefault(word, set()).add(entry)

    @classmethod
    def load(cls):
        """The whole registry, in one query."""
        return cls(Source.objects.only("id", "name", "aliases", "kind", "description"))

    def find(self, phrase):
        """The registry entry a NamePhrase means, or None."""
        for candidate in phrase.candidates:
            if found := self._find_exact(candidate):
                return found
        for candidate in phrase.candidates:
            if found := self._find_similar(candidate):
                return found
        return None

    def _find_exact(self, candidate):
        key = name_key(candidate)
        for index, matched_by in ((self._names, NAME), (self._aliases, ALIAS)):
            if entry := _only(index.get(key)):
                return Found(entry, matched_by)
        if _looks_like_abbreviation(candidate):
            if entry := _only(self._initials.get(key.replace(" ", ""))):
                return Found(entry, ABBREVIATION)
        elif initials := acronym(candidate):
            for index in (self._names, self._aliases):
                if entry := _only(index.get(initials)):
                    return Found(entry, ABBREVIATION)
        return None

    def _find_similar(self, candidate):
        """The one source whose name has every telling word of `candidate`: “intelligence
        service” finds the National Intelligence Service when it is the only one."""
        words = _words(candidate)
        telling = words - _COMMON
        if len(words) < 2 or not telling:
            return None
        matches = set.intersection(*(self._by_word.get(word, set()) for word in telling))
        matches = {e for e in matches if words <= _words(e.name)}
        return Found(matches.pop(), SIMILAR) if len(matches) == 1 else None


def _words(name):
    """The words of a name, a possessive's “’s” aside: “Kestonia’s Foreign Ministry” has
    the words of the Foreign Ministry of Kestonia."""
    return set(_WORD.findall(name_key(name).replace("'s ", " ")))


def _index(index, key, entry):
    if key:
        index.setdefault(key, []).append(entry)


def _only(entries):
    """The entry a key names, unless it names several different sources."""
    if not entries:
        return None
    distinct = {(entry.id, entry.name): entry for entry in entries}
    return next(iter(distinct.values())) if len(distinct) == 1 else None


def _looks_like_abbreviation(name):
    letters = name.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 8 and " " not in name and sum(c.isupper() for c in letters) >= 2
