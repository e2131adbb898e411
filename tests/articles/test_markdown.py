"""A story body becomes HTML one way, and no author-supplied markup or script survives."""

from pathlib import Path

import pytest
from django.template import Context, Template

import articles.demo
from articles.markdown import _parsed, body_text, html_text, render_markdown, tokens
from tests.articles.golden import BODY as GOLDEN_BODY
from tests.articles.reader_helpers import HOSTILE


def html(body):
    return str(render_markdown(body))


class TestRenderMarkdown:
    def test_markdown_becomes_the_story_markup(self):
        rendered = html(
            "Lede with *emphasis*, **weight** and `code`.\n\n"
            "## Verified Facts\n\n- one\n- two\n\n> — KCNA\n"
        )
        assert (
            "<p>Lede with <em>emphasis</em>, <strong>weight</strong> and <code>code</code>.</p>"
            in rendered
        )
        assert "<h2>Verified Facts</h2>" in rendered
        assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in rendered
        assert "<blockquote>\n<p>— KCNA</p>\n</blockquote>" in rendered

    @pytest.mark.parametrize(
        "body",
        [
            "<script>alert(1)</script>",
            '<img src="x" onerror="alert(1)">',
            '<a href="https://example.com" onclick="alert(1)">link</a>',
            "<iframe src='https://example.com'></iframe>",
            "<style>body{display:none}</style>",
        ],
    )
    def test_raw_html_is_shown_as_text_never_as_markup(self, body):
        rendered = html(body)
        assert "<" not in rendered.removeprefix("<p>").removesuffix("</p>\n")
        assert "&lt;" in rendered

    @pytest.mark.parametrize(
        "body",
        [
            "[click](javascript:alert(1))",
            "[click](JAVASCRIPT:alert(1))",
            "[click](data:text/html;base64,PHNjcmlwdD4=)",
            "[click](vbscript:msgbox(1))",
        ],
    )
    def test_links_with_script_schemes_are_not_links(self, body):
        rendered = html(body)
        assert "<a" not in rendered
        assert "href" not in rendered

    def test_links_do_not_pass_on_trust_or_the_reader(self):
        rendered = html('[the record](https://example.com/kcna "KCNA")')
        assert rendered == (
            '<p><a href="https://example.com/kcna" title="KCNA" '
            'rel="noopener noreferrer nofollow">the record</a></p>\n'
        )

    def test_images_are_not_rendered(self):
        assert "<img" not in html("![tracking pixel](https://example.com/pixel.png)")

    def test_a_top_level_heading_does_not_compete_with_the_title(self):
        rendered = html("# Another title\n\nText.")
        assert "<h1" not in rendered
        assert "Another title" in rendered

    def test_no_body_renders_nothing(self):
        assert html("") == html(None) == ""

    def test_the_result_is_safe_to_put_in_a_template(self):
        page = Template("{{ body }}").render(Context({"body": render_markdown("*hi*")}))
        assert page == "<p><em>hi</em></p>\n"


class TestBodyText:
    def test_the_words_a_reader_sees_without_markup(self):
        text = body_text("Kim **left** [by train](https://example.com).")
        assert text.strip() == "Kim left by train."

    def test_each_block_is_a_line_of_its_own(self):
        text = body_text("## Facts\n\nFirst.\n\n- one\n- two\n\nLine one  \nline two")
        lines = [line for line in text.splitlines() if line.strip()]
        assert lines == ["Facts", "First.", "one", "two", "Line one", "line two"]

    def test_entities_are_the_characters_a_reader_sees(self):
        assert body_text("AT&T &amp; co <b>").strip() == "AT&T & co <b>"

    def test_typography_is_kept(self):
        assert body_text("“special train” — next‑generation").strip() == (
            "“special train” — next‑generation"
        )


DEMO = Path(articles.demo.__file__).resolve().parent


class TestReadingTheSanitizedHtml:
    """`tokens` reads the sanitizer's HTML with a regular expression; HTMLParser reads any
    HTML. Both must give the same tags and the same text, or the publish gate and the story
    page would disagree about where a quote is."""

    @pytest.mark.parametrize(
        "body",
        [
            *(path.read_text() for path in sorted(DEMO.glob("*.md"))),
            GOLDEN_BODY,
            HOSTILE,
            "Fish &amp; chips &lt;3 &copy; 2025&nbsp;Seoul, \u00a0“quoted” 'single' \"double\"",
            '[a link](https://example.com/?a=1&b="2">3) and <b>raw</b> and <!-- a comment -->',
            "```\ncode <b> & </b>\n```\n\n    indented <i>\n\n* * *\n\nline  \nbreak",
            "1. one\n2. two\n\n### Three\n\n#### Four `x<y`",
        ],
    )
    def test_the_quick_reading_is_htmlparsers(self, body):
        rendered = html(body)
        quick = [(kind, value) for kind, value, _ in tokens(rendered)]
        assert quick == [(kind, value) for kind, value, _ in _parsed(rendered)]
        # What is kept as written is what the sanitizer wrote, piece for piece.
        assert "".join(written for _, _, written in tokens(rendered)) == rendered

    def test_html_it_does_not_recognise_is_read_by_htmlparser(self):
        odd = "<p>one<br/>two<!-- note --></p>"
        assert tokens(odd) == _parsed(odd)
        assert html_text(odd) == "\none\n\ntwo\n"  # a line break around <br/>, as before
