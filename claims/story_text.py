"""A story's Markdown body as the blocks a reader reads: paragraphs, list items, quotations
and headings, each with its text exactly as the story page shows it and its place in the
whole text.

The suggester works on this text, not on the Markdown, because a claim's quote must be
words a reader sees (`articles.markdown.body_text` is what quotes are checked against): the
Markdown's escapes, emphasis markers and link targets are not. The blocks come from the same
parser with the same options as the story page (`articles.markdown`, which this domain may
not import), so the texts agree word for word; tests/claims/test_story_text.py holds them to it.
"""

from dataclasses import dataclass

from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False}).disable("image")

# What a block is, for the suggester: a heading names a section; a paragraph, item or
# quotation carries sentences; code is text a reader sees but nobody's claim.
HEADING, PARAGRAPH, ITEM, QUOTATION, CODE = "heading", "paragraph", "item", "quotation", "code"
ATTRIBUTION = "attribution"  # a quotation's closing “— KCNA” line
_TEXT_PIECES = {"text", "text_special", "code_inline"}
_BREAKS = {"softbreak", "hardbreak"}


@dataclass(frozen=True)
class Block:
    kind: str
    text: str
    start: int  # offset of `text` in StoryText.text
    section: str  # the heading the block sits under ("" before the first one)
    attribution: str = ""  # a quotation's closing “— KCNA” line, without the dash


@dataclass(frozen=True)
class StoryText:
    text: str
    blocks: tuple[Block, ...]


def story_text(body):
    """The reader's text of a Markdown `body`, block by block."""
    pieces, blocks = [], []
    position, section = 0, ""
    container = []  # the open list items and quotations around the current block
    pending_quote = []  # a quotation's paragraphs, kept until it closes
    in_heading = False
    for token in _markdown.parse(body or ""):
        if token.type in {"heading_open", "heading_close"}:
            in_heading = token.type == "heading_open"
        elif token.type in {"list_item_open", "blockquote_open"}:
            container.append(token.type)
        elif token.type in {"list_item_close", "blockquote_close"}:
            container.pop()
            if token.type == "blockquote_close" and "blockquote_open" not in container:
                position = _add_quotation(pieces, blocks, position, section, pending_quote)
                pending_quote = []
        elif token.type in {"fence", "code_block"}:
            position = _add(pieces, blocks, position, CODE, token.content, section)
        elif token.type == "inline":
            text = _inline_text(token)
            if "blockquote_open" in container:
                pending_quote.append(text)
            elif in_heading and not container:
                section = text.strip()
                position = _add(pieces, blocks, position, HEADING, text, section)
            else:
                kind = ITEM if "list_item_open" in container else PARAGRAPH
                position = _add(pieces, blocks, position, kind, text, section)
    return StoryText("".join(pieces), tuple(blocks))


def _inline_text(token):
    parts = []
    for child in token.children or ():
        if child.type in _TEXT_PIECES:
            parts.append(child.content)
        elif child.type in _BREAKS:
            parts.append("\n")
    return "".join(parts)


def _add(pieces, blocks, position, kind, text, section, attribution=""):
    if not text.strip():
        return position
    if pieces:
        pieces.append("\n\n")
        position += 2
    blocks.append(Block(kind, text, position, section, attribution))
    pieces.append(text)
    return position + len(text)


def _add_quotation(pieces, blocks, position, section, paragraphs):
    """A quotation's words, and its closing “— Name” line as its attribution."""
    attribution, said = "", paragraphs
    if len(paragraphs) > 1 and paragraphs[-1].lstrip().startswith(("—", "―", "–", "-")):
        attribution = paragraphs[-1].lstrip().lstrip("—―–- ").strip()
        said = paragraphs[:-1]
    for paragraph in said:
        position = _add(pieces, blocks, position, QUOTATION, paragraph, section, attribution)
    if attribution:
        position = _add(pieces, blocks, position, ATTRIBUTION, paragraphs[-1], section)
    return position
