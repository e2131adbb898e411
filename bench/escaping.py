"""Why the story page builds its HTML with `articles.reader.markup.html`, not `format_html`.

    .venv/bin/python -m bench.escaping

Both escape every argument that is not already safe; Django's `format_html` also supports
lazy (translatable) strings, which the story page never passes, at a cost the page pays a
thousand times (60 claims × 4 citations). This times one citation line built each way.
"""

import os
import timeit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django

django.setup()

from django.utils.html import format_html  # noqa: E402

from articles.reader.markup import html  # noqa: E402

TEMPLATE = '<a href="{}" rel="nofollow noopener noreferrer">{}</a>'
ARGS = ("https://example.org/report?id=1&lang=en", "Yuri Ushakov, Kremlin aide — via TASS")
CALLS = 100_000


def main():
    assert html(TEMPLATE, *ARGS) == format_html(TEMPLATE, *ARGS)
    for name, build in (("format_html", format_html), ("markup.html", html)):
        seconds = min(timeit.repeat(lambda b=build: b(TEMPLATE, *ARGS), number=CALLS, repeat=5))
        print(f"{name:12} {seconds / CALLS * 1e6:.2f} µs a call")


if __name__ == "__main__":
    main()
