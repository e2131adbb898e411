"""Benchmark the story page against a bare Django view, on PostgreSQL, in-process and under
gunicorn.

    .venv/bin/python -m bench.run

It (re)creates the database `newsroom_bench` (BENCH_DATABASE_URL to use another), migrates
it, generates a published story of 60 claims × 4 citations (and copies of it), and
measures in one run, each against the bare view (an `HttpResponse("ok")` behind the same
middleware) in interleaved rounds:

- weight: the page's bytes, raw and as gzip sends them; target ≤ 100 KiB raw;
- warm (gunicorn, HTTP): requests a second for a page every process has cached, as a
  ratio to the bare view's; target ≥ 0.9;
- cold, in-process: the page with every cache emptied (pages, their parts, Markdown) as a
  ratio to the bare view's time; target ≤ 25×;
- cold over HTTP: the first request for a copy of the story no process has rendered;
- one claim's status changed (approved by an editor as the desk does), in-process and over
  HTTP: the next request, which renders the page anew from the parts kept; target ≤ 8×
  over HTTP.

It prints the figures and exits non-zero when a target is missed. Only 127.0.0.1 is ever
contacted, for a bounded time.
"""

import argparse
import gzip
import multiprocessing
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import dj_database_url
import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
BARE = "/bench/bare/"
WEIGHT_TARGET = 100 * 1024
WARM_TARGET = 0.9
COLD_TARGET = 25.0
ONE_CLAIM_TARGET = 8.0
BARE_PER_ROUND = 5


def environment(database_url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "WHITENOISE_USE_FINDERS": "1",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
        "GUNICORN_THREADS": "1",  # sync workers, whatever the caller's environment says
        "PYTHONPATH": str(ROOT),
    }


def recreate_database(database_url):
    config = dj_database_url.parse(database_url)
    admin = psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        name = sql.Identifier(config["NAME"])
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(name))


