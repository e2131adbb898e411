"""Suggested claims: the words of the story that make a claim, who says so (matched to the
registry), how sure the story is, and why — never a claim already logged, never twice."""

import math
import time
from itertools import pairwise

import pytest

from articles.markdown import body_text
from claims import suggestion_spans
from claims.models import Claim, Source
from claims.quotes import find_quote
from claims.source_directory import SourceDirectory
from claims.suggestions import suggest_claims
from tests.factories import make_claim

VERIFIED = Claim.Status.VERIFIED
UNCONFIRMED = Claim.Status.UNCONFIRMED
ESTIMATE = Claim.Status.INTELLIGENCE_ESTIMATE

REGISTRY = SourceDirectory(
    Source(id=n, name=name, kind=kind, aliases=aliases)
    for n, (name, kind, aliases) in enumerate(
        [
            ("KCNA", Source.Kind.STATE_MEDIA, ""),
            ("National Intelligence Service", Source.Kind.INTELLIGENCE_SERVICE, "NIS"),
            ("Government of South Korea", Source.Kind.GOVERNMENT, "Seoul\nSouth Korea"),
            ("TASS", Source.Kind.WIRE_AGENCY, ""),
            ("Meridian Wire", Source.Kind.WIRE_AGENCY, ""),
        ],
        start=1,
    )
)


def suggest(body, logged=()):
    return suggest_claims(body, REGISTRY, logged=logged)


def only(body):
    found = suggest(body)
    assert len(found) == 1, [s.quote for s in found]
    return found[0]


def name(source):
    return source.name if source else None


PATTERNS = [
    (
        "## Verified Facts\n\nThe Health Ministry said the border reopened on Monday.",
        "the border reopened on Monday",
        "Health Ministry",
        None,
        VERIFIED,
        "'said'",
    ),
    (
        "Chinese organizers say 26 world leaders will observe the parade.",
        "26 world leaders will observe the parade",
        "Chinese organizers",
        None,
        UNCONFIRMED,
        "'say'",
    ),
    (
        "Kremlin aide Yuri Ushakov told Russia’s TASS news agency that a Putin–Kim meeting "
        "in China is “under consideration.”",
        "a Putin–Kim meeting in China is “under consideration.”",
        "Yuri Ushakov",
        "TASS",
        UNCONFIRMED,
        "'told … that'",
    ),
    (
        "Health Minister Dana Reyes told reporters on Friday that vaccine stocks would last.",
        "vaccine stocks would last",
        "Dana Reyes",
        None,
        UNCONFIRMED,
        "'told reporters'",
    ),
    (
        "North Korea’s state media, the Korean Central News Agency (KCNA), reported that Kim "
        "left Pyongyang by his armored “special train.”",
        "Kim left Pyongyang by his armored “special train.”",
        "KCNA",
        None,
        UNCONFIRMED,
        "'reported that'",
    ),
    (
        "According to attending lawmaker Lee Seong Kweun, the NIS anticipates he will "
        "receive special protocol on par with Putin.",
        "the NIS anticipates he will receive special protocol on par with Putin",
        "National Intelligence Service",
        "Lee Seong Kweun",
        ESTIMATE,
        "'according to' and 'anticipates'",
    ),
    (
        "Turnout was 61 percent, according to the Central Election Commission.",
        "Turnout was 61 percent",
        "Central Election Commission",
        None,
        UNCONFIRMED,
        "'according to'",
    ),
    (
        "South Korea assesses that North Korea has backed Russia’s war effort with munitions.",
        "North Korea has backed Russia’s war effort with munitions",
        "Government of South Korea",
        None,
        ESTIMATE,
        "'assesses'",
    ),
    (
        "The NIS estimates that about 2,000 North Korean soldiers have been killed.",
        "about 2,000 North Korean soldiers have been killed",
        "National Intelligence Service",
        None,
        ESTIMATE,
        "'estimates'",
    ),
    (
        "The International Displacement Monitor estimates that 120,000 people have fled.",
        "120,000 people have fled",
        "International Displacement Monitor",
        None,
        UNCONFIRMED,
        "'estimates'",
    ),
    (
        "Dravia’s Defense Ministry confirmed that all heavy artillery had been pulled back.",
        "all heavy artillery had been pulled back",
        "Dravia’s Defense Ministry",
        None,
        VERIFIED,
        "'confirmed'",
    ),
    (
        "Kestonia’s Foreign Ministry declined to comment on reports of drone flights.",
        "Kestonia’s Foreign Ministry declined to comment on reports of drone flights",
        "Kestonia’s Foreign Ministry",
        None,
        UNCONFIRMED,
        "'declined to comment'",
    ),
    (
        "The Regional Health Observatory (RHO) said in a statement on Thursday that measles "
        "cases rose 45% this year.",
        "measles cases rose 45% this year",
        "Regional Health Observatory",
        None,
        UNCONFIRMED,
        "'said in a statement'",
    ),
    (
        "“We are not going anywhere until the guns are silent,” mission spokesperson Lena Ott "
        "said.",
        "We are not going anywhere until the guns are silent",
        "Lena Ott",
        None,
        UNCONFIRMED,
        "'said'",
    ),
    (
        "Yonhap, citing military officials, reported that two missiles were fired on Sunday.",
        "two missiles were fired on Sunday",
        "Military officials",
        "Yonhap",
        UNCONFIRMED,
        "'reported that'",
    ),
    (
        "According to a copy of the ceasefire agreement seen by Meridian Wire, the truce will "
        "be reviewed after 30 days.",
        "the truce will be reviewed after 30 days",
        "Ceasefire agreement",
        "Meridian Wire",
        UNCONFIRMED,
        "'according to'",
    ),
    (
        "Kim’s train, KCNA said, arrived in Dandong at 6 a.m. on Tuesday.",
        "Kim’s train, KCNA said, arrived in Dandong at 6 a.m. on Tuesday",
        "KCNA",
        None,
        UNCONFIRMED,
        "'said'",
    ),
    (
        "The company, which asked not to be named, said profits fell 5% this year.",
        "profits fell 5% this year",
        "Company",
        None,
        UNCONFIRMED,
        "'said'",
    ),
    (
        "North Korea and Russia deny violating U.N. sanctions.",
        "North Korea and Russia deny violating U.N. sanctions",
        "North Korea",
        None,
        UNCONFIRMED,
        "'deny'",
    ),
    (
        "## Unconfirmed\n\n- Claims on social media that some vaccine batches were tainted.",
        "Claims on social media that some vaccine batches were tainted",
        "Social media",
        None,
        UNCONFIRMED,
        "under 'Unconfirmed'",
    ),
]


