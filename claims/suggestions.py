"""Suggested claims for a story: plain rules over its text, deterministic and explained.

How a caller uses it (the desk, a management command, a test)::

    from claims.source_directory import SourceDirectory
    from claims.suggestions import suggest_claims

    suggestions = suggest_claims(
        article.body,                   # the Markdown body, as stored
        SourceDirectory.load(),         # the source registry, one query
        logged=article.claims.all(),    # claims already logged (or their quotes)
    )
    shown = [s for s in suggestions if s.key not in dismissed_keys]

Each `Suggestion` carries what the Log claim form needs: the quote (words of the reader's
text, with `quote_prefix`/`quote_suffix` when the same words occur more than once), a
statement in plain words, the origin and optional via (a registry entry with its
`source_id`, or a new source to create with a guessed kind), a citation detail, a status
hint and the reasons for all of it, in words a reporter reads. `key` is stable while the
quoted words stay in the story (a hash of the words and which occurrence they are): store
it per story to remember a dismissal.

Suggestions come in reading order. Nothing overlapping a logged claim's quote is
suggested, and a bullet or quotation that restates a sentence of the body gives way to it.
"""

import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace

from .attribution import ESTIMATES_OF, NAMING, PRONOUNS, SAYING, Attribution, attribute
from .models import ClaimStatus, SourceKind
from .overlap import (
    content_words,
    logged_spans,
    overlaps,
    rare_shared_word,
    same_fact,
    word_frequency,
)
from .quotes import NormalizedText, fold
from .sentences import split_sentences
from .source_names import guess_kind, name_phrase
from .status_hints import ESTIMATE, dates, figures, section_hint, status_hint
from .story_text import ITEM, PARAGRAPH, QUOTATION, Block, story_text
from .suggestion_sources import SourceResolver, SuggestedSource, split_origins
from .suggestion_spans import claim_span, clauses, figure_phrases, is_back_reference, statement

__all__ = ["SuggestedSource", "Suggestion", "suggest_claims"]

CONTEXT = 40  # characters of prefix/suffix kept to pick one of repeated words
KEY_LENGTH = 16  # hex digits of a suggestion's key: the desk's addresses accept no other
INTELLIGENCE = SourceKind.INTELLIGENCE_SERVICE.value
DOCUMENT = SourceKind.DOCUMENT.value


@dataclass(frozen=True)
class Suggestion:
    key: str
    quote: str
    statement: str
    origin: SuggestedSource | None
    via: SuggestedSource | None
    status_hint: str  # a Claim.Status value
    reasons: tuple[str, ...]
    start: int  # where the quote is in the story's reader text
    end: int
    quote_prefix: str = ""
    quote_suffix: str = ""
    detail: str = ""  # for the citation: “closed-door briefing to lawmakers”

    @property
    def status_label(self):
        return ClaimStatus(self.status_hint).label


@dataclass
class _Unit:
    """A sentence or clause of the story, and what the rules made of it."""

    start: int
    end: int
    text: str
    block: Block
    sentence: int  # index of its sentence in the story
    attribution: Attribution | None = None
    reasons: list = field(default_factory=list)


def suggest_claims(body, sources=None, logged=()):
    """The suggested claims of a Markdown `body`, in reading order (see the module)."""
    story = story_text(body)
    resolve = SourceResolver(sources, story.text)
    units, sentence_words = _units(story)
    body_words = [content_words(u.text) for u in units if u.block.kind == PARAGRAPH]
    frequency = word_frequency(sentence_words)
    related = _Related(units, sentence_words, frequency)

    suggestions = []
    for unit in filter(_is_claim, units):
        for start, end in _spans(unit):
            suggestion = _suggest(unit, start, end, story.text, resolve)
            if _restates(unit) and same_fact(
                content_words(suggestion.quote), body_words, frequency
            ):
                continue
            if suggestion.origin is None and unit.block.kind == ITEM:
                suggestion = related.origin(suggestion, unit, resolve)
            suggestions.append(suggestion)
    suggestions = _intelligence_origins(suggestions, units, resolve)

    normalized = NormalizedText(story.text)
    logged = logged_spans(story.text, logged, normalized)
    occurrences = _Occurrences(normalized)
    kept, last_end = [], 0
    # Suggestions come in reading order, so one overlapping an earlier one starts before
    # the end of the last one kept.
    for suggestion in suggestions:
        if suggestion.start >= last_end and not overlaps(suggestion.start, suggestion.end, logged):
            last_end = suggestion.end
            kept.append(_keyed(suggestion, story.text, occurrences))
    return kept


