"""A story body becomes HTML one way, and no author-supplied markup or script survives."""

import pytest
from django.template import Context, Template

from articles.markdown import body_text, render_markdown


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
