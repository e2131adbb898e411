"""A story pasted as plain text, turned into a draft's title and Markdown body.

What reporters paste is a web page's text: a title line, paragraphs, “•” bullets, short
section headings (“Key Takeaways”, “Verified Facts”), quotations followed by who said them,
and page furniture at the end (“Leave a Comment”, share and subscribe lines, an empty
“Sources” heading). `import_story(text)` returns the title, a body in the Markdown the
desk stores, and what it dropped, so the reporter can be told. It creates nothing; the
caller saves the draft. Text that cannot be a story (empty, binary, too long) raises
`ImportRefused` with a message for the reporter.

The words are kept as pasted: nothing is corrected or invented (the seed's “on to join”
stays). Characters that Markdown would read as markup (“*”, “_”, “[”, a “#” or “1.” at the
start of a line…) are escaped, so the story page shows exactly the pasted words.
"""

import re
import unicodedata
from dataclasses import dataclass

from .models import Article

# The hardening issue caps a story's body at about 100,000 characters: a long feature is
# 8,000 words (about 50,000). A paste longer than the body may be is refused before any
# work, so a runaway paste costs nothing; the body made from it is checked again, since
# escapes and heading marks add a few characters.
MAX_STORY_CHARACTERS = Article._meta.get_field("body").max_length
MAX_TITLE_CHARACTERS = Article._meta.get_field("title").max_length
# A line this short, alone between blank lines and without closing punctuation, is a
# section heading: “Context & Impact”, not a sentence.
HEADING_WORDS = 8
HEADING_CHARACTERS = 60
# Share of control characters beyond which a paste is a binary file, not text.
CONTROL_SHARE = 0.05

BULLET = re.compile(r"^\s*(?:[•·▪◦‣●○*+]|-(?!-))\s+(?P<text>\S.*)$")
NUMBERED = re.compile(r"^\s*(?P<number>\d{1,3})[.)]\s+(?P<text>\S.*)$")
_FINAL_PUNCTUATION = tuple(".,;:!?…\"”’'")
_ATTRIBUTION_DASH = re.compile(r"^[—―–]\s*(?P<who>\S.*)$")
_STATEMENTS_SECTION = re.compile(r"statement|quote|in their words|what they said", re.IGNORECASE)
# Page furniture, as whole lines: never a story's own words.
_FURNITURE = re.compile(
    r"^(?:leave a (?:comment|reply)|comments?(?: \(\d+\))?|\d+ comments?"
    r"|share(?: this(?: article| story)?)?"
    r"|share (?:on|via) .+|(?:tweet|email|print|copy link|facebook|twitter|linkedin|whatsapp|x)"
    r"|subscribe.*|sign up.*newsletter.*|follow us.*|related(?: articles| stories| posts)?"
    r"|read more.*|advertisement|skip advertisement|tags?:.*|posted in .*|filed under .*"
    r"|all rights reserved.*|(?:copyright |©).*|click here.*|back to top|sources?)$",
    re.IGNORECASE,
)
# …and the furniture a page scatters through a story, dropped wherever it stands.
_ADVERTISING = re.compile(
    r"^(?:advertisement|skip advertisement|share (?:on|via) .+|share this (?:article|story)"
    r"|subscribe.*|sign up.*newsletter.*)$",
    re.IGNORECASE,
)
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
# In a heading, every “#” too: a heading's trailing “ #” would otherwise close it and vanish.
_HEADING_INLINE = re.compile(r"([\\`*_\[\]<>|~#])")
# A Markdown heading as pasted (“## Key Takeaways”): its marks are not its words.
_HEADING_MARKS = re.compile(r"^\s*#{1,6}(?:\s+|$)")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# At the start of a line: a heading, quotation, list item or setext underline; for a
# number (“2019. That year…”), the stop after it is what makes an ordered list.
_LINE_START = re.compile(r"^(\s*)(?:(#|>|[-+*](?=\s)|=+\s*$)|(\d{1,9})([.)])(?=\s|$))")


class ImportRefused(ValueError):
    """The pasted text cannot become a story; the message says why, for the reporter."""


@dataclass(frozen=True)
class Dropped:
    text: str
    why: str

    def __str__(self):
        return f"“{self.text}” ({self.why})"


