"""How stories name a source, taken apart: “Russia’s TASS news agency” is TASS, “Kremlin
aide Yuri Ushakov” is Yuri Ushakov (a Kremlin aide), “North Korea’s state media, the Korean
Central News Agency (KCNA)” is KCNA.

`name_phrase` turns the words a story uses into the names worth looking up in the source
registry, most specific first, and, for a source the registry does not have yet, the name,
description and kind to propose. Pure text rules: no database here.
"""

import re
from dataclasses import dataclass

from .models import SourceKind
from .quotes import fold

_PARENTHETICAL = re.compile(r"\s*\(([^()]{1,40})\)")
_ABBREVIATION = re.compile(r"^[A-Z][A-Za-z0-9.&-]{0,11}$")
_PARTICIPLE = re.compile(r"(?:published|released|issued|seen|obtained|dated|posted)\b")
_PREPOSITION = re.compile(r"^(?:in|at|on|during)\s+(?:an?\s+|the\s+)?")
_COPY_OF = re.compile(r"^(?:copy|draft|version|text|summary) of (?:the )?", re.IGNORECASE)
# Names made only of these words say which institution, not whose: “Defense Ministry” is
# kept with its owner, “Dravia’s Defense Ministry”; “TASS” is TASS.
_GENERIC_INSTITUTION = frozenset({
    "ministry", "foreign", "defense", "defence", "health", "interior", "finance", "justice",
    "army", "navy", "police", "government", "parliament", "office", "cabinet", "presidency",
    "military", "forces", "embassy", "department", "state",
})  # fmt: skip
_POSSESSIVE = re.compile(r"^(?P<owner>.+?)[’']s\s+(?P<rest>.+)$")
_DETERMINERS = frozenset(
    ["the", "a", "an", "some", "several", "many", "its", "their", "his", "her", "our"]
)
_CONNECTORS = frozenset(
    ["of", "for", "and", "in", "de", "du", "la", "al", "bin", "von", "van", "der", "on"]
)
# Words that say what a named source is, when they stand next to its name.
_DESCRIPTOR_TAILS = (
    "news agency", "state news agency", "agency", "newspaper", "daily", "broadcaster",
    "television", "news service", "wire service", "spokesperson", "spokesman",
    "spokeswoman", "office", "website", "channel", "radio",
)  # fmt: skip
_TITLES = frozenset({
    "president", "minister", "secretary", "spokesperson", "spokesman", "spokeswoman",
    "director", "chairman", "chairwoman", "chair", "general", "ambassador", "governor",
    "mayor", "senator", "commissioner", "chief", "deputy", "envoy", "commander", "colonel",
    "admiral", "premier", "chancellor", "king", "queen", "prince", "lawmaker",
    "director-general", "secretary-general", "gen.", "dr.", "sen.", "gov.", "rep.", "lt.",
    "col.", "prof.", "mr.", "mrs.", "ms.", "adm.", "capt.", "sgt.",
})  # fmt: skip
# “Full Name (ABBR)”: found from the parenthesis back, over the words before it. A regular
# expression for the run of capitalized words would read the run again from each of its
# words: a story of 30,000 capitalized words took minutes.
_ABBREVIATED = re.compile(r"\((?P<abbreviation>[A-Z][A-Za-z.&]{1,11})\)")
_NAME_WORD = re.compile(r"[A-Z][\w’'.-]*|of|for|and|the")
_NAME_WORD_END = re.compile(rf"(?<![\w’'.-])(?:{_NAME_WORD.pattern})$")  # “Korean” in “(Korean”
# At most 12 initials, so the name is at most 12 words with a connector or two each (“of
# the”); the words before the parenthesis are read back this far, in this many characters.
LONGEST_NAME_WORDS = 36
LONGEST_NAME_CHARACTERS = 600

