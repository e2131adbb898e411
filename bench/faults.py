"""The fault drill: the newsroom under load while PostgreSQL fails in every way we plan for.

    .venv/bin/python -m bench.faults [--seconds 90]

1. starts a throwaway PostgreSQL of its own (initdb into a temporary directory, on a free
   port or --pg-port), never the machine's: it restarts it. As root, PostgreSQL's tools run
   as the `postgres` user. Needs PostgreSQL's server binaries (--pg-bin, by default the
   newest under /usr/lib/postgresql/*/bin, else the PATH's);
2. migrates a database there, generates a published story (bench/story.py), signs in two
   editors and a reporter, and files a status request on each claim;
3. starts gunicorn with its production configuration (gunicorn.conf.py), three workers, the
   log at INFO (each decision's line is counted), and Locust headless with
   bench/locustfile_faults.py: readers on the story, its claims.json and the front page,
   editors deciding requests read from the review queue (with the row's revision count),
   reporters asking for changes;
4. meanwhile: ends every session of the drill's database every few seconds
   (pg_terminate_backend, as a failover does), restarts PostgreSQL once (pg_ctl restart),
   and kills one gunicorn worker with SIGKILL;
5. prints, per route, the answers: ok, stale (a reader's page from before the outage),
   409 (a race lost), our own 503 (the database away), and errors; then checks that every
   decision an editor was told of is recorded once, with one log line, none recorded that
   nobody made, and every claim's status is the one its approved changes lead to.

Exits non-zero when a reader got an error (other than a request in flight on the worker
killed), the desk answered anything but 200, 409 or its own 503, or a decision was lost
or doubled. Only 127.0.0.1 is contacted. The machine may be shared: figures are indicative.
"""

import argparse
import contextlib
import glob
import json
import logging
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import psycopg

from bench.drill import audit, recovery, report, tally
from bench.run import free_port

ROOT = Path(__file__).resolve().parent.parent


class Postgres:
    """A PostgreSQL of the drill's own, in a temporary directory, stopped and removed after."""

    def __init__(self, bin_dir, port):
        self.bin = Path(bin_dir)
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="newsroom-drill-"))
        self.data = self.dir / "data"
        # Its own port and socket directory, on 127.0.0.1 only: never the machine's server.
        self.options = f"-p {port} -k {self.dir} -c listen_addresses=127.0.0.1"
        self.as_postgres = os.geteuid() == 0  # initdb refuses to run as root
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")

    def _run(self, tool, *args):
        command = [str(self.bin / tool), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        # Into a file, not a pipe: a server pg_ctl starts would hold a pipe open for good.
        with (self.dir / "tools.log").open("a") as log:
            subprocess.run(command, check=True, stdout=log, stderr=log)

    def pg_ctl(self, *args):
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "log"), "-w", *args)

    def start(self):
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.pg_ctl("-o", self.options, "start")

    def restart(self, down):
        """Stop (ending every session at once, as a crash or a failover would), stay down
        for `down` seconds, start again; the seconds it was away in all."""
        started = time.monotonic()
        self.pg_ctl("-m", "fast", "stop")
        time.sleep(down)
        self.pg_ctl("-o", self.options, "start")
        return time.monotonic() - started

    def stop(self):
        try:
            self.pg_ctl("-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"


def postgres_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[4]))
    if found:
        return found[-1]
    initdb = shutil.which("initdb")
    if not initdb:
        raise SystemExit("PostgreSQL's server binaries (initdb, pg_ctl) are needed: --pg-bin.")
    return str(Path(initdb).parent)


def environment(database_url, secret_key):
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": secret_key,
        "DJANGO_HTTPS": "0",
        "WHITENOISE_USE_FINDERS": "1",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "INFO",  # each decision's line is counted
        "GUNICORN_THREADS": "1",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "PYTHONPATH": str(ROOT),
    }


