"""Benchmark the story page against a bare Django view, on PostgreSQL under gunicorn.

    .venv/bin/python -m bench.run

It (re)creates the database `newsroom_bench` (BENCH_DATABASE_URL to use another), migrates
it, generates a published story of 60 claims × 4 citations, starts gunicorn with the
production settings over plain HTTP on 127.0.0.1, and measures, in one run and with the
same client:

- warm: the story page's throughput (requests a second, a fixed number of concurrent
  clients for a fixed time), as a ratio to the bare view's; target ≥ 0.7;
- cold: the story page's response time right after a change to the story (its content
  version renewed, exactly as an approved status change does, so no worker has it
  cached), as a ratio to the bare view's response time measured back to back with it;
  target ≤ 25×.

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
WARM_TARGET = 0.7
COLD_TARGET = 25.0


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients, warm")
    parser.add_argument("--seconds", type=float, default=1, help="length of each warm round")
    parser.add_argument("--rounds", type=int, default=10, help="warm rounds per page")
    parser.add_argument("--cold", type=int, default=40, help="cold requests")
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

    from articles.models import Article
    from bench.story import generate

    article = generate()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as a live database has them
    story = article.get_absolute_url()
    claims = article.claims.count()
    citations = sum(claim.citations.count() for claim in article.claims.all())

    def story_changed():
        Article.objects.filter(pk=article.pk).mark_content_changed()
        # The server's processes hear of a change from PostgreSQL a moment after it commits
        # (articles.story_cache); give them that moment, as a reader arriving after the
        # editor would, so that the request timed next is the first one to see it and the
        # page is not served from before the change.
        time.sleep(0.05)

    port = free_port()
    server = start_gunicorn(env, port, options.workers)
    try:
        _, page = response_time(port, story)
        page = body(page)
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

        # Only the story's request waits after the change (story_changed), for the listener.
        cold_times, etags = [], set()
        for _ in range(options.cold):
            elapsed, response = response_time(port, story, before=story_changed)
            # A fresh render of the new version, not a copy served from before the change.
            etag = header(response, "ETag")
            if etag in etags or b'data-claim-status="verified"' not in body(response):
                raise RuntimeError("a request after a change got the page from before it")
            etags.add(etag)
            cold_times.append(elapsed)
        # The yardstick: the bare view back to back, no pause before each request. A pause
        # (or a heavy request just before) costs a bare request about half a millisecond,
        # which would count for much in its time and flatter the ratio.
        bare_times = [response_time(port, BARE)[0] for _ in range(options.cold)]
        cold = statistics.median(cold_times) / statistics.median(bare_times)
    finally:
        stop(server)

    warm_ok, cold_ok = warm >= WARM_TARGET, cold <= COLD_TARGET
    print(
        f"bench: gunicorn {options.workers} workers, PostgreSQL, {os.cpu_count()} CPUs; "
        f"story of {claims} claims × {citations // claims} citations, "
        f"{len(page) // 1024} KiB"
    )
    print(
        f"warm: story {sum(story_rates) / options.rounds:.0f} req/s, "
        f"bare view {sum(bare_rates) / options.rounds:.0f} req/s "
        f"({options.clients} clients, {options.rounds} rounds of {options.seconds:g} s each) "
        f"→ ratio {warm:.2f} (target ≥ {WARM_TARGET}) {'ok' if warm_ok else 'MISSED'}"
    )
    print(
        f"cold: story {statistics.median(cold_times) * 1000:.1f} ms, "
        f"bare view {statistics.median(bare_times) * 1000:.2f} ms "
        f"(median of {options.cold}; the bare view's back to back) "
        f"→ {cold:.1f}× (target ≤ {COLD_TARGET:g}×) {'ok' if cold_ok else 'MISSED'}"
    )
    print(f"(load average {' '.join(f'{x:.1f}' for x in os.getloadavg())})")
    return 0 if warm_ok and cold_ok else 1


if __name__ == "__main__":
    sys.exit(main())