def fetch(port, path):
    """One GET over a fresh connection (gunicorn's sync workers close after each answer),
    accepting gzip as every browser does."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\n"
            "Connection: close\r\n\r\n".encode()
        )
        chunks = []
        while data := connection.recv(1 << 18):
            chunks.append(data)
    response = b"".join(chunks)
    return int(response[9:12]), response


def header(response, name):
    head = response.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    prefix = name.lower() + ":"
    return next(
        (
            line[len(prefix) :].strip()
            for line in head.split("\r\n")
            if line.lower().startswith(prefix)
        ),
        None,
    )


def body(response):
    content = response.split(b"\r\n\r\n", 1)[1]
    return gzip.decompress(content) if header(response, "Content-Encoding") == "gzip" else content


def _client(port, tasks, results):
    """One concurrent client: for each (path, seconds) task, request it over and over."""
    for path, seconds in iter(tasks.get, None):
        deadline = time.perf_counter() + seconds
        done = 0
        while time.perf_counter() < deadline:
            status, _ = fetch(port, path)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
            done += 1
        results.put(done)


class Clients:
    """Concurrent clients in their own processes, started once and given one task at a time."""

    def __init__(self, port, count):
        # Fresh interpreters, not forks of this one with its database pool and threads.
        spawn = multiprocessing.get_context("spawn")
        self.tasks, self.results = spawn.Queue(), spawn.Queue()
        self.processes = [
            spawn.Process(target=_client, args=(port, self.tasks, self.results), daemon=True)
            for _ in range(count)
        ]
        for process in self.processes:
            process.start()

    def throughput(self, path, seconds):
        """Requests a second that all the clients together get answered."""
        for _ in self.processes:
            self.tasks.put((path, seconds))
        return sum(self.results.get(timeout=seconds + 60) for _ in self.processes) / seconds

    def close(self):
        for _ in self.processes:
            self.tasks.put(None)
        for process in self.processes:
            process.join(timeout=30)


def response_time(port, path, before=None):
    if before:
        before()
    start = time.perf_counter()
    status, response = fetch(port, path)
    elapsed = time.perf_counter() - start
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")
    return elapsed, response


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env, port, workers):
    """Gunicorn as production runs it (gunicorn.conf.py), but on a free local port, with the
    workers asked for, and no graceful restarts: a worker replaced halfway through a round
    would start with a cold cache and skew it."""
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--config=gunicorn.conf.py",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--max-requests=0",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            if fetch(port, BARE)[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise RuntimeError("gunicorn did not start")


def stop(server):
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def http_rounds(port, paths, before, check):
    """For each of `paths`: `before(n)` (not timed), then the page timed, then the bare view
    back to back. Returns (median story seconds, median bare seconds)."""
    story_times, bare_times = [], []
    for n, path in enumerate(paths):
        expected = before(n)
        elapsed, response = response_time(port, path)
        check(body(response), expected)
        story_times.append(elapsed)
        bare_times += [response_time(port, BARE)[0] for _ in range(BARE_PER_ROUND)]
    return statistics.median(story_times), statistics.median(bare_times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients, warm")
    parser.add_argument("--seconds", type=float, default=1, help="length of each warm round")
    parser.add_argument("--rounds", type=int, default=10, help="warm rounds per page")
    parser.add_argument("--cold", type=int, default=20, help="cold requests, each way")
    parser.add_argument("--changes", type=int, default=20, help="one-claim changes, each way")
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: free)")
    options = parser.parse_args()

    database_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench"
    )
    env = environment(database_url)
    os.environ.update(env)
    recreate_database(database_url)

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)

    from django.db import connection

    from articles.story_cache import forget_rendered
    from bench.inprocess import InProcess
    from bench.story import change_one_claim, copies, generate

    article = generate()
    cold_stories = [copy.get_absolute_url() for copy in copies(article, options.cold)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as a live database has them
    story = article.get_absolute_url()
    claims = article.claims.count()
    citations = sum(claim.citations.count() for claim in article.claims.all())

    local = InProcess()
    forget_rendered()
    page = local.ok(story)[1]
    weight, zipped = len(page), len(gzip.compress(page, 3))

    def is_a_story(page, _):
        if b'data-claim-status="' not in page:
            raise RuntimeError("not a story page")

    def changed(n):
        # Approved through the workflow: the claim's status, its history, the updates.
        return change_one_claim(article, n)

    def shows(page, change):
        claim, status = change
        badge = f'data-claim-status="{status.value}" popovertarget="claim-{claim.pk}"'
        if badge.encode() not in page:
            raise RuntimeError("a request after a change got the page from before it")

    def heard(n):
        change = changed(options.changes + n)
        # The server's processes hear of a change from PostgreSQL a moment after it
        # commits (articles.story_cache); give them that moment, as a reader arriving after
        # the editor would, so that the request timed next is the first one to see it.
        time.sleep(0.05)
        return change

    cold_local = local.rounds(story, options.cold, lambda n: forget_rendered(), is_a_story)
    one_local = local.rounds(story, options.changes, changed, shows)

    port = options.port or free_port()
    server = start_gunicorn(env, port, options.workers)
    try:
        for _ in range(options.workers * 10):  # every worker renders the page once
            fetch(port, story)

        # Short rounds, taking turns: whatever else the machine does weighs on both alike.
        clients = Clients(port, options.clients)
        try:
            clients.throughput(BARE, 1)  # every client connected and running
            bare_rates, story_rates = [], []
            for _ in range(options.rounds):
                bare_rates.append(clients.throughput(BARE, options.seconds))
                story_rates.append(clients.throughput(story, options.seconds))
        finally:
            clients.close()
        warm = sum(story_rates) / sum(bare_rates)

        cold_http = http_rounds(port, cold_stories, lambda n: None, is_a_story)

        def one_claim_paths():
            for _ in range(options.changes):
                yield story
                for _ in range(options.workers * 4):  # each process renders the new version
                    fetch(port, story)

        one_http = http_rounds(port, one_claim_paths(), heard, shows)
    finally:
        stop(server)

    def ratio(times):
        return times[0] / times[1]

    results = [
        (
            f"weight: {weight / 1024:.1f} KiB raw, {zipped / 1024:.1f} KiB gzip",
            weight / 1024,
            weight <= WEIGHT_TARGET,
            f"≤ {WEIGHT_TARGET // 1024} KiB raw",
        ),
        (
            f"warm: story {sum(story_rates) / options.rounds:.0f} req/s, bare view "
            f"{sum(bare_rates) / options.rounds:.0f} req/s ({options.clients} clients, "
            f"{options.rounds} rounds of {options.seconds:g} s each) → ratio {warm:.2f}",
            None,
            warm >= WARM_TARGET,
            f"≥ {WARM_TARGET}",
        ),
        timed("cold, in-process, every cache empty", cold_local, options.cold, COLD_TARGET),
        timed("cold over HTTP, a story no process has rendered", cold_http, options.cold),
        timed("one claim's status changed, in-process", one_local, options.changes),
        timed("one claim's status changed, over HTTP", one_http, options.changes, ONE_CLAIM_TARGET),
    ]
    print(
        f"bench: gunicorn {options.workers} workers, PostgreSQL, {os.cpu_count()} CPUs; "
        f"story of {claims} claims × {citations // claims} citations"
    )
    for line, _, ok, target in results:
        verdict = "" if target is None else f" (target {target}) {'ok' if ok else 'MISSED'}"
        print(line + verdict)
    print(f"(load average {' '.join(f'{x:.1f}' for x in os.getloadavg())})")
    return 0 if all(ok for _, _, ok, _ in results) else 1


def timed(what, times, count, target=None):
    """A result line: the medians and their ratio, against its target if it has one."""
    story_time, bare_time = times
    ratio = story_time / bare_time
    line = (
        f"{what}: story {story_time * 1000:.2f} ms, bare view {bare_time * 1000:.3f} ms "
        f"(medians of {count} and {count * BARE_PER_ROUND}) → {ratio:.1f}×"
    )
    return (
        line,
        ratio,
        target is None or ratio <= target,
        None if target is None else f"≤ {target:g}×",
    )


if __name__ == "__main__":
    sys.exit(main())
