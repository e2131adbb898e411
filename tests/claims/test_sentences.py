"""News copy split into sentences where a reader would: abbreviations, initials and
quotations do not end one."""

import pytest

from claims.sentences import split_sentences


def sentences(text):
    return [sentence.text for sentence in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kim left on Monday, Sept. 1, en route to Beijing. He is expected there.",
            ["Kim left on Monday, Sept. 1, en route to Beijing.", "He is expected there."],
        ),
        (
            "Both deny violating U.N. sanctions. The visit comes as U.S. President Trump waits.",
            [
                "Both deny violating U.N. sanctions.",
                "The visit comes as U.S. President Trump waits.",
            ],
        ),
        (
            "He thanked the allies of the U.S. The visit ended.",
            ["He thanked the allies of the U.S.", "The visit ended."],
        ),
        (
            "Mission chief Gen. Aino K. Rask spoke. Dr. Varga agreed.",
            ["Mission chief Gen. Aino K. Rask spoke.", "Dr. Varga agreed."],
        ),
        (
            "She said: “We will win. They will lose.” Then she left.",
            ["She said: “We will win. They will lose.”", "Then she left."],
        ),
        (
            "A meeting is “under consideration.” Putin arrived on Sunday.",
            ["A meeting is “under consideration.”", "Putin arrived on Sunday."],
        ),
        ("The vote closes at 8 p.m. local time.", ["The vote closes at 8 p.m. local time."]),
        ("Is it over? Nobody knows!", ["Is it over?", "Nobody knows!"]),
        ("Prices rose 3.5 percent. Wages did not.", ["Prices rose 3.5 percent.", "Wages did not."]),
        ("He paused...... Then?! Done.", ["He paused......", "Then?!", "Done."]),
        (
            "A run of stops.....x ends nothing. Next.",
            ["A run of stops.....x ends nothing.", "Next."],
        ),
    ],
)
def test_sentences_end_where_a_reader_expects(text, expected):
    assert sentences(text) == expected


def test_each_sentence_knows_where_it_is():
    text = "  First one.   Second one. "
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text


def test_no_sentence_is_empty():
    assert sentences("") == []
    assert sentences("   ") == []
