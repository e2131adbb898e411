"""The one way a story body becomes HTML, and the text a reader reads.

markdown-it-py renders CommonMark with raw HTML switched off; nh3 (the Rust `ammonia`
sanitizer) then cleans the result, so no author-supplied markup or script survives even if
the renderer lets something through.
"""

import re
from functools import lru_cache
from html import escape, unescape
from html.parser import HTMLParser

import nh3
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False}).disable("image")

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "ul", "ol", "li", "blockquote",
    "em", "strong", "code", "pre", "a",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
_BLOCKS = {"p", "br", "hr", "h2", "h3", "h4", "li", "blockquote", "pre", "ul", "ol"}


# The last few bodies' HTML, keyed by the body itself, so never stale in any process: after
# publication most changes to a story (a claim's status, a citation) leave its body as it
# was, and the desk renders the same body for its preview and for every claim card.
BODIES_REMEMBERED = 32


@lru_cache(maxsize=BODIES_REMEMBERED)
def render_markdown(body):
    """Sanitized HTML for a Markdown body, safe to put in a page."""
    html = _markdown.render(body or "")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)


# nh3 (html5ever's serializer) writes well-formed HTML: lower-case tags, attribute values in
# double quotes, no comments, and in text every "<" escaped. A regular expression reads
# that about five times faster than HTMLParser; should it ever meet something else, the
# HTML is read by HTMLParser instead (`_parsed`), which gives the same tokens.
_TOKEN = re.compile(r'<(/?)([a-z][a-z0-9]*)((?:\s+[a-z-]+(?:="[^"]*")?)*)>|[^<]+')


def tokens(html):
    """The tokens of HTML made by `render_markdown`: ("start" or "end", the tag's name, the
    tag as written) or ("data", the text with character references resolved, the text as
    written)."""
    found, position = [], 0
    for match in _TOKEN.finditer(html):
        if match.start() != position:
            return _parsed(html)
        position = match.end()
        written, name = match.group(), match.group(2)
        if name:
            found.append(("end" if match.group(1) else "start", name, written))
        else:
            found.append(("data", unescape(written) if "&" in written else written, written))
    return found if position == len(html) else _parsed(html)


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens = []

    def handle_starttag(self, tag, attrs):
        self.tokens.append(("start", tag, self.get_starttag_text()))

    def handle_endtag(self, tag):
        self.tokens.append(("end", tag, f"</{tag}>"))

    def handle_data(self, data):
        self.tokens.append(("data", data, escape(data, quote=False)))


def _parsed(html):
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.tokens


def text_of(found):
    """The text of `tokens(…)`: each data token's text, and a line break around each block
    (a paragraph, a heading, an item of a list…); and where each token starts in it (None
    for a tag)."""
    parts, offsets, length = [], [], 0
    for kind, value, _ in found:
        if kind == "data":
            offsets.append(length)
            parts.append(value)
            length += len(value)
        else:
            offsets.append(None)
            if value in _BLOCKS:
                parts.append("\n")
                length += 1
    return "".join(parts), offsets


@lru_cache(maxsize=BODIES_REMEMBERED)
def body_text(body):
    """The words of the rendered body, as a reader sees them: what quotes must match."""
    return html_text(render_markdown(body))


def html_text(html):
    """The text of HTML made by `render_markdown`, for a caller that already has the HTML."""
    return text_of(tokens(html))[0]
