"""What each middleware costs an anonymous reader's request, in this process.

    .venv/bin/python -m bench.middleware

Run `bench.run` first (it leaves the benchmark's database and story). It times, in-process
and interleaved, the bare view through the whole middleware and then with each middleware
left out in turn, and the story page warm: answered from memory before the middleware
(`CachedReaderPageMiddleware`, with the listener vouching as in a web server) and, for
comparison, through the whole chain to the view with the same page at hand.
"""

import os
import secrets
import statistics
import time

from bench.run import environment

ROUNDS = 30
REQUESTS = 200
# Each left out in turn, with those that cannot work without it.
LEFT_OUT = [
    ["SecurityMiddleware"],
    ["WhiteNoiseMiddleware"],
    [
        "SessionMiddleware",
        "AuthenticationMiddleware",
        "LoginRequiredMiddleware",
        "MessageMiddleware",
        "AxesMiddleware",
    ],
    ["CommonMiddleware"],
    ["CsrfViewMiddleware"],
    ["AuthenticationMiddleware", "LoginRequiredMiddleware", "AxesMiddleware"],
    ["LoginRequiredMiddleware"],
    ["MessageMiddleware"],
    ["XFrameOptionsMiddleware"],
    ["ContentSecurityPolicyMiddleware"],
    ["HtmxMiddleware"],
    ["AxesMiddleware"],
]


def main():
    database_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench"
    )
    os.environ.update({**environment(database_url), "DJANGO_SECRET_KEY": secrets.token_hex()})

    import django

    django.setup()

    from django.conf import settings
    from django.test.utils import override_settings

    from articles.models import Article
    from articles.story_cache.listener import changes
    from bench.inprocess import BARE, InProcess
    from bench.story import SLUG

    changes.enable()
    changes.generation()
    changes.connected.wait(10)
    story = Article.objects.get(slug=SLUG).get_absolute_url()
    fast = "articles.story_cache.middleware.CachedReaderPageMiddleware"
    chains = {"the whole chain": settings.MIDDLEWARE}
    for left_out in LEFT_OUT:
        label = "without " + " + ".join(name.removesuffix("Middleware") for name in left_out)
        chains[label] = [m for m in settings.MIDDLEWARE if m.rsplit(".", 1)[1] not in left_out]
    handlers = {}
    for label, chain in chains.items():
        with override_settings(MIDDLEWARE=chain):
            handlers[label] = InProcess()
    with override_settings(MIDDLEWARE=[m for m in settings.MIDDLEWARE if m != fast]):
        to_the_view = InProcess()

    timings = {label: [] for label in handlers}
    timings["story, from memory"] = []
    timings["story, down the chain to the view"] = []
    requests = [(label, handler, BARE) for label, handler in handlers.items()]
    requests += [("story, from memory", handlers["the whole chain"], story)]
    requests += [("story, down the chain to the view", to_the_view, story)]
    for _, handler, path in requests:
        for _ in range(50):
            handler.ok(path)
    for _ in range(ROUNDS):  # taking turns, so that other load weighs on all alike
        for label, handler, path in requests:
            start = time.perf_counter()
            for _ in range(REQUESTS):
                handler.get(path)
            timings[label].append((time.perf_counter() - start) / REQUESTS)
    whole = statistics.median(timings["the whole chain"])
    print(f"{'bare view, ' + 'the whole chain':44} {whole * 1e6:6.1f} µs")
    for label, times in timings.items():
        if label != "the whole chain":
            median = statistics.median(times)
            print(f"{label:44} {median * 1e6:6.1f} µs ({(median - whole) * 1e6:+.1f})")
    changes.stop()


if __name__ == "__main__":
    main()