def _units(story):
    """Every sentence (clause, when a semicolon joins two) of the story's prose, with its
    attribution; “it also says” and “the agency said” take the source named before."""
    units, sentence_words = [], []
    referents = _Referents()
    for block in story.blocks:
        if block.kind not in {PARAGRAPH, ITEM, QUOTATION}:
            continue
        previous = None
        for sentence in split_sentences(block.text):
            index = len(sentence_words)
            sentence_words.append(content_words(sentence.text))
            for start, end in clauses(sentence.text):
                text = sentence.text[start:end]
                offset = block.start + sentence.start + start
                unit = _Unit(offset, offset + len(text), text, block, index, attribute(text))
                if unit.attribution is None and block.kind == QUOTATION and block.attribution:
                    origin, _, via = block.attribution.partition(" via ")
                    pattern = f"quoted as “{block.attribution}”"
                    unit.attribution = Attribution(origin, 0, len(text), pattern, SAYING, via)
                _resolve_pronoun(unit, previous)
                referents.resolve(unit)
                if unit.attribution:
                    previous = unit
                units.append(unit)
    return units, sentence_words


class _Referents:
    """Who “the agency” or “the ministry” is: the source named last with that word in its
    name. And whose document “the agency’s weekly bulletin” is: the agency's, with the
    bulletin as the citation's detail."""

    def __init__(self):
        self.named = []

    def resolve(self, unit):
        said = unit.attribution
        if not said:
            return
        origin, detail = said.origin, said.detail
        phrase = name_phrase(origin)
        detail = detail or phrase.detail
        if phrase.owner and said.kind != NAMING and guess_kind(phrase.owned) == DOCUMENT:
            origin, detail = phrase.owner, detail or phrase.owned
        if referent := self._named_with(origin):
            unit.reasons.append(f"'{origin}': {referent}")
            origin = referent
        if any(word[:1].isupper() for word in origin.split()):
            self.named.append(origin)  # a name, which “the agency” may refer to later
        unit.attribution = replace(said, origin=origin, detail=detail)

    def _named_with(self, words):
        definite = re.fullmatch(r"(?:[Tt]he\s+|[Tt]his\s+)?([a-z]+)", words.strip())
        if not definite:
            return None
        noun = definite.group(1)
        for named in reversed(self.named):
            if noun in re.findall(r"[a-z]+", named.lower()) and named.lower() != words.lower():
                return named
        return None


def _resolve_pronoun(unit, previous):
    said = unit.attribution
    if not said or said.origin.lower() not in PRONOUNS:
        return
    if previous is None:
        unit.attribution = None
        return
    before = previous.attribution
    # “Seoul assesses …; it also says …”: the second clause goes on with the assessment.
    kind, verb = (before.kind, before.verb) if said.kind == SAYING else (said.kind, said.verb)
    unit.attribution = replace(said, origin=before.origin, via=before.via, kind=kind, verb=verb)
    unit.reasons.append(f"'{unit.text[: said.content_start].strip()}': {before.origin}")


def _restates(unit):
    """Whether a sentence may restate the body: a takeaway or a quotation may, and gives
    way to the body's sentence; an item under “Unconfirmed” is a claim of its own."""
    block = unit.block
    return block.kind == QUOTATION or (block.kind == ITEM and not section_hint(block.section))


def _is_claim(unit):
    """Whether a sentence is worth suggesting: it names its source, sits in a section
    that sorts claims (“Verified Facts”, “Unconfirmed”) or is a quotation, or gives a
    figure. A takeaway that names nobody and gives no figure restates the body."""
    text = unit.text
    if unit.attribution:
        return True
    if is_back_reference(text) and not figures(text):
        return False
    if section_hint(unit.block.section) or unit.block.kind == QUOTATION:
        return len(text.split()) >= 4
    return bool(figures(text))


def _spans(unit):
    """(start, end) in the story of the claim's words: the attributed content, or one
    span per figure when a sentence lists several (“about 15,000 troops … and roughly
    2,000 killed”)."""
    start, end = claim_span(unit.text, unit.attribution)
    phrases = figure_phrases(unit.text, start, end) or [(start, end)]
    return [(unit.start + s, unit.start + e) for s, e in phrases]


def _suggest(unit, start, end, text, resolve):
    said = unit.attribution
    quote = text[start:end]
    origin = via = None
    reasons = [said.pattern, *unit.reasons] if said else []
    if said:
        origin_words, others = split_origins(said.origin)
        origin, via = resolve(origin_words), resolve(said.via)
        if others:
            reasons.append("also names " + ", ".join(others))
    hint, why = status_hint(unit.text, unit.block.section, said, origin and origin.kind)
    reasons += why
    if not said and section_hint(unit.block.section):
        reasons.append(f"under '{unit.block.section}'")
    if found := figures(quote):
        reasons.append(f"a figure ({found[0]})")
    if found := dates(quote):
        reasons.append(f"a date ({found[0]})")
    # The statement drops a verb the quote keeps: “the NIS anticipates | he will…”.
    said_from = unit.start + said.statement_start if said else start
    return Suggestion(
        key="",
        quote=quote,
        statement=statement(text[max(said_from, start) : end]),
        origin=origin,
        via=via,
        status_hint=hint,
        reasons=tuple(dict.fromkeys(reasons)),
        start=start,
        end=end,
        detail=said.detail if said else "",
    )


