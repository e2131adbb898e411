"""Who says so, in one sentence: the attribution patterns of news copy.

`attribute(sentence)` finds the source a sentence names and the words that are the claim:

- “KCNA reported that Kim left…”, “Chinese organizers say 26 leaders…”, “The ministry said
  in a statement that…” (a subject, a verb of saying or assessing, what was said);
- “Kremlin aide Yuri Ushakov told Russia’s TASS news agency that…” (told … that: the
  origin, and who relayed it);
- “According to lawmaker Lee Seong Kweun, the NIS anticipates…” (according to: a relay,
  and inside it the origin), and “…, according to the ministry.” at the end;
- “…,” the minister said. / “…,” said the minister (the claim first);
- “X, citing Y, reported…” and “a copy of the agreement seen by Reuters” (relays);
- “The ministry declined to comment”, “North Korea and Russia deny…”, “KCNA published
  photos…” (the sentence itself is the claim);
- “Seoul’s latest figures…” and “these are South Korean intelligence estimates” (whose
  figures), “…, as local officials suspect”, “Claims on social media that…” (whose
  suspicion, whose rumour).

Plain regular expressions over one sentence, so every suggestion can say which words it
rests on. A pronoun subject (“it also says”) is returned as such; the suggester resolves
it to the source named just before.
"""

import re
from dataclasses import dataclass

SAYING, ASSESSING, CONFIRMING, DENYING, DECLINING, RECORDING, NAMING = (
    "saying", "assessing", "confirming", "denying", "declining", "recording", "naming",
)  # fmt: skip
PRONOUNS = frozenset(["it", "he", "she", "they", "we"])
# Characters of the longest name of who speaks that a sentence starts with: “North Korea’s
# state media, the Korean Central News Agency (KCNA),” is 66.
LONGEST_SUBJECT = 160

