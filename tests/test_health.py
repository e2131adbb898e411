"""/healthz and /readyz: what compose, a load balancer or an operator asks each process."""

import threading
import time

import psycopg
import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from articles.story_cache import listener
from tests.helpers import postgresql_only

READY = {"database": "ok", "migrations": "ok", "story_listener": "not used"}


def ready_again(client, seconds=10):
    """Ask /readyz until it answers 200 (a check still waiting on the database, a listener
    reconnecting); say whether it did in time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if client.get("/readyz").status_code == 200:
            return True
        time.sleep(0.1)
    return False


def assert_not_cached(response):
    assert "no-store" in response["Cache-Control"]


class TestLiveness:
    def test_answers_anyone_without_a_database_and_is_never_cached(self, client):
        # No django_db mark: pytest-django refuses every database access here, so this
        # answers only because liveness asks nothing of the database.
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}
        assert_not_cached(response)

    def test_health_checks_are_not_sent_to_https(self, client, settings):
        # They come over plain HTTP from inside the container or a load balancer.
        settings.SECURE_SSL_REDIRECT = True
        assert client.get("/").status_code == 301
        assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
class TestReadiness:
    def test_ready_when_the_database_answers_and_every_migration_is_applied(self, client):
        response = client.get("/readyz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "checks": READY}
        assert_not_cached(response)

    @postgresql_only
    def test_not_ready_while_the_database_does_not_answer(self, client):
        # Another session holds the migrations table as a migration would: the check
        # waits on it, and readiness gives up after a second instead of waiting along.
        with psycopg.connect(**connection.get_connection_params()) as migration:
            migration.execute("LOCK TABLE django_migrations IN ACCESS EXCLUSIVE MODE")
            # Were readiness to wait for the database after all, the lock goes after 5 s
            # and the timing below fails, rather than the suite hanging.
            release = threading.Timer(5, migration.rollback)
            release.start()
            try:
                started = time.monotonic()
                response = client.get("/readyz")
                assert time.monotonic() - started < 3
                assert response.status_code == 503
                assert response.json()["reason"] == "the database did not answer within 1 s"
                assert response.json()["checks"]["database"] == response.json()["reason"]
                assert_not_cached(response)
                # The check still waiting is not joined by another one, but reported.
                again = client.get("/readyz")
                assert again.status_code == 503
                assert again.json()["reason"].startswith("the database has not answered")
            finally:
                release.cancel()
        assert ready_again(client), "still not ready once the lock was released"


@pytest.mark.django_db(transaction=True)
def test_not_ready_while_a_migration_is_not_applied(client):
    # The newest migration of claims, as a deployment that has not migrated yet lacks it.
    (app, name) = max(
        node for node in MigrationLoader(connection).graph.leaf_nodes() if node[0] == "claims"
    )
    recorder = MigrationRecorder(connection)
    recorder.record_unapplied(app, name)
    try:
        response = client.get("/readyz")
    finally:
        recorder.record_applied(app, name)
    assert response.status_code == 503
    body = response.json()
    assert body["reason"] == f"1 migration not applied: {app}.{name}"
    assert body["checks"]["database"] == "ok"
    assert client.get("/readyz").status_code == 200


@postgresql_only
@pytest.mark.django_db
class TestStoryChangeListener:
    """Readiness counts the listener only in a web server's process, which enabled it."""

    @pytest.fixture
    def listening(self):
        listener.listen_for_changes()
        listener.changes.start()
        assert listener.changes.connected.wait(timeout=10), "the listener never connected"
        yield listener.changes
        listener.changes.stop()

    def test_ready_with_the_listener_connected(self, client, listening):
        response = client.get("/readyz")
        assert response.status_code == 200
        assert response.json()["checks"] == {**READY, "story_listener": "connected"}

    def test_not_ready_while_the_listener_is_down(self, client, listening, monkeypatch):
        # As if its connection had hung, without failing, for longer than a few heartbeats:
        # the listener no longer vouches for what this process has read.
        monkeypatch.setattr(listening, "clock", lambda: time.monotonic() + 10 * listening.PATIENCE)
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["reason"] == (
            "the story-change listener has not heard from the database for 10 s"
        )
        assert response.json()["checks"] == {**READY, "story_listener": "silent"}

    def test_readiness_starts_a_listener_no_request_has_started_yet(self, client):
        # A server that does not start it at boot (only gunicorn.conf.py does): traffic
        # would never come to an unready process to start it.
        listener.listen_for_changes()
        try:
            client.get("/readyz")
            assert listener.changes.connected.wait(timeout=10)
            assert ready_again(client)
        finally:
            listener.changes.stop()


def test_a_lost_listener_retries_soon_then_less_often_but_never_rarely(monkeypatch):
    # Back-off: 0.5 s after the connection was lost, doubling, at most 4 s, so that it is
    # back (and the process ready) within seconds of the database; each delay varies by a
    # fifth so that workers do not knock together.
    waits = listener.ChangeListener()
    monkeypatch.setattr(listener.random, "uniform", lambda low, high: 1.0)
    delays = []
    for failures in range(1, 8):
        waits._failures = failures
        delays.append(waits._backoff())
    assert delays == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0, 4.0]