# Kind guesses, most telling first: “North Korea’s state media, the Korean Central News
# Agency” is state media before it is a news agency.
_KIND_WORDS = (
    (SourceKind.INTELLIGENCE_SERVICE, r"intelligence|spy agency|security service"),
    (
        SourceKind.STATE_MEDIA,
        r"state[- ](?:media|run|news|television|tv|broadcaster|outlets?)|central news agency",
    ),
    (
        SourceKind.OFFICIAL_SPOKESPERSON,
        r"spokes(?:person|man|woman)|press secretary|aide|advis[eo]r|press office",
    ),
    (
        SourceKind.WIRE_AGENCY,
        r"news agency|wire|reuters|associated press|agence france|afp|tass|xinhua|yonhap"
        r"|interfax|kyodo|anadolu",
    ),
    (
        SourceKind.NEWS_OUTLET,
        r"newspaper|broadcaster|television|radio|daily|magazine|outlets?|media|times|post"
        r"|journal|channel|news|courier|herald|gazette|tribune|chronicle|press",
    ),
    (
        SourceKind.DOCUMENT,
        r"report|document|agreement|accord|bulletin|memo(?:randum)?|letter|filing|decree"
        r"|resolution|draft|copy|data|study|survey|records|transcript|treaty|text|minutes",
    ),
    (
        SourceKind.EXPERT,
        r"analysts?|experts?|professor|researchers?|economists?|scientists?|scholars?"
        r"|epidemiologists?|physicians?|doctors?|lecturer",
    ),
    (
        SourceKind.GOVERNMENT,
        r"ministry|minister|government|president|prime minister|lawmakers?|parliament"
        r"|congress|senator|officials?|department|agency|authorit(?:y|ies)|commission"
        r"|council|embassy|military|army|navy|defen[cs]e|police|mayor|governor|kremlin"
        r"|white house|organi[sz]ers|cabinet|presidency|court|prosecutors?",
    ),
)
_KIND_PATTERNS = tuple((kind, re.compile(rf"\b(?:{words})\b")) for kind, words in _KIND_WORDS)


@dataclass(frozen=True)
class NamePhrase:
    text: str  # the words of the story
    name: str  # the name to propose for a new source
    candidates: tuple[str, ...]  # names to look up, most specific first
    description: str  # “Kremlin aide”
    kind: str  # a SourceKind value: a guess from the words
    owner: str = ""  # “South Korea” in “South Korea’s National Intelligence Service”
    owned: str = ""  # “National Intelligence Service”: what the owner's name is followed by
    detail: str = ""  # “televised address” in “Mira Halden, in a televised address”


def story_abbreviations(text):
    """{"NIS": "National Intelligence Service"}: each “Full Name (ABBR)” of a story."""
    found = {}
    for match in _ABBREVIATED.finditer(text):
        abbreviation = match.group("abbreviation")
        words = _name_before(text, match.start())
        # Trim leading words (“South Korea’s”) until the initials fit the abbreviation.
        letters = abbreviation.replace(".", "").lower()
        for first in range(len(words)):
            if acronym(" ".join(words[first:])) == letters:
                found.setdefault(abbreviation, _strip_determiners(" ".join(words[first:])))
                break
    return found


def _name_before(text, end):
    """The capitalized words (and “of”, “for”, “and”, “the”) just before `end`, at most
    LONGEST_NAME_WORDS of them."""
    start = max(end - LONGEST_NAME_CHARACTERS, 0)
    tokens = text[start:end].split()
    if start and tokens and not text[start - 1].isspace():
        tokens = tokens[1:]  # a word cut in two by the window
    words = []
    for token in reversed(tokens[-LONGEST_NAME_WORDS:]):
        if _NAME_WORD.fullmatch(token):
            words.append(token)
            continue
        if tail := _NAME_WORD_END.search(token):
            words.append(tail.group())  # “(Korean”: the name starts inside the word
        break
    return words[::-1]


def acronym(name):
    """“kcna” for “Korean Central News Agency”; "" for a name of fewer than two words."""
    words = [w for w in re.split(r"[\s-]+", fold(name)) if w and w.lower() not in _CONNECTORS]
    words = [w for w in words if w.lower() != "the"]
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return ""
    return "".join(w[0] for w in words).lower()


def name_key(name):
    """What two spellings of one name share: case, “the”, dots and typography aside."""
    key = fold(name).lower().replace(".", "").strip(" ,;:")
    key = re.sub(r"^the\s+", "", key)
    return re.sub(r"\s+", " ", key)