@pytest.mark.parametrize(("body", "quote", "origin", "via", "status", "reason"), PATTERNS)
def test_each_attribution_pattern(body, quote, origin, via, status, reason):
    suggestion = only(body)
    assert suggestion.quote == quote
    assert (name(suggestion.origin), name(suggestion.via)) == (origin, via)
    assert suggestion.status_hint == status
    assert reason in suggestion.reasons


def test_the_statement_is_the_claim_without_who_said_it():
    suggestion = only(
        "According to attending lawmaker Lee Seong Kweun, the NIS anticipates he will "
        "receive special protocol on par with Putin."
    )
    assert suggestion.statement == "He will receive special protocol on par with Putin."


def test_a_citation_detail_comes_from_the_sentence():
    suggestion = only(
        "In a closed-door briefing to lawmakers, South Korea’s National Intelligence Service "
        "(NIS) said Kim’s train crossed into China early Tuesday."
    )
    assert suggestion.detail == "closed-door briefing to lawmakers"
    assert name(suggestion.origin) == "National Intelligence Service"
    assert "a date (early Tuesday)" in suggestion.reasons


def test_a_new_source_is_proposed_with_a_kind_and_the_registry_s_are_linked():
    kcna, ushakov = suggest(
        "KCNA published photos of the factory.\n\n"
        "Kremlin aide Yuri Ushakov told Russia’s TASS news agency that talks are planned."
    )
    assert (kcna.origin.source_id, kcna.origin.is_new) == (1, False)
    assert ushakov.origin.is_new
    assert (ushakov.origin.kind, ushakov.origin.description) == (
        Source.Kind.OFFICIAL_SPOKESPERSON,
        "Kremlin aide",
    )
    assert (ushakov.via.name, ushakov.via.source_id) == ("TASS", 4)
    assert (ushakov.origin.kind_label, ushakov.status_label) == (
        "Official spokesperson",
        "Unconfirmed",
    )