@dataclass(frozen=True)
class ImportedStory:
    title: str
    body: str  # Markdown
    dropped: tuple[Dropped, ...]


def import_story(text):
    """The draft a pasted story makes: its title, Markdown body and what was dropped."""
    lines = _clean(text).split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    title = _heading_words(lines[0]).lstrip("#").strip() if lines else ""
    if not title:
        # “###”: a story with no title is one the article form refuses.
        raise ImportRefused(
            "The first line is taken as the title, and it has no words. Put the headline "
            "on the first line."
        )
    if len(title) > MAX_TITLE_CHARACTERS:
        raise ImportRefused(
            f"The first line is taken as the title, and it has {len(title):,} characters "
            f"(at most {MAX_TITLE_CHARACTERS}). Put the headline on a line of its own first."
        )
    blocks = _blocks(lines[1:])
    blocks, dropped = _drop_furniture(blocks)
    if not blocks:
        raise ImportRefused(
            "There is only a title: paste the story's text under its headline."
            if not dropped
            else "There is no story under the title, only page furniture."
        )
    body = _markdown(blocks)
    if len(body) > MAX_STORY_CHARACTERS:
        raise ImportRefused(_too_long(len(body)))
    return ImportedStory(title, body, tuple(dropped))


def _clean(text):
    # A byte-order mark, left by the file the story was copied from, is not a word of it
    # (it stayed in the title).
    text = (text or "").removeprefix("\ufeff")
    if not text.strip():
        raise ImportRefused("The story text is empty: paste the story, headline first.")
    if len(text) > MAX_STORY_CHARACTERS:
        raise ImportRefused(_too_long(len(text)))
    if "\x00" in text:
        raise ImportRefused("This looks like a binary file, not text: paste the story's words.")
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t")
    if controls > CONTROL_SHARE * len(text) or text.count("\ufffd") > CONTROL_SHARE * len(text):
        raise ImportRefused("This looks like a binary file, not text: paste the story's words.")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    # Unicode's own separators: a line's, and a paragraph's, which is a blank line here.
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    # Stray control characters (a form feed, a bell) are noise from copying, not words.
    return "".join(c for c in text if c == "\n" or unicodedata.category(c) != "Cc")


def _too_long(length):
    return (
        f"The story is too long to import: {length:,} characters, and a story holds at most "
        f"{MAX_STORY_CHARACTERS:,}. Split it into two stories."
    )


@dataclass
class _Block:
    kind: str  # "paragraph", "list", "heading", "quotation"
    lines: list
    attribution: str = ""
    ordered: bool = False


def _blocks(lines):
    """The paste's blocks: runs of lines between blank lines, told apart by their shape."""
    blocks, run = [], []
    for line in [*lines, ""]:
        if line.strip():
            run.append(line.rstrip())
            continue
        if run:
            blocks.extend(_classify(run, blocks))
            run = []
    return blocks


def _classify(run, before):
    section = next((b.lines[0] for b in reversed(before) if b.kind == "heading"), "")
    if BULLET.match(run[0]) or NUMBERED.match(run[0]):
        return _lists(run)
    previous = before[-1] if before and before[-1].kind == "paragraph" else None
    if len(run) == 1 and previous and (dash := _ATTRIBUTION_DASH.match(run[0].strip())):
        previous.kind, previous.attribution = "quotation", dash["who"]  # “— KCNA”
        return []
    if len(run) == 1 and _short_unpunctuated(run[0]):
        line = run[0].strip()
        if _HEADING_MARKS.match(line):  # pasted as a heading: never who said a quotation
            return [_Block("heading", [_heading_words(line)])]
        if previous and _attributes(line, previous, section):
            previous.kind, previous.attribution = "quotation", line
            return []
        return [_Block("heading", [line])]
    # Lines longer than a wrapped column are paragraphs of their own; shorter ones are one
    # paragraph wrapped by the page it was copied from.
    if any(len(line) > 100 for line in run):
        return [_Block("paragraph", [line.strip()]) for line in run]
    return [_Block("paragraph", [line.strip() for line in run])]


def _lists(run):
    """One list per run of bullets; a line that is not a bullet continues the item before."""
    items, ordered = [], bool(NUMBERED.match(run[0]))
    for line in run:
        match = BULLET.match(line) or NUMBERED.match(line)
        if match:
            items.append(match["text"].strip())
        else:
            items[-1] += " " + line.strip()
    return [_Block("list", items, ordered=ordered)]