def name_phrase(text, abbreviations=None):
    """The names, description and kind a story's words for a source suggest."""
    abbreviations = abbreviations or {}
    words = " ".join(text.split()).strip(' ,.;:“”"')
    found_abbreviations = [
        inner.strip()
        for inner in _PARENTHETICAL.findall(words)
        if _ABBREVIATION.match(inner.strip()) and sum(c.isupper() for c in inner) >= 2
    ]
    bare = _PARENTHETICAL.sub("", words)
    pieces = [piece.strip() for piece in re.split(r",\s+", bare) if piece.strip()]
    # “…, in a televised address” says where, “…, published Friday” when: neither names.
    details = [p for p in pieces if _PREPOSITION.match(p)]
    parts = [_parse_part(p) for p in pieces if p not in details and not _PARTICIPLE.match(p)]
    if not parts:
        parts = [_parse_part(pieces[0] if pieces else bare)]
    named = [part for part in parts if part.proper] or parts
    main = named[0]

    expansions = [
        abbreviations[word]
        for word in (*found_abbreviations, *(p.proper for p in parts))
        if word in abbreviations
    ]
    candidates = _unique(
        [
            *found_abbreviations,
            _strip_determiners(bare),
            *(part.proper for part in named if part.proper),
            *(part.text for part in parts),
            *(part.rest for part in parts),
            *expansions,
        ]
    )
    # Without a proper name, the owner tells which one: “North Korea’s state television”.
    name = expansions[0] if expansions else (main.proper or main.text)
    descriptions = [main.descriptor] + [p.text for p in parts if p is not main]
    description = ", ".join(d for d in descriptions if d)
    detail = _PREPOSITION.sub("", details[0]) if details else ""
    return NamePhrase(
        text=text,
        name=name[:1].upper() + name[1:],
        candidates=tuple(candidates),
        description=description,
        kind=guess_kind(f"{words} {description}"),
        owner=main.owner,
        owned=main.rest if main.owner else "",
        detail=detail,
    )


def guess_kind(words):
    lowered = fold(words).lower()
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(lowered):
            return kind.value
    return SourceKind.OTHER.value


@dataclass(frozen=True)
class _Part:
    text: str  # the appositive as written, without determiners
    owner: str  # before a possessive “’s”
    rest: str  # after it
    proper: str  # the proper name in it, if any
    descriptor: str  # the words around the proper name that say what it is


def _parse_part(text):
    text = _COPY_OF.sub("", _strip_determiners(text.strip()))
    possessive = _POSSESSIVE.match(text)
    owner, rest = (possessive["owner"], possessive["rest"]) if possessive else ("", text)
    rest = _strip_determiners(rest)
    tokens = rest.split()
    proper, descriptor = _proper_name(tokens)
    if owner and proper and all(w.lower() in _GENERIC_INSTITUTION for w in proper.split()):
        proper = f"{owner}’s {proper}"
    if owner and descriptor:
        descriptor = f"{owner}’s {descriptor}"
    return _Part(text, owner, rest, proper, descriptor)


def _proper_name(tokens):
    """(name, descriptor) of tokens: “Kremlin aide Yuri Ushakov” → (Yuri Ushakov, Kremlin
    aide); “TASS news agency” → (TASS, news agency); “Chinese organizers” → ("", "")."""
    if not tokens:
        return "", ""
    start = len(tokens)
    while start > 0 and (_capitalized(tokens[start - 1]) or tokens[start - 1] in _CONNECTORS):
        start -= 1
    while start < len(tokens) and tokens[start] in _CONNECTORS:
        start += 1
    if start < len(tokens):
        run = tokens[start:]
        titles = [i for i, token in enumerate(run[:-1]) if token.lower() in _TITLES]
        if titles:
            cut = titles[-1] + 1
            return " ".join(run[cut:]), " ".join(tokens[: start + cut])
        if start > 0:
            return " ".join(run), " ".join(tokens[:start])
        return " ".join(run), ""
    lowered = " ".join(tokens).lower()
    for tail in _DESCRIPTOR_TAILS:
        if lowered.endswith(" " + tail):
            head = tokens[: len(tokens) - len(tail.split())]
            if head and all(_capitalized(t) or t in _CONNECTORS for t in head):
                return " ".join(head), tail
    return "", ""


def _capitalized(token):
    return token[:1].isupper() or token[:1].isdigit()


def _strip_determiners(text):
    words = text.split()
    first = 0  # counted, not sliced off one by one: “a a a …” would cost its square
    while first < len(words) - 1 and words[first].lower() in _DETERMINERS:
        first += 1
    return " ".join(words[first:])


def _unique(names):
    seen, unique = set(), []
    for name in names:
        key = name_key(name) if name else ""
        if key and key not in seen:
            seen.add(key)
            unique.append(name)
    return unique
