"""The story page's HTML builder escapes whatever is not already safe, as format_html does."""

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from articles.reader.markup import html, html_join
from tests.articles.reader_helpers import HOSTILE


def test_arguments_are_escaped_and_the_result_is_safe():
    built = html('<p title="{}">{}</p>', HOSTILE, HOSTILE)
    assert isinstance(built, SafeString)
    assert built == format_html('<p title="{}">{}</p>', HOSTILE, HOSTILE)
    assert "<script>" not in built and '" onmouseover' not in built


def test_safe_pieces_are_kept_as_they_are():
    assert html("<li>{}</li>", mark_safe("<em>ours</em>")) == "<li><em>ours</em></li>"


def test_joined_pieces_are_escaped_unless_safe():
    joined = html_join([mark_safe("<b>ours</b>"), "<i>theirs</i>"])
    assert isinstance(joined, SafeString)
    assert joined == "<b>ours</b>&lt;i&gt;theirs&lt;/i&gt;"
