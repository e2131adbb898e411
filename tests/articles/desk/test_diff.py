"""Word by word, what an edit changes (articles/desk/diff.py)."""

from itertools import pairwise

from articles.desk.diff import Piece, word_diff


def test_words_taken_out_and_put_in_within_a_line():
    assert word_diff("Kim left by train.", "Kim left by armoured train.") == [
        Piece("same", "Kim left by "),
        Piece("added", "armoured "),
        Piece("same", "train."),
    ]


def test_only_the_lines_that_changed_are_compared_word_by_word():
    before = "First paragraph stays.\n\nKim said it.\n\nLast stays.\n"
    after = "First paragraph stays.\n\nKim told it.\n\nLast stays.\n\nA new one.\n"
    pieces = word_diff(before, after)
    assert "".join(p.text for p in pieces if p.kind != "added") == before
    assert "".join(p.text for p in pieces if p.kind != "removed") == after
    assert [p for p in pieces if p.kind != "same"] == [
        Piece("removed", "said "),
        Piece("added", "told "),
        Piece("added", "\nA new one.\n"),
    ]


def test_the_pieces_give_back_both_texts_of_a_long_body():
    before = "\n\n".join(f"Paragraph {n} said what the officials said." for n in range(3000))
    after = before.replace("said", "told", 500) + "\n\nThe end."
    pieces = word_diff(before, after)
    assert "".join(p.text for p in pieces if p.kind != "added") == before
    assert "".join(p.text for p in pieces if p.kind != "removed") == after
    assert all(a.kind != b.kind for a, b in pairwise(pieces))
