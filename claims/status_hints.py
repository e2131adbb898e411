"""How sure a story says it is of a sentence, and the figures and dates in it.

A hint, never a status: new claims start unconfirmed and only an editor's approval changes
that (claims.workflow). The hint tells the reporter which status to ask for, and why, in
the story's own words. The strongest signal wins:

1. an assessment (“assesses”, or an intelligence service that “estimates”, “expects”,
   “anticipates”; “intelligence estimates” in the sentence): an intelligence estimate;
2. the sentence says it is not verified (“cannot be independently verified”, “has not
   been confirmed”, “declined to comment”): unconfirmed;
3. the section it sits in (“Verified Facts”, “Unconfirmed”);
4. a source “confirmed” it: verified;
5. otherwise unconfirmed, as every new claim starts.
"""

import math
import re
from bisect import bisect_right

from .attribution import ASSESSING, CONFIRMING, DECLINING, NAMING
from .models import ClaimStatus, SourceKind

VERIFIED = ClaimStatus.VERIFIED.value
UNCONFIRMED = ClaimStatus.UNCONFIRMED.value
ESTIMATE = ClaimStatus.INTELLIGENCE_ESTIMATE.value

# Verbs that make an assessment whoever uses them; “estimates”, “expects” and the like
# only when an intelligence service does (a health agency's estimate is not intelligence).
_ASSESSMENT_VERBS = frozenset(["assesses", "assessed", "assess"])
_INTELLIGENCE_WORDS = re.compile(
    r"\bintelligence (?:estimates?|assessments?|channels|figures|officials?|agencies)\b",
    re.IGNORECASE,
)
_NOT_VERIFIED = re.compile(
    r"\b(?:can ?not|could not|can't|couldn't) be (?:independently )?(?:verified|confirmed)\b"
    r"|\bnot (?:been )?(?:independently )?(?:verified|confirmed)\b"
    r"|\b(?:unverified|unconfirmed)\b"
    r"|\bno\b[^.;]{0,60}\b(?:has|have) been confirmed\b"
    r"|\b(?:neither|nobody|no one)\b[^.;]{0,60}\b(?:has|have) (?:confirmed|verified)\b"
    r"|\ballegedly\b",
    re.IGNORECASE,
)
_UNCONFIRMED_SECTION = re.compile(
    r"unconfirmed|unverified|not (?:yet )?confirmed|disputed|what we don.t know|claims",
    re.IGNORECASE,
)
# “Official Statements” are on the record: that they were said is the claim.
_VERIFIED_SECTION = re.compile(
    r"verified|confirmed|facts|what we know|official statements?|on the record", re.IGNORECASE
)

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DATE = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:,\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?"
    rf"|(?:early |late )?{_WEEKDAY}|(?:in |since |until |by )?(?:19|20)\d\d\b"
    r"|last (?:fall|autumn|spring|summer|winter|week|month|year))"
)
FIGURE = re.compile(
    r"(?<![\w.])(?:\d[\d,]*(?:\.\d+)?(?:-\w+)?(?:\s?(?:%|percent|per cent|million|billion))?"
    r"|(?:dozens|hundreds|thousands|millions) of)(?![\w])"
)


def figures(text):
    """The quantities in `text`: numbers that are not part of a date."""
    dated = [match.span() for match in DATE.finditer(text)]
    return [match.group() for match in FIGURE.finditer(text) if not _within(dated, match.start())]


def _within(spans, position):
    """Whether `position` lies in one of the sorted, disjoint `spans`: looked up, not
    walked, since for a sentence listing many dates that would cost their square."""
    before = bisect_right(spans, (position, math.inf)) - 1
    return before >= 0 and position < spans[before][1]


def dates(text):
    return [match.group().strip() for match in DATE.finditer(text)]


def section_hint(section):
    if _UNCONFIRMED_SECTION.search(section):
        return UNCONFIRMED
    if _VERIFIED_SECTION.search(section):
        return VERIFIED
    return None


def status_hint(text, section, attribution, origin_kind):
    """(status, reasons) for a claim's `text`, sitting under `section`, said as
    `attribution` (or None) by a source of `origin_kind` (or None)."""
    kind = attribution.kind if attribution else None
    verb = attribution.verb if attribution else ""
    if kind == ASSESSING and (
        verb in _ASSESSMENT_VERBS or origin_kind == SourceKind.INTELLIGENCE_SERVICE
    ):
        return ESTIMATE, [f"'{verb}'"]
    if intelligence := _INTELLIGENCE_WORDS.search(text):
        return ESTIMATE, [f"'{intelligence.group()}'"]
    if kind == NAMING and origin_kind == SourceKind.INTELLIGENCE_SERVICE:
        return ESTIMATE, [attribution.pattern]
    if kind == DECLINING:
        return UNCONFIRMED, [attribution.pattern]
    if doubt := _NOT_VERIFIED.search(text):
        return UNCONFIRMED, [f"'{doubt.group()}'"]
    if hint := section_hint(section):
        return hint, [f"under '{section}'"]
    if kind == CONFIRMING:
        return VERIFIED, [f"'{verb}'"]
    return UNCONFIRMED, []
