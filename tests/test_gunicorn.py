"""gunicorn.conf.py started for real on PostgreSQL, as the image starts it: workers that answer
/healthz and /readyz, turn unready when the database goes away and ready when it is back,
and write nothing on stderr but JSON lines, each request's with the id it answered with."""

import json
import urllib.error
import urllib.request

import pytest

from tests.helpers import postgresql_only
from tests.servers import gunicorn, until

pytestmark = [postgresql_only, pytest.mark.django_db]


def get(port, path):
    """(status, JSON body, X-Request-ID) of one GET."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return response.status, json.load(response), response.headers["X-Request-ID"]
    except urllib.error.HTTPError as error:
        return error.code, json.load(error), error.headers["X-Request-ID"]


@pytest.fixture
def server(relay, tmp_path):
    """Gunicorn with two workers, on the test database through the relay."""
    stderr = tmp_path / "stderr"
    with gunicorn(relay, stderr, ready, GUNICORN_WORKERS="2") as port:
        yield port, stderr


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