class TestStoryContext:
    def test_a_pronoun_takes_the_source_named_just_before_and_its_assessment(self):
        first, second = suggest(
            "Seoul assesses North Korea has sent about 15,000 troops to Russia; it also says "
            "some construction workers have deployed to Russia’s Kursk region."
        )
        assert second.quote == "some construction workers have deployed to Russia’s Kursk region"
        assert name(second.origin) == name(first.origin) == "Government of South Korea"
        assert second.status_hint == ESTIMATE

    def test_the_agency_is_the_agency_named_before(self):
        suggestions = suggest(
            "The National Public Health Agency (NPHA) confirmed 212 cases on Friday.\n\n"
            "The agency estimates that fewer than 80 percent of children are vaccinated."
        )
        assert [name(s.origin) for s in suggestions] == ["National Public Health Agency"] * 2

    def test_a_government_s_estimate_cites_its_intelligence_service_named_in_the_story(self):
        suggestions = suggest(
            "South Korea’s National Intelligence Service (NIS) said the train crossed on "
            "Tuesday.\n\nSeoul assesses that 15,000 troops were sent to Russia."
        )
        estimate = suggestions[1]
        assert estimate.status_hint == ESTIMATE
        assert (name(estimate.origin), name(estimate.via)) == (
            "National Intelligence Service",
            "Government of South Korea",
        )

    def test_figures_listed_together_are_suggested_one_by_one(self):
        suggestions = suggest(
            "Seoul’s latest figures—about 15,000 North Korean troops sent since last fall and "
            "roughly 2,000 killed—remain unverified outside intelligence channels."
        )
        assert [s.quote for s in suggestions] == [
            "about 15,000 North Korean troops sent since last fall",
            "roughly 2,000 killed",
        ]
        assert {s.status_hint for s in suggestions} == {ESTIMATE}
        assert "a figure (15,000)" in suggestions[0].reasons

    def test_an_unattributed_item_borrows_the_source_of_the_one_sentence_it_echoes(self):
        suggestions = suggest(
            "According to lawmaker Lee Seong Kweun, the NIS anticipates Kim could appear on "
            "the Tiananmen rostrum.\n\n## Unconfirmed\n\n"
            "- Kim’s final parade seating/rostrum placement."
        )
        item = suggestions[-1]
        assert (name(item.origin), name(item.via)) == (
            "National Intelligence Service",
            "Lee Seong Kweun",
        )
        assert "under 'Unconfirmed'" in item.reasons

    def test_a_quotation_s_closing_line_names_its_source(self):
        suggestion = only(
            "## Official Statements\n\n> A Putin–Kim meeting is “under consideration.”\n>\n"
            "> — Yuri Ushakov, Kremlin aide, via TASS"
        )
        assert (name(suggestion.origin), name(suggestion.via)) == ("Yuri Ushakov", "TASS")
        assert suggestion.status_hint == VERIFIED

    def test_prose_that_names_nobody_and_gives_no_figure_is_not_suggested(self):
        assert suggest("The optics may signal tightening political alignment.") == []


class TestNoDuplicates:
    BODY = (
        "## Key Takeaways\n\n"
        "- KCNA says senior aides in Kim’s delegation include Foreign Minister Choe Son Hui.\n\n"
        "## Verified Facts\n\n"
        "KCNA listed senior aides in his delegation, including Foreign Minister Choe Son "
        "Hui.\n\n"
        "## Official Statements\n\n"
        "> KCNA listed “senior aides” including Choe Son Hui.\n>\n> — KCNA\n\n"
        "## Unconfirmed\n\n"
        "- Whether Choe Son Hui will meet Chinese officials.\n"
    )

    def test_a_takeaway_or_a_quotation_restating_the_body_gives_way_to_it(self):
        quotes = [s.quote for s in suggest(self.BODY)]
        assert quotes == [
            "KCNA listed senior aides in his delegation, including Foreign Minister Choe Son Hui",
            "Whether Choe Son Hui will meet Chinese officials",
        ]

    def test_no_two_suggestions_share_words(self):
        suggestions = suggest(self.BODY)
        spans = sorted((s.start, s.end) for s in suggestions)
        assert all(end <= start for (_, end), (start, _) in pairwise(spans))


@pytest.mark.django_db
class TestLogged:
    BODY = (
        "KCNA reported that Kim left Pyongyang by special train.\n\n"
        "Chinese organizers say 26 world leaders will attend."
    )

    def quotes(self, logged):
        return [s.quote for s in suggest(self.BODY, logged=logged)]

    def test_a_logged_claim_is_not_suggested_again(self):
        claim = make_claim(quote="Kim left Pyongyang by special train")
        assert self.quotes([claim]) == ["26 world leaders will attend"]

    def test_a_suggestion_overlapping_a_logged_quote_is_not_suggested(self):
        claim = make_claim(quote="Pyongyang by special train. Chinese organizers say 26")
        assert self.quotes([claim]) == []

    def test_logged_quotes_may_be_given_as_words(self):
        assert self.quotes(["world leaders"]) == ["Kim left Pyongyang by special train"]

    def test_a_logged_quote_no_longer_in_the_story_takes_nothing(self):
        claim = make_claim(quote="words that are gone")
        assert len(self.quotes([claim])) == 2


