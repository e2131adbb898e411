"""Knowing, without asking the database, that no story changed since a process last looked.

On PostgreSQL a web server's process skips reading a story's version on every request:
`listen_for_changes()` (called by newsroom/wsgi.py) has it LISTEN for the notification that
a trigger on the article table sends when any change to an article commits (migration
articles 0003). While its listener is connected, a process reuses the versions it has read
until the next notification, which arrives a moment (milliseconds) after the commit.
Signed-in people, who may have just made the change, always get the version read afresh;
so does everyone when no listener is connected (starting, reconnecting, SQLite, tests,
management commands).

A lost connection (PostgreSQL restarted, an administrator ended the session, the network
failed) is retried with a doubling delay, and once connected again the listener vouches only
for versions read afresh after it: whatever changed while it was away was not heard of.
/readyz shows its state (`describe()`).

It also counts the notifications it has heard (`heard()`), so that `fallback` can tell a
page it kept for an outage from one a story change has overtaken since.
"""

import logging
import os
import random
import threading
import time

import psycopg
from django.db import connection

logger = logging.getLogger(__name__)
CHANNEL = "newsroom_stories"


class ChangeListener:
    """A background thread holds its own connection, LISTENing on CHANNEL; every
    notification (and every connect or disconnect) starts a new generation, and a version
    read in an older generation is not trusted any more. Notifications alone are also
    counted (`heard()`)."""

    # How long to wait for a notification before checking the connection is alive.
    PATIENCE = 1.0
    # Reconnecting: the first try this long after the connection was lost, each next one
    # after twice as long as the last, up to LONGEST_WAIT; each delay is varied by a fifth
    # so that the workers of a server (and the servers) do not all knock at once. The
    # longest wait is short: until the listener is back, /readyz says the process is not
    # ready, so it must not lag the database's return by long.
    FIRST_RETRY = 0.5
    LONGEST_WAIT = 4.0
    # What known() measures a silence with; a test moves it without touching the thread.
    clock = staticmethod(time.monotonic)

    def __init__(self):
        self._lock = threading.Lock()
        self._generation = 0
        self._heard = 0  # notifications, ever: never reset
        self._listening = False
        self._alive_at = 0.0
        self._known = {}
        self._failures = 0  # connection attempts failed in a row
        self._last_error = None
        self._retry_at = None
        self._enabled = False
        self._pid = None
        self._thread = None
        self._stopping = threading.Event()
        self.connected = threading.Event()

    def enable(self):
        """Listen from the next request on (in each process: gunicorn forks after this)."""
        self._enabled = True

    @property
    def enabled(self):
        """Whether this process is a web server's that listens (readiness asks)."""
        return self._enabled

    def start(self):
        """Listen now rather than from this process's first request: a booted gunicorn
        worker calls it (gunicorn.conf.py), so it is connected before traffic arrives."""
        self._ensure_running()

    def stop(self):
        """Hang up and wait for the thread to end (tests, so their database can go)."""
        self._stopping.set()
        if self._thread:
            self._thread.join()
        self._enabled, self._pid, self._thread = False, None, None
        self._failures, self._last_error, self._retry_at = 0, None, None
        self._stopping.clear()

    def _ensure_running(self):
        if not self._enabled or self._pid == os.getpid() or connection.vendor != "postgresql":
            return
        self._pid = os.getpid()
        self._thread = threading.Thread(target=self._listen, name="story-changes", daemon=True)
        self._thread.start()

    def _listen(self):
        params = connection.get_connection_params()
        while not self._stopping.is_set():
            try:
                with psycopg.connect(**params, autocommit=True) as listening:
                    listening.execute(f"LISTEN {CHANNEL}")
                    self._failures, self._last_error, self._retry_at = 0, None, None
                    self._new_generation(listening=True)
                    self.connected.set()
                    while not self._stopping.is_set():
                        for _ in listening.notifies(timeout=self.PATIENCE):
                            self.notified()
                        listening.execute("SELECT 1")  # still there?
                        self._alive_at = time.monotonic()
            except Exception as error:
                # Whatever went wrong, requests meanwhile read the version afresh (the
                # finally below); keep trying to get back to listening.
                self._failures += 1
                self._last_error = type(error).__name__
                delay = self._backoff()
                self._retry_at = time.monotonic() + delay
                logger.warning(
                    "Listening for story changes failed (%s); retrying in %.1f s.",
                    self._last_error,
                    delay,
                    # The whole story once; while it goes on failing, a line per try.
                    exc_info=self._failures == 1,
                    extra={"event": "story_listener.failed", "attempt": self._failures},
                )
            finally:
                self.connected.clear()
                self._new_generation(listening=False)
            if self._retry_at is not None:
                self._stopping.wait(max(0.0, self._retry_at - time.monotonic()))

    def _backoff(self):
        longest = min(self.LONGEST_WAIT, self.FIRST_RETRY * 2 ** (self._failures - 1))
        return longest * random.uniform(0.8, 1.2)

    def _new_generation(self, *, listening):
        with self._lock:
            self._listening = listening
            self._forget_known()

    def notified(self):
        """A notification: a story changed. Counted, unlike a connect or a disconnect: the
        count voids what `fallback` kept before it, and an outage itself must not."""
        with self._lock:
            # In one step with forgetting what was known: a count read before `known()`
            # vouched for a page is a count at which that page was current.
            self._heard += 1
            self._forget_known()

    def _forget_known(self):
        # With the lock held.
        self._generation += 1
        self._alive_at = time.monotonic()
        self._known.clear()

    def heard(self):
        """How many notifications this process has heard (0 where no listener runs)."""
        return self._heard

    def generation(self):
        self._ensure_running()
        return self._generation

    def describe(self):
        """The listener's state for /readyz: (state, why it does not vouch, or None)."""
        if self.listening():
            return "connected", None
        if self._listening:
            silence = self.clock() - self._alive_at
            return "silent", (
                f"the story-change listener has not heard from the database for {silence:.0f} s"
            )
        if not self._failures:
            return "connecting", "the story-change listener is connecting"
        retry = max(0.0, (self._retry_at or 0.0) - time.monotonic())
        return "reconnecting", (
            f"the story-change listener is reconnecting: {self._failures} "
            f"{'attempt' if self._failures == 1 else 'attempts'} failed, the last with "
            f"{self._last_error}; next in {retry:.1f} s"
        )

    def listening(self):
        """Connected, and heard from lately: a connection that hangs without failing (a
        network gone quiet) must not keep vouching, so past a few missed heartbeats it
        does not count."""
        return self._listening and self.clock() - self._alive_at < 3 * self.PATIENCE

    def known(self, key):
        """What was read for `key` in this generation, if the listener vouches for it."""
        with self._lock:
            return self._known.get(key) if self.listening() else None

    def remember(self, key, generation, value):
        with self._lock:
            if self._listening and generation == self._generation:
                self._known[key] = value


changes = ChangeListener()


def listen_for_changes():
    changes.enable()