_VERBS = {
    SAYING: """said says say stated states added adds wrote writes noted notes reported
        reports report announced announces claimed claims warned warns insisted insists
        argued argues explained explains acknowledged acknowledges indicated indicates
        shows showed show told tells""",
    ASSESSING: """assesses assessed assess estimates estimated estimate anticipates
        anticipated anticipate expects expected expect believes believed believe projects
        projected predicts predicted forecasts forecast judges judged""",
    CONFIRMING: "confirmed confirms confirm",
    DENYING: "denied denies deny disputed disputes dispute",
    RECORDING: "published listed released issued posted recorded registered",
}
VERB_CLASS = {verb: kind for kind, verbs in _VERBS.items() for verb in verbs.split()}
# At most three before the verb (“has also publicly said”): with no limit, a run of them
# that no verb ends (“has has has …”) was read again from each of its words.
_ADVERBS = (
    r"(?:(?:has|have|had|also|separately|later|previously|repeatedly|again|earlier|publicly"
    r"|officially|now)\s+){0,3}"
)
_VERB = re.compile(
    rf"\b{_ADVERBS}(?P<verb>{'|'.join(sorted(VERB_CLASS, key=len, reverse=True))})\b"
)
_DECLINE = re.compile(
    r"\b(?:declined|refused) to (?:comment|confirm|say|elaborate|discuss)\b"
    r"|\b(?:did|would|could|has|have|had) not (?:immediately )?"
    r"(?:confirm|comment|respond)(?:ed)?\b"
    r"|\bcould not be reached\b"
)
# Words that show the text before a verb is a clause, not the name of who spoke.
_NOT_A_SUBJECT = frozenset({
    "is", "are", "was", "were", "be", "been", "being", "will", "would", "could", "can", "may",
    "might", "should", "must", "do", "does", "did", "not", "to", "that", "which", "who", "if",
    "when", "because", "as", "while", "since", "than",
})  # fmt: skip
_RELATIVE_CLAUSE = re.compile(r",\s+(?:which|who|whose)\s[^,]*(?:,|$)")
_ADVERBIAL = re.compile(
    r"^(?P<phrase>(?:In|At|During|On|Speaking|Earlier|Later|Separately|Meanwhile|Late|Early"
    r"|After|Before|Asked)\b[^,“”\"]{0,100}),\s+"
)
_DETAIL_WORDS = re.compile(
    r"briefing|statement|interview|conference|post|speech|letter|report|broadcast|hearing"
    r"|session|meeting|address|bulletin"
)
_AFTER_VERB = re.compile(
    r"(?P<detail>(?:\s+(?:in an? (?:written |joint |brief |short |televised )?"
    r"(?:statement|interview|post|speech|letter|briefing|report|bulletin)(?: on \w+)?"
    r"|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|late \w+|earlier"
    r"|to reporters|to journalists))*)(?:\s+that\b|,|:)?\s+"
)
_TOLD = re.compile(
    r"\s+(?P<via>(?:reporters|journalists|the press|a (?:news|press) conference)"
    r"(?:\s+(?:in|at)\s+[^,“”\"]{1,40}?)?|[^“”\",;]{2,80}?)(?:\s+on \w+)?(?:\s+that\b|,)\s+"
)
# “told the Meridian Wire agency they heard…”: a named listener, and no “that”.
_TOLD_NAMED = re.compile(
    r"\s+(?P<via>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*"
    r"(?:\s+(?:news\s+agency|agency|newspaper|channel|radio|television|network))?)\s+(?=\S)"
)
_PRESS = re.compile(r"^(?:reporters|journalists|the press|a (?:news|press) conference)\b")
_ACCORDING_FIRST = re.compile(r"^According to (?P<origin>[^,]{2,120}),\s+")
# From a comma or the first space of a run: tried from each space, a long run of them was
# read again from each one.
_ACCORDING_LAST = re.compile(r"(?:,|(?<![\s,]))\s+according to (?P<origin>[^,;]{2,120}?)[.”\"]*$")
_CLAIM_FIRST = re.compile(
    r"^(?P<content>.+?)[,”\"]+\s+"
    r"(?:(?P<subject>[^,“”\"]{2,80}?)\s+(?P<verb>said|says|added|wrote|noted|told reporters"
    r"|stated|warned)|(?P<verb2>said|says|added)\s+(?P<subject2>[^,“”\"]{2,80}?)"
    r"(?P<appositive>,\s+(?:an?|the)\s[^,“”\"]{2,80}?)?)"
    r"(?P<detail>\s+(?:in an? [\w-]+(?: [\w-]+)?(?: on \w+)?|on \w+(?:,? \w+\.? \d{1,2})?"
    r"|late \w+|at an? [\w-]+(?: [\w-]+)?))?(?:,\s.*)?[.”\"]*$"
)
# “…, as local officials suspect.”
_AS_SUBJECT = re.compile(
    r"^(?P<content>.+?),\s+as\s+(?P<subject>[^,“”\"]{2,60}?)\s+(?P<verb>suspect(?:s|ed)?"
    r"|believe[sd]?|say|says|said|fear(?:s|ed)?|expect(?:s|ed)?|claim(?:s|ed)?)[.”\"]*$"
)
_RELAY = re.compile(r"^(?P<relay>.+?),\s+citing\s+(?P<origin>.+?),?$")
_SEEN_BY = re.compile(r"^(?P<origin>.+?),?\s+(?:seen|obtained|reviewed) by\s+(?P<relay>.+)$")
_OWNED_FIGURES = re.compile(
    r"^(?P<owner>[A-Z][^,;:“”\"]{1,60}?)[’']s\s+(?:(?:latest|new|own|official|preliminary"
    r"|revised)\s+)*(?:figures|estimates?|assessments?|tally|count|data|numbers|projections?)\b"
)
# “Claims on social media that…”, “Reports in local media that…”: an unconfirmed item's source.
_HEARSAY = re.compile(
    r"^(?P<what>Claims|Reports|Rumou?rs|Posts|Accounts)\s+(?:on|in|from|by)\s+"
    r"(?P<origin>[^,;“”\"]{2,60}?)\s+that\b"
)
_NAMED_ESTIMATE = re.compile(
    r"\b(?:these|those|they|this|it|which)\s+(?:are|is|were|was)\s+(?P<owner>[^,.;“”\"]{2,60}?)"
    r"\s+(?P<what>estimates|assessments|figures|projections)\b"
)

# “South Korean intelligence estimates”: whose estimates a story reports. Only from the
# start of a word: tried from each capital inside one (“AbAbAb…”), it read the word again.
ESTIMATES_OF = re.compile(
    r"(?<![\w’'.-])(?P<maker>(?:[A-Z][\w’'.-]*\s+){1,4}intelligence)"
    r"\s+(?:estimates?|assessments?)\b"
)