def prepare(claims):
    """The story, the desk's sessions and a request waiting on every claim. In this process,
    with Django set up on the drill's database."""
    from django.test import Client

    from bench.story import generate
    from claims import workflow
    from claims.models import Claim

    article = generate(n_claims=claims, citations_per_claim=2)
    reporter, editor, second_editor = _users()

    def sessions(user, count):
        signed = []
        for _ in range(count):
            client = Client()
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            signed.append((client.cookies["sessionid"].value, secrets.token_hex(16)))
        return signed

    for claim in article.claims.all():
        to = Claim.Status.VERIFIED if claim.status != "verified" else Claim.Status.UNCONFIRMED
        workflow.request_status_change(claim, reporter, to, "Filed before the drill.")
    return {
        "story": article.get_absolute_url(),
        "claims": list(article.claims.values_list("pk", flat=True)),
        "sessions": {
            "editors": sessions(editor, 2) + sessions(second_editor, 2),
            "reporters": sessions(reporter, 2),
        },
    }


def _users():
    from django.contrib.auth.models import User

    names = ("bench-reporter", "bench-editor", "bench-editor2")  # bench/story.py's
    return [User.objects.get(username=name) for name in names]


def start_gunicorn(env, port, workers, log):
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--config=gunicorn.conf.py",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    os.killpg(server.pid, signal.SIGTERM)
    raise SystemExit("gunicorn did not become ready")


def workers_of(master):
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


class Faults(threading.Thread):
    """Every few seconds, end every session of the drill's database; once, restart
    PostgreSQL; once, kill a worker. What happened when goes into `timeline`."""

    def __init__(self, postgres, database, master, options):
        super().__init__(daemon=True)
        self.postgres, self.database, self.master = postgres, database, master
        self.seconds, self.purge_every, self.down = (
            options.seconds,
            options.purge_every,
            options.down,
        )
        self.timeline = []
        self.ended = 0
        self.killed_at = self.back_at = None
        self.done = threading.Event()
        self.started = time.monotonic()

    def note(self, what):
        self.timeline.append((time.monotonic() - self.started, what))

    def purge(self):
        try:
            with psycopg.connect(
                host="127.0.0.1",
                port=self.postgres.port,
                user="postgres",
                dbname="postgres",
                autocommit=True,
                connect_timeout=3,
            ) as admin:
                (count,) = admin.execute(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    [self.database],
                ).fetchone()
            self.ended += count
        except psycopg.OperationalError as error:  # PostgreSQL restarting just then
            self.note(f"purge skipped: {type(error).__name__}")

    def run(self):
        restart_at, kill_at = self.seconds * 0.4, self.seconds * 0.7
        next_purge = self.purge_every
        while (now := time.monotonic() - self.started) < self.seconds - 2:
            if restart_at is not None and now >= restart_at:
                self.note("PostgreSQL stops (fast: every session ended)")
                took = self.postgres.restart(self.down)
                self.back_at = time.time()
                self.note(f"PostgreSQL back, after {took:.1f} s away")
                restart_at = None
            elif kill_at is not None and now >= kill_at:
                victim = workers_of(self.master)[0]
                os.kill(victim, signal.SIGKILL)
                self.killed_at = time.time()
                self.note(f"worker {victim} killed (SIGKILL)")
                kill_at = None
            elif now >= next_purge:
                self.purge()
                next_purge += self.purge_every
            time.sleep(0.1)
        self.note(f"{self.ended} sessions ended by purges in all")
        self.done.set()