class TestKeys:
    BODY = (
        "Officials said the border reopened on Monday.\n\n"
        "## Verified Facts\n\n"
        "Officials said the border reopened on Monday."
    )

    def test_the_same_body_gives_the_same_suggestions(self):
        assert suggest(self.BODY) == suggest(self.BODY)

    def test_keys_survive_an_edit_elsewhere_in_the_story(self):
        before = suggest(self.BODY)
        after = suggest("A new first paragraph, with no claim.\n\n" + self.BODY)
        assert [s.key for s in before] == [s.key for s in after]

    def test_repeated_words_get_their_own_key_and_the_context_that_finds_them(self):
        first, second = suggest(self.BODY)
        assert first.quote == second.quote
        assert first.key != second.key
        text = body_text(self.BODY)
        for suggestion in (first, second):
            match = find_quote(
                text, suggestion.quote, suggestion.quote_prefix, suggestion.quote_suffix
            )
            assert text[match.start :].startswith(suggestion.quote)
        assert (
            find_quote(text, second.quote, second.quote_prefix, second.quote_suffix).start
            > find_quote(text, first.quote, first.quote_prefix, first.quote_suffix).start
        )


class TestCost:
    """What suggestions cost grows with the text, not with its square: no rule reads a run
    of words again from each of its words. (A body of 30,000 “Aa” and no full stop took
    minutes, and its draft's desk page answered 500 after the server's 30 s timeout.)

    Measured as a ratio within one run, not against a clock: eight times the text may cost
    up to 24 times as much, room for a busy machine; a cost growing with the square of the
    text is 64 times as much."""

    SMALL, LARGE = 10_000, 80_000  # characters
    MOST = 24  # times the cost, for eight times the text
    # (before, repeated, after): the pastes QA found, and a run for each rule that read one
    # again from each of its words or characters.
    BODIES = {
        "capitalized words": ("", "Aa ", "said."),
        "adverbs no verb ends": ("He ", "has ", "sai."),
    }
    SENTENCES = {
        **BODIES,
        "stops no space ends": ("A", ".", "x"),
        "semicolons": ("", "a; ", "said."),
        "a name before an abbreviation": ("", "Aa of ", "(AB) said x."),
        "spaces before the verb": ("KCNA", " ", "said x."),
        "determiners": ("KCNA told ", "A ", "x."),
        "dates and figures": ("", "Sept. 1, ", "x."),
        "one word of capitals": ("", "Ab", " said (AB) x."),
    }

    @staticmethod
    def cost(before, repeated, after, length):
        body = before + repeated * (length // len(repeated)) + after
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            suggest(body)
            best = min(best, time.perf_counter() - start)
        return best

    def ratio(self, paste):
        return self.cost(*paste, self.LARGE) / self.cost(*paste, self.SMALL)

    @pytest.mark.parametrize("paste", BODIES.values(), ids=list(BODIES))
    def test_a_paste_no_full_stop_ends_costs_what_its_length_does(self, paste):
        assert self.ratio(paste) < self.MOST

    @pytest.mark.parametrize("paste", SENTENCES.values(), ids=list(SENTENCES))
    def test_the_rules_read_even_an_unbounded_sentence_once(self, paste, monkeypatch):
        # The rules skip a “sentence” too long to be one; they would be linear without that.
        monkeypatch.setattr(suggestion_spans, "LONGEST_SENTENCE", math.inf)
        assert self.ratio(paste) < self.MOST

    def test_a_run_too_long_to_be_a_sentence_is_not_read_as_one(self):
        def sentence(length):
            said = "KCNA reported that Kim left"
            return said + " again" * ((length - len(said) - 1) // 6) + "."

        longest = suggestion_spans.LONGEST_SENTENCE
        assert len(sentence(longest)) <= longest < len(sentence(longest + 6))
        assert len(suggest(sentence(longest))) == 1
        assert suggest(sentence(longest + 6)) == []
        found = suggest(sentence(90_000) + "\n\nKCNA reported that Kim left Pyongyang.")
        assert [s.quote for s in found] == ["Kim left Pyongyang"]
