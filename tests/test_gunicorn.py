"""gunicorn.conf.py started for real on PostgreSQL, as the image starts it: workers that answer
/healthz and /readyz, turn unready when the database goes away and ready when it is back,
and write nothing on stderr but JSON lines, each request's with the id it answered with."""

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.helpers import postgresql_only

pytestmark = [postgresql_only, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


class Relay:
    """A TCP relay in front of PostgreSQL that can be cut and mended, as a network can."""

    def __init__(self, host, port):
        self.target = (host, port)
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.open = True
        self.sockets = []
        self.ports = []  # the relay's own ends of its connections to PostgreSQL
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return  # closed
            if not self.open:
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.sockets += [client, upstream]
                self.ports.append(upstream.getsockname()[1])
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(1 << 16):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            # Both ends at once: the other direction's thread is waiting on one of them.
            hang_up(source, sink)

    def cut(self):
        self.open = False
        with self.lock:
            hang_up(*self.sockets)
            self.sockets.clear()

    def mend(self):
        self.open = True

    def close(self):
        self.server.close()
        self.cut()


def hang_up(*ends):
    """Close connections now: shutdown() wakes a thread waiting on one and sends the peer
    its end, which close() alone, with a thread waiting, does not."""
    for end in ends:
        with contextlib.suppress(OSError):  # already gone
            end.shutdown(socket.SHUT_RDWR)
        end.close()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port, path):
    """(status, JSON body, X-Request-ID) of one GET."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return response.status, json.load(response), response.headers["X-Request-ID"]
    except urllib.error.HTTPError as error:
        return error.code, json.load(error), error.headers["X-Request-ID"]


def until(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def relay():
    settings = connection.settings_dict
    relay = Relay(settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432))
    yield relay
    relay.close()
    # PostgreSQL ends a session a moment after its connection closes; the test database
    # can be dropped only once every session that came through the relay has ended.
    assert until(lambda: not sessions_through(relay), 10)


def sessions_through(relay):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE client_port = ANY(%s)", [relay.ports]
        )
        return cursor.fetchone()[0]


@pytest.fixture
def server(relay, tmp_path):
    """Gunicorn with two workers, on the test database through the relay."""
    settings = connection.settings_dict
    credentials = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    port = free_port()
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DATABASE_URL": f"postgres://{credentials}@127.0.0.1:{relay.port}/{settings['NAME']}",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_HTTPS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "WHITENOISE_USE_FINDERS": "1",
        "GUNICORN_WORKERS": "2",
    }
    stderr = tmp_path / "stderr"
    with stderr.open("w") as log:
        process = subprocess.Popen(
            [GUNICORN, "-c", "gunicorn.conf.py", f"--bind=127.0.0.1:{port}"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )
    try:
        assert until(lambda: ready(port), 30), stderr.read_text()
        yield port, stderr
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def ready(port):
    try:
        return get(port, "/readyz")[0] == 200
    except OSError:
        return False  # not listening yet


def test_ready_unready_when_the_database_is_cut_off_and_ready_again(server, relay):
    port, stderr = server
    status, body, _ = get(port, "/readyz")
    assert (status, body["checks"]["story_listener"]) == (200, "connected")
    assert get(port, "/healthz")[:2] == (200, {"status": "ok"})

    relay.cut()
    status, body, _ = get(port, "/readyz")
    assert status == 503
    assert body["reason"].startswith("the database")
    assert get(port, "/healthz")[0] == 200  # alive all the same: nothing to restart

    relay.mend()
    # Each worker's pool and listener reconnect on their own; every worker is ready again.
    assert until(lambda: all(ready(port) for _ in range(6)), 30), stderr.read_text()


def test_every_line_on_stderr_is_json_and_each_request_carries_its_id(server):
    port, stderr = server
    answered = {get(port, path)[2] for path in ("/healthz", "/readyz", "/healthz")}

    def lines():
        return [json.loads(line) for line in stderr.read_text().splitlines()]

    def logged():
        return {line["request_id"] for line in lines() if line.get("event") == "http.request"}

    # A request's line is written as its response goes out: give the last one a moment.
    assert until(lambda: answered <= logged(), 5), stderr.read_text()
    booted = [line for line in lines() if line["message"].startswith("Booting worker")]
    assert len(booted) == 2