class _Related:
    """An unattributed item's source, from the one sentence that shares a telling word
    with it and names a source (“rostrum”: the NIS, via lawmaker Lee Seong Kweun)."""

    def __init__(self, units, sentence_words, frequency):
        self.sentence_words = sentence_words
        self.frequency = frequency
        self.named = {}
        for unit in units:
            if unit.attribution and unit.attribution.kind != NAMING:
                self.named.setdefault(unit.sentence, unit.attribution)

    def origin(self, suggestion, unit, resolve):
        others = [(i, self.sentence_words[i]) for i in self.named if i != unit.sentence]
        found = rare_shared_word(self.sentence_words[unit.sentence], others, self.frequency)
        if not found:
            return suggestion
        index, word = found
        said = self.named[index]
        origin_words, _ = split_origins(said.origin)
        return replace(
            suggestion,
            origin=resolve(origin_words),
            via=resolve(said.via),
            reasons=(*suggestion.reasons, f"'{word}' is also in a sentence naming {said.origin}"),
        )


def _intelligence_origins(suggestions, units, resolve):
    """An intelligence estimate cites the service that made it. When the story calls an
    estimate a government's (“Seoul assesses”) and names that country's intelligence
    service elsewhere (“South Korea’s National Intelligence Service”), the service is
    proposed as origin and the government as via."""
    services = {}
    for unit in units:
        if unit.attribution and unit.attribution.kind != NAMING:
            service = resolve(unit.attribution.origin)
            owner = resolve.owner(unit.attribution.origin)
            if service and owner and service.kind == INTELLIGENCE:
                services.setdefault(_identity(owner), (service, owner))
    # A story that says whose estimates they are (“these are South Korean intelligence
    # estimates”) has named their maker itself: when it names one, in the registry, that
    # one is proposed rather than a service the story quotes on something else.
    makers = {
        _identity(maker): maker
        for unit in units
        for named in ESTIMATES_OF.finditer(unit.text)
        if (maker := resolve(named.group("maker")))
        and maker.kind == INTELLIGENCE
        and not maker.is_new
    }
    named_maker = next(iter(makers.values())) if len(makers) == 1 else None
    revised = []
    for suggestion in suggestions:
        origin = suggestion.origin
        estimate_by_other = (
            suggestion.status_hint == ESTIMATE
            and origin is not None
            and origin.kind != INTELLIGENCE
        )
        if estimate_by_other and named_maker:
            suggestion = replace(
                suggestion,
                origin=named_maker,
                via=suggestion.via or origin,
                reasons=(
                    *suggestion.reasons,
                    f"the story calls such figures {named_maker.words} estimates",
                ),
            )
        elif estimate_by_other and _identity(origin) in services:
            service, country = services[_identity(origin)]
            reason = (
                "an intelligence estimate cites the service that made it: "
                f"{country.words}’s is the {service.name}"
            )
            suggestion = replace(
                suggestion,
                origin=service,
                via=suggestion.via or origin,
                reasons=(*suggestion.reasons, reason),
            )
        revised.append(suggestion)
    return revised


def _identity(source):
    return source.source_id if source.source_id is not None else fold(source.name).lower()


class _Occurrences:
    """Where each quote's words occur in the story, found once per distinct quote: a
    long story may repeat a phrase hundreds of times."""

    def __init__(self, normalized):
        self.normalized = normalized
        self._starts = {}

    def of(self, needle):
        if needle not in self._starts:
            folded, starts = self.normalized.text, []
            position = folded.find(needle)
            while position != -1:
                starts.append(self.normalized.to_original(position, position + 1).start)
                position = folded.find(needle, position + 1)
            self._starts[needle] = starts
        return self._starts[needle]


def _keyed(suggestion, text, occurrences):
    """The suggestion with its stable key, and context when its words occur more than once."""
    needle = fold(suggestion.quote)
    starts = occurrences.of(needle)
    occurrence = bisect_left(starts, suggestion.start)
    digest = hashlib.sha256(f"{needle}\x00{occurrence}".encode()).hexdigest()[:KEY_LENGTH]
    prefix = suffix = ""
    if len(starts) > 1:
        prefix = _whole_words(text[max(suggestion.start - CONTEXT, 0) : suggestion.start], True)
        suffix = _whole_words(text[suggestion.end : suggestion.end + CONTEXT], False)
    return replace(suggestion, key=digest, quote_prefix=prefix, quote_suffix=suffix)


def _whole_words(words, before):
    """Context cut at a word boundary: a prefix cut mid-word would still match, but reads
    badly in the form."""
    parts = words.split(" ")
    if len(parts) > 1:
        parts = parts[1:] if before else parts[:-1]
    return " ".join(parts).strip()
