"""Claim quotes marked in the story body, each followed by its claim's badge."""

import pytest

from articles.highlight import highlight
from articles.markdown import body_text, html_text, render_markdown
from articles.publishing import orphaned_claims
from claims.models import Claim
from tests.articles.reader_helpers import HOSTILE, parse, publish_story
from tests.factories import make_claim


def claim(pk, quote, prefix="", suffix=""):
    return Claim(pk=pk, quote=quote, quote_prefix=prefix, quote_suffix=suffix)


def badge(claim):
    return f'<button class="badge" data-claim="{claim.pk}">{claim.pk}</button>'


def marked(body, *claims):
    """The highlighted body as a tree, and the claims found in it."""
    html, found = highlight(render_markdown(body), claims, badge)
    return parse(f"<div>{html}</div>"), found


def marks(tree):
    return [mark.text for mark in tree.find_all("mark")]


def badges(tree):
    return [b.attrs["data-claim"] for b in tree.find_all("button")]


def text_without_badges(tree):
    """What the reader reads once the badges are taken out: it must be the story's text."""
    for button in tree.find_all("button"):
        button.parent.children.remove(button)
    return tree.text


class TestOneQuote:
    def test_the_quoted_words_are_marked_and_the_badge_follows_them(self):
        tree, found = marked("Kim traveled by special train on Monday.", claim(1, "special train"))
        paragraph = tree.find("p")
        assert marks(tree) == ["special train"]
        assert paragraph.words == "Kim traveled by special train1 on Monday."
        assert [c.pk for c in found] == [1]

    @pytest.mark.parametrize(
        "quote",
        [
            "Kim’s  “special   train”",  # typographic quotes and extra spaces
            'Kim\'s "special train"',
            'Kim\'s\n"special train"',
        ],
    )
    def test_matching_tolerates_whitespace_and_typographic_quotes(self, quote):
        tree, _ = marked('He rode Kim\'s "special train" — the armored one.', claim(1, quote))
        assert marks(tree) == ['Kim\'s "special train"']

    def test_matching_tolerates_kinds_of_dash(self):
        tree, _ = marked(
            "A Putin–Kim meeting is under consideration.", claim(1, "Putin-Kim meeting")
        )
        assert marks(tree) == ["Putin–Kim meeting"]

    def test_a_quote_across_emphasis_is_marked_in_pieces_and_stays_well_formed(self):
        tree, _ = marked("He took *a special* train home.", claim(1, "special train"))
        assert marks(tree) == ["special", " train"]
        assert tree.find("mark").has_ancestor("em")
        assert tree.find("p").words == "He took a special train1 home."

    def test_a_quote_across_paragraphs_gets_one_badge_after_its_last_word(self):
        tree, _ = marked("First ends here.\n\nSecond starts here.", claim(1, "here. Second"))
        assert marks(tree) == ["here.", "Second"]
        first, second = tree.find_all("p")
        assert badges(first) == []
        assert badges(second) == ["1"]

    def test_a_badge_never_lands_inside_a_link(self):
        tree, _ = marked("See [the full report](https://example.com) now.", claim(1, "the full"))
        link = tree.find("a")
        assert link.find("mark").text == "the full"
        assert link.find_all("button") == []
        assert tree.find("p").words == "See the full report1 now."

    def test_a_badge_waits_for_emphasis_to_close(self):
        tree, _ = marked("It was *very strongly* denied.", claim(1, "very"))
        button = tree.find("button")
        assert not button.has_ancestor("em")
        assert tree.find("p").words == "It was very strongly1 denied."


class TestRepeatedWords:
    BODY = "The train left. Officials said the train was armored. Later the train arrived."

    def test_without_context_the_first_occurrence_is_marked(self):
        tree, _ = marked(self.BODY, claim(1, "the train"))
        assert tree.find("p").words.startswith("The train left. Officials said the train1")

    def test_prefix_picks_the_occurrence(self):
        tree, _ = marked(self.BODY, claim(1, "the train", prefix="Later"))
        assert tree.find("p").words.endswith("Later the train1 arrived.")

    def test_suffix_picks_the_occurrence(self):
        tree, _ = marked(self.BODY, claim(1, "the train", suffix="was armored"))
        assert "Officials said the train1 was armored." in tree.find("p").words


class TestOverlaps:
    def test_overlapping_quotes_both_get_badges_and_the_shared_words_show_it(self):
        tree, found = marked(
            "Kim traveled by special train from Pyongyang on Monday.",
            claim(1, "traveled by special train"),
            claim(2, "special train from Pyongyang"),
        )
        assert [c.pk for c in found] == [1, 2]
        assert tree.find("p").words == ("Kim traveled by special train1 from Pyongyang2 on Monday.")
        overlap = tree.find("mark", class_="quote--overlap")
        assert overlap.text == "special train"

    def test_a_quote_inside_another_gets_its_own_badge_inside_the_longer_mark(self):
        tree, _ = marked(
            "About 15,000 troops were sent to Russia last year.",
            claim(1, "15,000 troops were sent to Russia"),
            claim(2, "15,000 troops"),
        )
        assert tree.find("p").words == "About 15,000 troops2 were sent to Russia1 last year."

    def test_two_claims_on_the_same_words_both_get_badges(self):
        tree, _ = marked("Seoul says so.", claim(1, "Seoul says"), claim(2, "Seoul says"))
        assert badges(tree) == ["1", "2"]
        assert tree.find("mark").attrs["class"] == "quote--overlap"


class TestMissingQuotes:
    def test_a_quote_not_in_the_text_changes_nothing_and_is_reported_missing(self):
        body = "Kim traveled by special train."
        tree, found = marked(body, claim(1, "a plane"), claim(2, "special train"))
        assert [c.pk for c in found] == [2]
        assert badges(tree) == ["2"]
        assert text_without_badges(tree) == parse(render_markdown(body)).text

    def test_an_empty_body_gives_an_empty_body(self):
        tree, found = marked("", claim(1, "anything"))
        assert found == []
        assert tree.text == ""


class TestHostileText:
    def test_markup_in_the_body_and_the_quote_stays_text(self):
        body = f"Before {HOSTILE} after."
        tree, found = marked(body, claim(1, HOSTILE))
        assert found
        assert tree.find_all("script") == []
        assert all("onmouseover" not in node.attrs for node in tree.iter())
        assert tree.find("mark").text == HOSTILE

    def test_link_attributes_are_escaped_when_written_out_again(self):
        sanitized = render_markdown('[x](https://example.com/?a=1&b=2 "say \\"hi\\" <b>") text')
        html, _ = highlight(sanitized, [claim(1, "text")], badge)
        link = parse(html).find("a")
        assert link.attrs["title"] == 'say "hi" <b>'
        assert link.attrs == parse(sanitized).find("a").attrs


@pytest.mark.django_db
def test_the_reader_and_the_publish_gate_agree_on_what_is_orphaned():
    article = publish_story(body="Kim *traveled* by special train.\n\n- Seoul said so.")
    claims = [
        make_claim(article, quote="traveled by special"),
        make_claim(article, quote="train. Seoul"),
        make_claim(article, quote="Seoul said so"),
        make_claim(article, quote="by plane"),
    ]
    _, found = highlight(render_markdown(article.body), claims, badge)
    assert set(claims) - set(found) == set(orphaned_claims(article, claims)) == {claims[3]}
    assert body_text(article.body) == html_text(render_markdown(article.body))
