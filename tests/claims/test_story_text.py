"""The suggester reads a story's words as the story page shows them, block by block."""

import pytest

from articles.importing import import_story
from articles.markdown import body_text
from claims.quotes import fold
from claims.story_text import ATTRIBUTION, HEADING, ITEM, PARAGRAPH, QUOTATION, story_text
from tests.seed import seed_text

MARKDOWN = (
    "Lede with *emphasis*, **weight**, `code`, a [link](https://example.org) and &amp;.\n"
    "A second line of the same paragraph.\n\n"
    "## Verified Facts\n\n"
    "- one\n- two\n\n"
    "> “Said words.”\n>\n> — KCNA\n\n"
    "```\nnot a claim\n```\n\n"
    "\\* escaped, \\# too\n"
)


@pytest.mark.parametrize(
    "body", [MARKDOWN, import_story(seed_text()).body], ids=["markdown", "seed"]
)
def test_the_text_is_the_reader_s_text(body):
    assert fold(story_text(body).text) == fold(body_text(body))


def test_blocks_know_their_kind_their_section_and_where_they_are():
    story = story_text(MARKDOWN)
    kinds = [(block.kind, block.section) for block in story.blocks]
    assert kinds[:6] == [
        (PARAGRAPH, ""),
        (HEADING, "Verified Facts"),
        (ITEM, "Verified Facts"),
        (ITEM, "Verified Facts"),
        (QUOTATION, "Verified Facts"),
        (ATTRIBUTION, "Verified Facts"),
    ]
    quotation = story.blocks[4]
    assert quotation.attribution == "KCNA"
    for block in story.blocks:
        assert story.text[block.start : block.start + len(block.text)] == block.text