def _heading_words(line):
    """The words of a line pasted as a Markdown heading: “Key Takeaways” of “## Key
    Takeaways”, “Title” of “# Title #” (a closing run of marks after a space, as Markdown
    reads it; “C#” keeps its own). Any other line, stripped."""
    marks = _HEADING_MARKS.match(line)
    if not marks:
        return line.strip()
    words = line[marks.end() :].strip()
    closed = words.rstrip("#")
    return closed.strip() if not closed or closed[-1].isspace() else words


def _short_unpunctuated(line):
    line = line.strip()
    return (
        len(line) <= HEADING_CHARACTERS
        and len(line.split()) <= HEADING_WORDS
        and not line.endswith(_FINAL_PUNCTUATION)
        and not line.startswith(("“", '"', "‘"))
        and any(c.isalpha() for c in line)
    )


def _attributes(line, previous, section):
    """Whether a short line says who spoke the quotation just before it: in a section of
    statements, or after a paragraph that is a quotation, unless it is a known heading."""
    if _FURNITURE.match(line) or _known_heading(line):
        return False
    return bool(_STATEMENTS_SECTION.search(section)) or previous.lines[0].startswith(("“", '"'))


def _known_heading(line):
    return bool(
        re.fullmatch(
            r"key takeaways|verified facts|unconfirmed|official statements|context(?: & impact)?"
            r"|explainer|bottom line|background|analysis|what we know|what we don.t know"
            r"|what happens next|timeline|sources|related|summary|highlights",
            line.strip(),
            re.IGNORECASE,
        )
    )


def _drop_furniture(blocks):
    """Blocks without the page's furniture at the end, and headings with nothing under
    them; each dropped line is listed in the story's order, so the reporter can be told."""
    dropped = []
    end = len(blocks)
    while end and _is_furniture(blocks[end - 1]):
        end -= 1
        line = " ".join(blocks[end].lines)
        heading = blocks[end].kind == "heading" and (
            _known_heading(line) or not _FURNITURE.match(line)
        )
        dropped.append(
            (end, Dropped(line, "an empty heading at the end" if heading else "page furniture"))
        )
    kept = []
    for index, block in enumerate(blocks[:end]):
        following = blocks[index + 1] if index + 1 < end else None
        if block.kind != "list" and all(_ADVERTISING.match(line) for line in block.lines):
            dropped.append((index, Dropped(" ".join(block.lines), "page furniture")))
        elif block.kind == "heading" and (following is None or following.kind == "heading"):
            dropped.append((index, Dropped(block.lines[0], "a heading with nothing under it")))
        else:
            kept.append(block)
    return kept, [found for _, found in sorted(dropped, key=lambda pair: pair[0])]


def _is_furniture(block):
    if block.kind == "heading":
        return True  # at the end, a heading has nothing under it
    return block.kind == "paragraph" and all(_FURNITURE.match(line) for line in block.lines)


def _markdown(blocks):
    parts = []
    for block in blocks:
        if block.kind == "heading":
            parts.append("## " + _escape(block.lines[0], _HEADING_INLINE))
        elif block.kind == "list":
            parts.append(
                "\n".join(
                    (f"{n}. " if block.ordered else "- ") + _escape(item)
                    for n, item in enumerate(block.lines, start=1)
                )
            )
        elif block.kind == "quotation":
            said = "\n".join("> " + _escape(line) for line in block.lines)
            parts.append(f"{said}\n>\n> — {_escape(block.attribution)}")
        else:
            parts.append("\n".join(_escape(line) for line in block.lines))
    return "\n\n".join(parts) + "\n"


def _escape(line, inline=_MARKDOWN_INLINE):
    """`line` as Markdown that shows exactly these characters, each escaped once."""
    line = inline.sub(r"\\\1", line)
    line = _ENTITY.sub(r"\\&", line)
    return _LINE_START.sub(_escape_line_start, line, count=1)


def _escape_line_start(match):
    indent, mark, number, stop = match.groups()
    return f"{indent}\\{mark}" if mark else f"{indent}{number}\\{stop}"
