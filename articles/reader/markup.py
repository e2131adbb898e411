"""HTML built safe by construction, fast enough for the story page's hot path.

`html()` is Django's `format_html` without its support for lazy strings: every argument is
escaped unless it is already safe (`SafeString`), and the result is safe. The story page
calls it a thousand times at 60 claims × 4 citations, where `format_html`'s extra layers
cost about three times as much (bench/escaping.py measures both).
"""

from html import escape

from django.utils.safestring import SafeData, SafeString


def _escaped(value):
    return value if isinstance(value, SafeData) else escape(str(value))


def html(template, *args):
    """`template.format(*args)`, each argument escaped unless it is safe already."""
    return SafeString(template.format(*map(_escaped, args)))


def html_join(pieces):
    """The pieces one after the other, each escaped unless it is safe already."""
    return SafeString("".join(map(_escaped, pieces)))