def run_locust(host, setup_file, outcomes_file, options, log):
    env = {
        **os.environ,
        "DRILL_SETUP": str(setup_file),
        "DRILL_OUTCOMES": str(outcomes_file),
        "DRILL_READERS": str(options.readers),
        "DRILL_EDITORS": str(options.editors),
        "DRILL_REPORTERS": str(options.reporters),
    }
    users = options.readers + options.editors + options.reporters
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "locust"),
            "-f",
            "bench/locustfile_faults.py",
            "--headless",
            "--only-summary",
            f"--users={users}",
            f"--spawn-rate={users}",
            f"--run-time={options.seconds}s",
            f"--host={host}",
            "--stop-timeout=10",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=90, help="length of the load")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--readers", type=int, default=12)
    parser.add_argument("--editors", type=int, default=4)
    parser.add_argument("--reporters", type=int, default=2)
    parser.add_argument("--claims", type=int, default=24, help="claims in the story")
    parser.add_argument("--purge-every", type=float, default=5.0, help="seconds")
    parser.add_argument("--down", type=float, default=5.0, help="seconds PostgreSQL stays down")
    parser.add_argument("--port", type=int, default=0, help="gunicorn's (default: free)")
    parser.add_argument("--pg-port", type=int, default=0, help="PostgreSQL's (default: free)")
    parser.add_argument("--pg-bin", default="", help="PostgreSQL's server binaries")
    parser.add_argument("--database", default="newsroom_drill")
    parser.add_argument("--keep", default="", help="a folder to keep the logs in")
    options = parser.parse_args()

    postgres = Postgres(options.pg_bin or postgres_bin(), options.pg_port or free_port())
    port = options.port or free_port()
    work = Path(tempfile.mkdtemp(prefix="newsroom-drill-run-"))
    secret_key = secrets.token_urlsafe(50)
    server = locust = None
    try:
        postgres.start()
        with psycopg.connect(postgres.url("postgres"), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{options.database}"')
        env = environment(postgres.url(options.database), secret_key)
        # This process sets up and checks; what it logs meanwhile (its own pool finding
        # its connections ended, after the faults) is of no interest.
        os.environ.update({**env, "DJANGO_LOG_LEVEL": "ERROR"})

        import django
        from django.core.management import call_command

        django.setup()
        logging.getLogger("psycopg").setLevel(logging.ERROR)  # psycopg sets its own level
        call_command("migrate", verbosity=0)
        setup = prepare(options.claims)
        setup_file, outcomes_file = work / "setup.json", work / "outcomes.jsonl"
        setup_file.write_text(json.dumps(setup))
        outcomes_file.touch()
        from django.db import connections
        from django.utils import timezone

        connections.close_all()  # nothing of this process's in the way of the faults

        server_log = (work / "gunicorn.log").open("w")
        server = start_gunicorn(env, port, options.workers, server_log)
        started = timezone.now()
        locust_log = (work / "locust.log").open("w")
        locust = run_locust(
            f"http://127.0.0.1:{port}", setup_file, outcomes_file, options, locust_log
        )
        faults = Faults(postgres, options.database, server.pid, options)
        faults.start()
        locust.wait(timeout=options.seconds + 120)
        faults.done.wait(timeout=30)
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        server = None

        outcomes = [json.loads(line) for line in outcomes_file.read_text().splitlines()]
        log_lines = []
        for line in (work / "gunicorn.log").read_text().splitlines():
            with contextlib.suppress(ValueError):  # a line cut short by the SIGKILL
                log_lines.append(json.loads(line))
        routes = tally(outcomes, faults.killed_at)
        desk_back, last_stale = recovery(outcomes, faults.back_at)
        if desk_back is not None:
            faults.note(f"the desk answered 200 again {desk_back:.1f} s after PostgreSQL was back")
        if last_stale is not None:
            faults.note(f"the last stale page was served {last_stale:+.1f} s from its return")
        connections.close_all()
        result = audit(outcomes, log_lines, started)
    finally:
        if locust and locust.poll() is None:
            locust.terminate()
        if server:
            os.killpg(server.pid, signal.SIGTERM)
        postgres.stop()
        if options.keep:
            shutil.copytree(work, options.keep, dirs_exist_ok=True)
        shutil.rmtree(work, ignore_errors=True)

    return report(options, faults, routes, result)


if __name__ == "__main__":
    sys.exit(main())
