"""How well the claim suggester does on a story whose claims we know: the scoring behind
`bench/suggestions.py`, shared with the test that pins its figures.

A known claim is covered when a suggestion's quote overlaps its quote in the imported
story's reader text; among the suggestions overlapping it, the one overlapping most is
compared with it: same origin (by name: registry names, or the name a reporter would give
a new source), same via, same status. Precision is the share of suggestions that overlap
some known claim. A known quote that no longer occurs word for word in the imported text
(the demo's “on Sept. 1 to join” where the seed says “on to join”) is located by the
longest run of its words that does; a quote that occurs twice (a takeaway repeating the
body) counts as covered when either occurrence is.
"""

from dataclasses import dataclass, field

from articles.demo.claims import PARADE_STORY, SOURCES
from articles.importing import import_story
from articles.markdown import body_text
from claims.models import Source
from claims.quotes import NormalizedText, find_quote, fold
from claims.source_directory import SourceDirectory
from claims.source_names import name_key
from claims.suggestions import suggest_claims
from tests.claims.fixtures.stories import STORIES
from tests.seed import seed_text

# Shortest run of a known quote's words that locates it when the whole quote is not there.
SHORTEST_RUN = 4


@dataclass(frozen=True)
class Target:
    """A claim we know the story makes."""

    quote: str
    origins: frozenset  # names; any of them is right (a claim may cite several origins)
    status: str
    via: str | None = None


@dataclass
class Score:
    story: str
    targets: int = 0
    suggestions: int = 0
    covered: int = 0
    right_origin: int = 0
    right_via: int = 0
    right_status: int = 0
    matching_suggestions: int = 0
    unfindable_quotes: int = 0  # suggestions whose quote is not in the reader's text
    misses: list = field(default_factory=list)
    unmatched: list = field(default_factory=list)  # quotes of suggestions no claim overlaps

    @property
    def coverage(self):
        return self.covered / self.targets

    @property
    def origin_rate(self):
        return self.right_origin / self.targets

    @property
    def via_rate(self):
        return self.right_via / self.targets

    @property
    def status_rate(self):
        return self.right_status / self.targets

    @property
    def precision(self):
        return self.matching_suggestions / self.suggestions if self.suggestions else 0.0

    def line(self):
        return (
            f"{self.story}: {self.targets} known claims, {self.suggestions} suggestions; "
            f"coverage {self.coverage:.0%}, origin {self.origin_rate:.0%}, "
            f"via {self.via_rate:.0%}, status {self.status_rate:.0%}, "
            f"precision {self.precision:.0%}"
        )


def directory_of(sources):
    """A SourceDirectory of registry entries that need no database: (name, kind,
    aliases, description) records, numbered as a database would."""
    return SourceDirectory(
        Source(
            id=number,
            name=entry.name,
            kind=entry.kind,
            aliases=entry.aliases,
            description=entry.description,
        )
        for number, entry in enumerate(sources, start=1)
    )


def measure(name, text, targets, directory):
    """The Score of the suggestions for pasted `text` against the known `targets`."""
    imported = import_story(text)
    reader = body_text(imported.body)
    normalized = NormalizedText(reader)
    suggestions = suggest_claims(imported.body, directory)
    score = Score(name, targets=len(targets), suggestions=len(suggestions))

    located = []
    for suggestion in suggestions:
        match = find_quote(
            reader,
            suggestion.quote,
            suggestion.quote_prefix,
            suggestion.quote_suffix,
            normalized=normalized,
        )
        if match is None:
            score.unfindable_quotes += 1
        located.append((suggestion, match))

    matched = set()
    for target in targets:
        overlapping = [
            (min(end, m.end) - max(start, m.start), index, suggestion)
            for start, end in _locate(target.quote, normalized)
            for index, (suggestion, m) in enumerate(located)
            if m and m.start < end and start < m.end
        ]
        if not overlapping:
            score.misses.append(f"not covered: {target.quote!r}")
            continue
        score.covered += 1
        matched |= {index for _, index, _ in overlapping}
        best = max(overlapping, key=lambda found: (found[0], -found[1]))[2]
        origin = best.origin.name if best.origin else None
        via = best.via.name if best.via else None
        if _same(origin, target.origins):
            score.right_origin += 1
        else:
            score.misses.append(f"origin {origin!r}, not {sorted(target.origins)}: {best.quote!r}")
        if _same(via, {target.via} if target.via else set()):
            score.right_via += 1
        if best.status_hint == target.status:
            score.right_status += 1
        else:
            score.misses.append(f"status {best.status_hint}, not {target.status}: {best.quote!r}")
    score.matching_suggestions = len(matched)
    score.unmatched = [s.quote for i, (s, _) in enumerate(located) if i not in matched]
    return score


def _same(name, names):
    if name is None:
        return not names
    return name_key(name) in {name_key(n) for n in names}


def _locate(quote, normalized):
    """Every (start, end) of a known quote in the reader's text (a takeaway may repeat
    the words of the body), or of its longest run of words that occurs there (at least
    SHORTEST_RUN words)."""
    words = quote.split()
    for length in range(len(words), min(SHORTEST_RUN, len(words)) - 1, -1):
        for first in range(len(words) - length + 1):
            needle = fold(" ".join(words[first : first + length]))
            found, position = [], normalized.text.find(needle)
            while position != -1:
                match = normalized.to_original(position, position + len(needle))
                found.append((match.start, match.end))
                position = normalized.text.find(needle, position + 1)
            if found:
                return found
    return []


def demo_targets():
    """The demo's claims of the seed story, as it is now: one added there counts at once."""
    return [
        Target(
            quote=claim.quote,
            origins=frozenset(citation.source for citation in claim.citations),
            status=claim.status,
            via=(claim.citations[0].via or None) if claim.citations else None,
        )
        for claim in PARADE_STORY.claims
    ]


def fixture_targets(story):
    return [
        Target(
            quote=claim.quote,
            origins=frozenset({claim.origin} if claim.origin else ()),
            status=claim.status,
            via=claim.via,
        )
        for claim in story.claims
    ]


def scores(*, shared_seed=False):
    """The seed against the demo's claims with the demo's registry, then our own stories.
    `shared_seed`: read the shared original of the seed where it is at hand (the bench)."""
    seed = seed_text(shared_if_present=shared_seed)
    yield measure("seed vs demo", seed, demo_targets(), directory_of(SOURCES))
    for story in STORIES:
        registry = directory_of(story.registry)
        yield measure(story.name, story.text(), fixture_targets(story), registry)
