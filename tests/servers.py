"""Gunicorn started for real on the test database, as the image starts it (gunicorn.conf.py),
through a TCP relay in front of PostgreSQL that can be cut and mended, as a network can:
for the tests of what a web server's processes do when the database goes away
(tests/test_gunicorn.py, tests/test_faults.py). The suite's own connection does not go
through the relay, so it is never cut."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import Client

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

    @classmethod
    def to_the_test_database(cls):
        database = connection.settings_dict
        return cls(database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432))

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

    def sessions(self):
        """The PostgreSQL sessions that came through the relay and are still there."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE client_port = ANY(%s)", [self.ports]
            )
            return cursor.fetchone()[0]

    def wait_until_gone(self):
        # PostgreSQL ends a session a moment after its connection closes; the test database
        # can be dropped only once every session that came through the relay has ended.
        assert until(lambda: not self.sessions(), 10)


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


def until(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@contextlib.contextmanager
def gunicorn(relay, stderr, ready, **environment):
    """Gunicorn on the test database through `relay`, its log in the file `stderr`, until
    `ready(port)` says it serves; yields its port. `environment` adds to or overrides the
    production settings over plain HTTP on 127.0.0.1. The secret key is the suite's, so
    that a session a test signs in with (`signed_in`) is good there too."""
    database = connection.settings_dict
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    port = free_port()
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DATABASE_URL": f"postgres://{credentials}@127.0.0.1:{relay.port}/{database['NAME']}",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_HTTPS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "WHITENOISE_USE_FINDERS": "1",
        **environment,
    }
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
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def signed_in(user):
    """The id of a new session of `user`, kept in the database as a real sign-in's is."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value