@dataclass(frozen=True)
class Attribution:
    origin: str  # the story's words for who said it (a pronoun, when it is one)
    content_start: int  # the claim's words within the sentence
    content_end: int
    pattern: str  # which words it rests on, for the reporter: "'according to'"
    kind: str  # SAYING, ASSESSING, …
    via: str = ""  # the story's words for who relayed it
    detail: str = ""  # “closed-door briefing to lawmakers”
    verb: str = ""
    # Where the words said begin, when the quote keeps a verb before them: “the NIS
    # anticipates | he will receive…” (-1: where the content starts).
    said_start: int = -1

    @property
    def statement_start(self):
        return self.content_start if self.said_start < 0 else self.said_start


def attribute(sentence):
    """The Attribution a sentence makes, or None when it names nobody."""
    return (
        _according_first(sentence)
        or _according_last(sentence)
        or _declined(sentence)
        or _subject_verb(sentence, 0)
        or _claim_first(sentence)
        or _owned_figures(sentence)
        or _named_estimate(sentence)
        or _hearsay(sentence)
    )


def _according_first(sentence):
    match = _ACCORDING_FIRST.match(sentence)
    if not match:
        return None
    origin, via = _relay(match["origin"])
    inner = _subject_verb(sentence, match.end())
    if inner and inner.origin.lower() not in PRONOUNS:
        # “According to a lawmaker, the NIS anticipates…”: the NIS said it, the lawmaker
        # passed it on; the claim keeps the NIS's verb, so the quote starts after the comma.
        return Attribution(
            origin=inner.origin,
            via=via or origin,
            content_start=match.end(),
            content_end=len(sentence),
            pattern=f"'according to' and {inner.pattern}",
            kind=inner.kind,
            verb=inner.verb,
            said_start=inner.content_start,
        )
    return Attribution(origin, match.end(), len(sentence), "'according to'", SAYING, via=via)


def _according_last(sentence):
    match = _ACCORDING_LAST.search(sentence)
    if not match or match.start() < 10:
        return None
    origin, via = _relay(match["origin"])
    return Attribution(origin, 0, match.start(), "'according to'", SAYING, via=via)


def _declined(sentence):
    match = _DECLINE.search(sentence)
    if not match:
        return None
    start, detail = _after_adverbial(sentence, 0)
    subject = _subject_before(sentence, start, match.start())
    if not subject:
        return None
    pattern = f"'{match.group()}'"
    return Attribution(subject, 0, len(sentence), pattern, DECLINING, detail=detail)


def _after_adverbial(sentence, offset):
    """Where the subject starts after an opening “In a closed-door briefing to lawmakers,”,
    and that phrase as a citation detail when it says where the words were said."""
    adverbial = _ADVERBIAL.match(sentence, offset)
    if not adverbial:
        return offset, ""
    phrase = adverbial["phrase"]
    detail = ""
    if _DETAIL_WORDS.search(phrase):
        detail = re.sub(r"^(?:In|At|During|On)\s+(?:an?|the)\s+", "", phrase)
    return adverbial.end(), detail


def _subject_verb(sentence, offset):
    offset, detail = _after_adverbial(sentence, offset)
    for verb in _VERB.finditer(sentence, offset):
        if verb.start() - offset > LONGEST_SUBJECT:
            return None  # too far from the start for the words before it to be a name
        subject = _subject_before(sentence, offset, verb.start())
        if subject is None:
            continue
        word = verb["verb"].lower()
        kind = VERB_CLASS[word]
        if kind == RECORDING and sentence[: verb.start()].rstrip().endswith(","):
            continue  # “The bulletin, published Friday, says…”: a participle, not the verb
        origin, via = _relay(subject)
        if sentence[verb.end() : verb.end() + 1] == "," and ", " in subject:
            # “Kim’s train, KCNA said, arrived…”: the source named in passing; the whole
            # sentence is the claim.
            origin = subject.rsplit(", ", 1)[1]
            return Attribution(origin, offset, len(sentence), f"'{word}'", kind, via, detail, word)
        if word in {"told", "tells"}:
            told = _TOLD.match(sentence, verb.end()) or _TOLD_NAMED.match(sentence, verb.end())
            if not told:
                return None
            press = bool(_PRESS.match(told["via"]))
            via = via or ("" if press else told["via"])
            pattern = "'told reporters'" if press else "'told … that'"
            if not press and not told.group().rstrip().endswith("that"):
                pattern = "'told'"
            detail = detail or f"told {told['via']}"
            return Attribution(
                origin, told.end(), len(sentence), pattern, SAYING, via, detail, word
            )
        after = _AFTER_VERB.match(sentence, verb.end())
        said_in = (after["detail"] or "").strip() if after else ""
        if "statement" in said_in:
            pattern = "'said in a statement'" if word == "said" else f"'{word} in a statement'"
        elif "that" in (after.group() if after else "") and kind == SAYING:
            pattern = f"'{word} that'"
        else:
            pattern = f"'{word}'"
        detail = detail or said_in.removeprefix("in a ").removeprefix("in an ")
        content = after.end() if after else verb.end()
        whole = kind in {DENYING, RECORDING} or (
            kind == CONFIRMING and "that" not in sentence[verb.end() : content]
        )
        if kind == ASSESSING and re.match(r"(?:\S+\s+){0,3}to\s+\w+", sentence[content:]):
            whole = True  # “Seoul expects Kim to seek talks”: no clause to stand alone
        if whole:
            content = offset
        if content >= len(sentence.rstrip(" .")):
            return None  # the verb ends the sentence: the claim comes first (“…, X said.”)
        return Attribution(origin, content, len(sentence), pattern, kind, via, detail, word)
    return None


