"""The log as an operator reads it: JSON lines, each request once, followed by its id."""

import io
import json
import logging

import pytest

from claims.models import Claim
from tests.articles.reader_helpers import story_with_claims
from tests.factories import make_editor, make_request, make_well_sourced_claim
from tests.test_settings import REAL_KEY, run_python

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """What the configured handler writes to stderr, one parsed JSON object a line
    (json.loads fails the test on any line that is not one)."""
    console = next(h for h in logging.getLogger().handlers if h.name == "console")
    written = io.StringIO()
    stderr = console.setStream(written)
    try:
        yield lambda: [json.loads(line) for line in written.getvalue().splitlines()]
    finally:
        console.setStream(stderr)


def request_lines(lines):
    return [line for line in lines if line.get("event") == "http.request"]


def test_each_request_is_logged_once_with_the_id_it_answers_with(client, log_lines):
    response = client.get("/", headers={"X-Request-ID": "chosen-by-the-client"})
    (line,) = request_lines(log_lines())
    assert line["request_id"] == response["X-Request-ID"] != "chosen-by-the-client"
    assert line["level"] == "INFO"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/", 200)
    assert line["duration_ms"] >= 0
    assert line["user_id"] is None
    assert line["time"]


def test_every_request_gets_its_own_id(client, log_lines):
    ids = {client.get("/healthz")["X-Request-ID"] for _ in range(3)}
    assert len(ids) == 3
    assert {line["request_id"] for line in request_lines(log_lines())} == ids


def test_the_signed_in_user_is_named(client, editor, log_lines):
    client.force_login(editor)
    client.get("/desk/")
    (line,) = request_lines(log_lines())
    assert line["user_id"] == editor.pk


def test_the_log_never_asks_the_database_who_is_signed_in(
    client, editor, log_lines, django_assert_num_queries
):
    # A story page needs no session: the log does not look it up for itself, which would
    # cost a signed-in reader queries, and, while the database is out of reach, a second
    # wait for it.
    article, _ = story_with_claims([Claim.Status.UNCONFIRMED])
    client.force_login(editor)
    client.get(article.get_absolute_url())
    with django_assert_num_queries(1):  # the story's version, as anyone's warm page
        client.get(article.get_absolute_url())
    assert request_lines(log_lines())[-1]["user_id"] is None


def test_djangos_own_line_about_an_error_carries_the_id_too(client, log_lines):
    response = client.get("/stories/no-such-story/")
    assert response.status_code == 404
    lines = log_lines()
    (not_found,) = [line for line in lines if line["logger"] == "django.request"]
    assert not_found["request_id"] == response["X-Request-ID"]
    assert request_lines(lines)[0]["status"] == 404


class TestBehindTheProxy:
    """The proxy sets X-Request-ID itself (deploy/nginx.conf), so its id is kept."""

    @pytest.fixture(autouse=True)
    def behind_proxy(self, settings):
        settings.BEHIND_PROXY = True

    def test_the_proxys_id_is_kept(self, client, log_lines):
        response = client.get("/healthz", headers={"X-Request-ID": "5f0c9a1e7b2d4c6e"})
        assert response["X-Request-ID"] == "5f0c9a1e7b2d4c6e"
        assert request_lines(log_lines())[0]["request_id"] == "5f0c9a1e7b2d4c6e"

    @pytest.mark.parametrize("offered", ["two words", "a" * 129, "", "line\nbreak"])
    def test_an_id_that_does_not_look_like_one_is_replaced(self, client, offered):
        response = client.get("/healthz", headers={"X-Request-ID": offered})
        assert response["X-Request-ID"] != offered
        assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db(transaction=True)
def test_a_decision_is_logged_with_the_id_of_the_request_that_made_it(client, log_lines):
    change = make_request(make_well_sourced_claim())
    client.force_login(make_editor("editor2"))
    response = client.post(
        f"/desk/reviews/{change.pk}/approve/", {"revision": change.claim.revision}
    )
    assert response.status_code == 302
    (decision,) = [line for line in log_lines() if line.get("event") == "status_change.approved"]
    assert decision["request_id"] == response["X-Request-ID"]
    assert decision["actor"] == "editor2"


def test_text_for_a_laptop_and_a_clear_refusal_of_anything_else():
    log_one_line = (
        "import django, logging; django.setup(); "
        "logging.getLogger('claims.workflow').info('editor approved it', extra={'claim': 1})"
    )
    text = run_python(log_one_line, DJANGO_SECRET_KEY=REAL_KEY, DJANGO_LOG_FORMAT="text")
    assert text.stderr == "INFO claims.workflow: editor approved it\n"
    default = run_python(log_one_line, DJANGO_SECRET_KEY=REAL_KEY)
    assert json.loads(default.stderr)["claim"] == 1
    refused = run_python(log_one_line, DJANGO_SECRET_KEY=REAL_KEY, DJANGO_LOG_FORMAT="xml")
    assert "DJANGO_LOG_FORMAT must be one of json, text, not 'xml'." in refused.stderr
