"""Finding a claim's quote in a story: what writers change without meaning to is forgiven."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.quotes import Match, NormalizedText, find_quote, fold

TEXT = "Kim left by his armored “special train” on Sept. 1 — to join   commemorations."


def found(text, quote, prefix="", suffix=""):
    match = find_quote(text, quote, prefix, suffix)
    return None if match is None else text[match.start : match.end]


class TestFindQuote:
    def test_exact_words_are_found_at_their_offsets(self):
        match = find_quote(TEXT, "armored")
        assert match == Match(TEXT.index("armored"), TEXT.index("armored") + len("armored"))

    @pytest.mark.parametrize(
        ("quote", "what"),
        [
            ('his armored "special train"', "straight instead of typographic quotes"),
            ("Sept. 1 - to join", "a hyphen for the em dash"),
            ("Sept. 1 – to join", "an en dash for the em dash"),
            ("to join commemorations", "one space for several"),
            ("to\njoin\tcommemorations", "line breaks and tabs for spaces"),
            ("  by his armored  ", "stray whitespace around the quote"),
        ],
    )
    def test_writers_slips_are_forgiven(self, quote, what):
        assert found(TEXT, quote) is not None, what

    def test_the_match_covers_the_original_characters(self):
        assert found(TEXT, "Sept. 1 - to join commemorations") == (
            "Sept. 1 — to join   commemorations"
        )
        assert found(TEXT, '"special train"') == "“special train”"

    def test_typographic_apostrophes_match_straight_ones(self):
        text = "South Korea’s National Intelligence Service"
        assert found(text, "South Korea's National") == "South Korea’s National"

    def test_words_not_in_the_text_are_not_found(self):
        assert find_quote(TEXT, "by plane") is None

    def test_case_matters(self):
        assert find_quote(TEXT, "KIM LEFT") is None

    @pytest.mark.parametrize("quote", ["", "   ", "\n"])
    def test_an_empty_quote_is_never_found(self, quote):
        assert find_quote(TEXT, quote) is None


class TestRepeatedWords:
    TEXT = "Putin will attend. Kim will attend. Xi will attend."

    def test_without_context_the_first_occurrence_wins(self):
        assert find_quote(self.TEXT, "will attend").start == self.TEXT.index("will attend")

    def test_the_prefix_picks_the_occurrence(self):
        match = find_quote(self.TEXT, "will attend", prefix="Kim")
        assert match.start == self.TEXT.index("Kim will attend") + len("Kim ")

    def test_the_suffix_picks_the_occurrence(self):
        text = "the parade on Wednesday; the parade on Sunday"
        match = find_quote(text, "the parade", suffix="on Sunday")
        assert match.start == text.rindex("the parade")

    def test_prefix_and_suffix_together_beat_either_alone(self):
        text = "A said yes. B said no. B said yes."
        match = find_quote(text, "said", prefix="B", suffix="yes")
        assert match.start == text.rindex("said")

    def test_context_is_matched_with_the_same_forgiveness(self):
        text = "Seoul’s figure: 15,000. NIS’s figure: 15,000."
        match = find_quote(text, "figure: 15,000", prefix="NIS's")
        assert match.start == text.rindex("figure")

    def test_context_that_no_longer_agrees_falls_back_to_the_first(self):
        """An edit next to a quote must not orphan its claim."""
        assert find_quote(self.TEXT, "will attend", prefix="Trump").start == 6


class TestNormalizedText:
    def test_one_folded_text_serves_many_quotes(self):
        normalized = NormalizedText(TEXT)
        for quote in ("armored", '"special train"', "to join commemorations"):
            assert find_quote("", quote, normalized=normalized) == find_quote(TEXT, quote)

    def test_fold(self):
        assert fold("  “It’s”\u00a0— fine\n") == '"It\'s" - fine'


def occurrence_by_occurrence(text, quote, prefix, suffix):
    """The rule find_quote keeps, walked the slow way: every occurrence scored for the
    context it agrees with (one point each side); the first with the best score wins."""
    needle, before, after = fold(quote), fold(prefix), fold(suffix)
    haystack = NormalizedText(text)
    best, best_score = None, -1
    start = haystack.text.find(needle) if needle else -1
    while start != -1:
        end = start + len(needle)
        window_before = haystack.text[max(start - len(before) - 1, 0) : start]
        score = bool(before and window_before.rstrip().endswith(before))
        window_after = haystack.text[end : end + len(after) + 1]
        score += bool(after and window_after.lstrip().startswith(after))
        if score > best_score:
            best, best_score = (start, end), score
        start = haystack.text.find(needle, start + 1)
    return haystack.to_original(*best) if best else None


WORDS = st.text(alphabet="ab \n–—'’", max_size=12)


@settings(max_examples=300)
@given(text=st.text(alphabet="ab \n–—'’", max_size=60), quote=WORDS, prefix=WORDS, suffix=WORDS)
def test_the_quote_found_is_the_one_the_rule_picks(text, quote, prefix, suffix):
    assert find_quote(text, quote, prefix, suffix) == occurrence_by_occurrence(
        text, quote, prefix, suffix
    )