def _subject_before(sentence, offset, end):
    """The words naming who speaks between `offset` and `end`, or None when they are a
    clause, not a name (“Kim’s train crossed into China … and was expected”)."""
    subject = sentence[offset:end].strip().rstrip(",").strip()
    # “The company, which asked not to be named,” is the company.
    subject = _RELATIVE_CLAUSE.sub("", subject)
    words = subject.split()
    if not words or len(words) > 12 or any(q in subject for q in '“”"'):
        return None
    if re.search(r",\s+(?:and|but|or|while)\s", subject):
        return None  # “…traded accusations, and the ministry said”: a clause before
    lowered = [w.lower().strip(",") for w in words]
    if any(w in _NOT_A_SUBJECT for w in lowered):
        return None
    if lowered[0] in PRONOUNS:
        return words[0] if len(words) == 1 else None
    # “the NIS”, “Chinese organizers”, “mission spokesperson Lena Ott”: a determiner or a
    # name; “officials familiar with the talks” on its own names nobody in particular.
    if not (
        lowered[0] in {"the", "a", "an", "its", "their"} or any(word[0].isupper() for word in words)
    ):
        return None
    if len(words) == 1 and lowered[0] in {"the", "a", "an"}:
        return None
    return subject


def _claim_first(sentence):
    match = _CLAIM_FIRST.match(sentence)
    if not match:
        return _as_subject(sentence)
    subject = match["subject"] or match["subject2"]
    verb = (match["verb"] or match["verb2"]).lower()
    if _subject_before(subject, 0, len(subject)) is None:
        return None
    start, end = match.start("content"), match.end("content")
    detail = (match["detail"] or "").strip(" ,.")
    pattern = "'said in a statement'" if "statement" in detail else f"'{verb}'"
    detail = re.sub(r"^in\s+an?\s+", "", detail)
    origin = subject + (match["appositive"] or "")
    return Attribution(origin, start, end, pattern, SAYING, detail=detail, verb=verb.split()[0])


def _as_subject(sentence):
    match = _AS_SUBJECT.match(sentence)
    # “as local officials suspect” names nobody in particular, but says who suspects.
    if not match or set(match["subject"].lower().split()) & _NOT_A_SUBJECT:
        return None
    verb = match["verb"].lower()
    return Attribution(
        match["subject"], 0, match.end("content"), f"'as … {verb}'", ASSESSING, verb=verb
    )


def _owned_figures(sentence):
    match = _OWNED_FIGURES.match(sentence)
    if not match:
        return None
    pattern = f"'{match.group()}'"
    return Attribution(match["owner"], 0, len(sentence), pattern, NAMING)


def _named_estimate(sentence):
    match = _NAMED_ESTIMATE.search(sentence)
    if not match:
        return None
    pattern = f"'{match['owner']} {match['what']}'"
    return Attribution(match["owner"], 0, len(sentence), pattern, NAMING)


def _hearsay(sentence):
    match = _HEARSAY.match(sentence)
    if not match:
        return None
    pattern = f"'{match['what'].lower()} {sentence.split()[1]} … that'"
    return Attribution(match["origin"], 0, len(sentence), pattern, NAMING)


def _relay(words):
    """(origin, via) of “Yonhap, citing military officials” or “a copy of the agreement
    seen by Reuters”: the words that first said it, and who passed them on."""
    if match := _RELAY.match(words):
        return match["origin"].strip(), match["relay"].strip()
    if match := _SEEN_BY.match(words):
        return match["origin"].strip(), match["relay"].strip()
    return words.strip(), ""
