"""The one way a story body becomes HTML, and the text a reader reads.

markdown-it-py renders CommonMark with raw HTML switched off; nh3 (the Rust `ammonia`
sanitizer) then cleans the result, so no author-supplied markup or script survives even if
the renderer lets something through.
"""

from functools import lru_cache
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


class TextExtractor(HTMLParser):
    """Collects the text of sanitized HTML, with a line break around each block."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self.parts.append("\n")


@lru_cache(maxsize=BODIES_REMEMBERED)
def body_text(body):
    """The words of the rendered body, as a reader sees them: what quotes must match."""
    return html_text(render_markdown(body))


def html_text(html):
    """The text of HTML made by `render_markdown`, for a caller that already has the HTML."""
    extractor = TextExtractor()
    extractor.feed(html)
    extractor.close()
    return "".join(extractor.parts)
