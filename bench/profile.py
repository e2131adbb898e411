"""Where a story request's time goes, in this process, under cProfile.

    .venv/bin/python -m bench.profile [cold|changed|warm] [--requests N] [--top N]

Run `bench.run` first: it leaves the database (BENCH_DATABASE_URL, default `newsroom_bench`)
with the benchmark's story in it. `cold` empties every cache before each request (pages,
their parts, Markdown); `changed` empties only the page cache, as the usual change to a live
story leaves the parts of its page (one claim's item apart) as they were; `warm` asks again
for a page already cached (one query for its version: this process has no listener).
cProfile slows Python calls a good deal more than the database: read the order and the
counts, not the milliseconds.
"""

import argparse
import cProfile
import os
import pstats
import secrets

from bench.run import environment


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("case", choices=["cold", "changed", "warm"], nargs="?", default="cold")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="tottime", help="cumulative, tottime…")
    options = parser.parse_args()

    database_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench"
    )
    os.environ.update({**environment(database_url), "DJANGO_SECRET_KEY": secrets.token_hex()})

    import django

    django.setup()

    from articles.models import Article
    from articles.story_cache import forget_rendered
    from articles.story_cache.pages import pages
    from bench.inprocess import InProcess
    from bench.story import SLUG

    before = {"cold": forget_rendered, "changed": pages.clear, "warm": lambda: None}
    story = Article.objects.get(slug=SLUG).get_absolute_url()
    local = InProcess()
    for _ in range(20):
        local.ok(story)
    profile = cProfile.Profile()
    for _ in range(options.requests):
        before[options.case]()
        profile.enable()
        local.ok(story)
        profile.disable()
    stats = pstats.Stats(profile)
    stats.strip_dirs().sort_stats(options.sort).print_stats(options.top)


if __name__ == "__main__":
    main()
