"""Faults, for real: gunicorn on the test database through a relay (tests/servers.py) that can
be cut, as a network or a stopped PostgreSQL cuts it, or whose sessions PostgreSQL ends
(pg_terminate_backend, as a restart or a failover ends them). Only the sessions that came
through the relay are ended: never the suite's own, nor anyone else's."""

import gzip
import http.client
import json
import threading
import time
from urllib.parse import urlencode

import psycopg
import pytest
from django.db import connection
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.utils.crypto import get_random_string

from articles import publishing
from articles.story_cache.fallback import HEADER
from claims.models import Claim, StatusChange
from tests.articles.reader_helpers import story_with_claims
from tests.factories import make_citation, make_editor, make_request
from tests.helpers import postgresql_only
from tests.servers import Relay, gunicorn, signed_in, until

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]

UNCONFIRMED = Claim.Status.UNCONFIRMED
# Headers htmx sends with a request (tests.helpers.HTMX) and what a browser accepts.
HTMX = {"HX-Request": "true"}
GZIP = {"Accept-Encoding": "gzip"}


class Answer:
    def __init__(self, response):
        self.status = response.status
        self.headers = response.headers
        body = response.read()
        if response.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        self.text = body.decode()

    def json(self):
        return json.loads(self.text)


def fetch(port, path, *, method="GET", session=None, data=None, headers=()):
    """One request, as a browser (or htmx) sends it; `session` is a desk sign-in."""
    headers = dict(headers)
    body = None
    if session:
        headers["Cookie"] = f"sessionid={session.id}; csrftoken={session.csrf}"
        headers["X-CSRFToken"] = session.csrf
    if data is not None:
        body = urlencode(data)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        client.request(method, path, body=body, headers=headers)
        return Answer(client.getresponse())
    finally:
        client.close()


class Session:
    """A desk member signed in, with the CSRF cookie a browser would hold."""

    def __init__(self, user):
        self.id = signed_in(user)
        # A CSRF secret, sent as the cookie and the header alike.
        self.csrf = get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)


@pytest.fixture(scope="module")
def served(django_db_setup, django_db_blocker, tmp_path_factory):
    """One gunicorn for the module, through a relay of its own: one worker ("this process"
    of the fallback is the one the tests read through), refusing a request after half a
    second without a connection, keeping readers' pages for three seconds."""
    relay = Relay.to_the_test_database()
    stderr = tmp_path_factory.mktemp("gunicorn") / "stderr"
    try:
        with gunicorn(
            relay,
            stderr,
            ready,
            GUNICORN_WORKERS="1",
            DATABASE_POOL_TIMEOUT="0.5",
            DJANGO_STALE_IF_ERROR="3",
        ) as port:
            yield relay, port
    finally:
        relay.close()
        with django_db_blocker.unblock():
            relay.wait_until_gone()


@pytest.fixture
def server(served):
    """The module's server, ready: the database answers it and its listener is connected
    (a test before may have left it reconnecting)."""
    relay, port = served
    assert until(lambda: ready(port), 15)
    return relay, port


def ready(port):
    try:
        return fetch(port, "/readyz").status == 200
    except OSError:
        return False  # not listening yet


def sessions_ended(relay):
    """End every session of the test database that came through the relay: the server's
    pooled connections and its listener. Returns how many."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND client_port = ANY(%s)",
            [relay.ports],
        )
        return cursor.fetchone()[0]


@pytest.fixture
def desk():
    """A published story, a request waiting for an editor, and the editor signed in."""
    article, (claim,) = story_with_claims([UNCONFIRMED])
    make_citation(claim)  # a second independent origin: it may be verified
    article.refresh_from_db()
    claim.refresh_from_db()
    change = make_request(claim)
    return article, claim, change, Session(make_editor())


def approve(port, session, change, claim, **headers):
    return fetch(
        port,
        f"/desk/reviews/{change.pk}/approve/",
        method="POST",
        session=session,
        data={"revision": claim.revision, "note": "Two independent sources."},
        headers=headers,
    )


def test_after_postgresql_ended_every_session_no_request_fails(server, desk):
    relay, port = server
    article, claim, change, editor = desk
    story = article.get_absolute_url()
    assert fetch(port, story).status == 200
    assert fetch(port, "/desk/reviews/", session=editor).status == 200

    assert sessions_ended(relay) >= 2  # the worker's pooled connections and its listener

    # Every pooled connection is dead; each is checked as it is taken and replaced.
    answers = [fetch(port, story, headers=GZIP) for _ in range(6)]
    answers += [fetch(port, f"{story}claims.json"), fetch(port, "/")]
    assert [answer.status for answer in answers] == [200] * 8
    assert not any(HEADER in answer.headers for answer in answers)  # read afresh
    assert fetch(port, "/desk/reviews/", session=editor, headers=HTMX).status == 200
    decided = approve(port, editor, change, claim, **HTMX)
    assert decided.status == 200
    assert "Approved" in decided.text
    assert until(lambda: ready(port), 15)  # the listener is back too
    change.refresh_from_db()
    assert change.state == StatusChange.State.APPROVED


def test_while_the_database_is_out_of_reach(server, desk):
    relay, port = server
    article, claim, change, editor = desk
    never_read, _ = story_with_claims([UNCONFIRMED], title="A story nobody read")
    story = article.get_absolute_url()
    assert fetch(port, story).status == 200
    assert fetch(port, "/").status == 200
    read_at = time.monotonic()

    relay.cut()

    # Served as ever while the listener still vouches for it (until it notices, within
    # a heartbeat), then read from the database, which fails: the page served before.
    answers = []

    def stale_one():
        answers.append(fetch(port, story, headers=GZIP))
        return HEADER in answers[-1].headers

    assert until(stale_one, 5)
    stale = answers[-1]
    assert [answer.status for answer in answers] == [200] * len(answers)
    assert article.title in stale.text
    assert stale.headers[HEADER] in {"age=0", "age=1", "age=2"}
    assert "no-store" in stale.headers["Cache-Control"]
    # Plain, for a reader whose browser does not take gzip.
    assert article.title in fetch(port, story).text
    front = fetch(port, "/")
    assert (front.status, HEADER in front.headers) == (200, True)
    assert article.title in front.text

    unavailable = fetch(port, never_read.get_absolute_url())
    assert unavailable.status == 503
    assert "The newsroom is briefly unavailable" in unavailable.text
    assert unavailable.headers["Retry-After"]
    data = fetch(port, f"{story}claims.json")  # never read either
    assert data.status == 503
    assert data.headers["Content-Type"] == "application/json"
    # Signed-in staff may have just changed the story: never given a stale page.
    assert fetch(port, story, session=editor).status == 503

    page = fetch(port, "/desk/reviews/", session=editor)
    assert page.status == 503
    assert "The newsroom is briefly unavailable" in page.text
    refused = approve(port, editor, change, claim)
    assert refused.status == 503
    assert "Nothing was saved" in refused.text
    assert "What you typed is still in the form" in refused.text
    fragment = approve(port, editor, change, claim, **HTMX)
    assert fragment.status == 503
    assert "Nothing was saved" in fragment.text
    assert "What you typed is still in the form" in fragment.text
    assert "<html" not in fragment.text  # the message alone, for the desk's alert region

    readiness = {}

    def listener_reconnecting():
        readiness.update(fetch(port, "/readyz").json())
        return readiness["checks"]["story_listener"] == "reconnecting"

    assert until(listener_reconnecting, 10)
    assert "attempt" in readiness["reason"] and "next in" in readiness["reason"]

    # Past the bound, the page is too old to stand for the story.
    time.sleep(max(0.0, read_at + 3.2 - time.monotonic()))  # the module's server: 3 s
    assert fetch(port, story).status == 503

    relay.mend()
    # The desk works again as soon as a connection can be had: the pool retries within
    # seconds, not after a long back-off.
    mended = time.monotonic()
    assert until(lambda: approve(port, editor, change, claim, **HTMX).status == 200, 10)
    assert time.monotonic() - mended < 5
    # The listener is back within its longest wait, and with it readiness; readers
    # are served the story as it stands.
    assert until(lambda: ready(port), 10)
    fresh = fetch(port, story)
    assert (fresh.status, HEADER in fresh.headers) == (200, False)
    # Approved once: the refused attempts left nothing behind.
    change.refresh_from_db()
    assert change.state == StatusChange.State.APPROVED
    assert StatusChange.objects.filter(claim=claim, state="approved").count() == 1


def test_a_story_withdrawn_before_the_outage_is_not_brought_back(server):
    """Read, then withdrawn with no reader's request in between, then the database goes: the
    worker heard PostgreSQL's notification of the withdrawal, so what it kept of the story
    is not served."""
    relay, port = server
    article, _ = story_with_claims([UNCONFIRMED])
    story = article.get_absolute_url()
    assert fetch(port, story).status == 200
    assert fetch(port, f"{story}claims.json").status == 200
    read_at = time.monotonic()
    publishing.withdraw(article, make_editor(), reason="We could not stand by it.")
    # The notification takes milliseconds; asking the worker would serve the page again.
    time.sleep(0.5)

    relay.cut()
    try:
        page = fetch(port, story)
        data = fetch(port, f"{story}claims.json")
    finally:
        relay.mend()
    assert (page.status, HEADER in page.headers) == (503, False)
    assert (data.status, HEADER in data.headers) == (503, False)
    # Refused for the change heard, not for its age: the module's server keeps pages 3 s.
    assert time.monotonic() - read_at < 3


def test_a_reader_whose_connection_ends_mid_read_gets_the_story_read_again(server):
    relay, port = server
    article, _ = story_with_claims([UNCONFIRMED])
    with psycopg.connect(**connection.get_connection_params()) as holder:
        # The story's row cannot be read while the test holds its table: the reader's read
        # waits there, on a connection the pool's check found alive, until the test ends it.
        holder.execute("LOCK TABLE articles_article IN ACCESS EXCLUSIVE MODE")
        answers = []
        reading = threading.Thread(
            target=lambda: answers.append(fetch(port, article.get_absolute_url()))
        )
        reading.start()
        waiting = (
            "SELECT pid FROM pg_stat_activity WHERE client_port = ANY(%s) "
            "AND wait_event_type = 'Lock' AND wait_event = 'relation'"
        )
        with psycopg.connect(**connection.get_connection_params(), autocommit=True) as watcher:
            assert until(lambda: watcher.execute(waiting, [relay.ports]).fetchone(), 10)
        assert sessions_ended(relay) >= 1
        holder.rollback()  # the table is free again
        reading.join(30)
    (answer,) = answers
    # Read again on a new connection: the story as it is, neither an error nor a stale copy.
    assert (answer.status, HEADER in answer.headers) == (200, False)
    assert article.title in answer.text


HOLD = 14014  # an advisory lock's key, for the test alone


def test_a_decision_cut_off_halfway_leaves_nothing_behind(server, desk):
    """The claim's new status is written (claims.workflow writes the claim, then its audit
    row), then the session is ended before the audit row is: the whole transaction goes,
    and the editor is told nothing was saved."""
    relay, port = server
    article, claim, change, editor = desk
    version, revision = article.content_version, claim.revision
    with connection.cursor() as cursor:
        # Writing a status change waits for a lock the test holds: the decision stops there,
        # its claim already updated.
        cursor.execute(
            "CREATE FUNCTION test_faults_hold() RETURNS trigger AS $$ BEGIN "
            f"PERFORM pg_advisory_xact_lock_shared({HOLD}); RETURN NEW; END $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            "CREATE TRIGGER test_faults_hold BEFORE UPDATE ON claims_statuschange "
            "FOR EACH ROW EXECUTE FUNCTION test_faults_hold()"
        )
    try:
        with psycopg.connect(**connection.get_connection_params(), autocommit=True) as holder:
            holder.execute("SELECT pg_advisory_lock(%s)", [HOLD])
            answers = []
            sending = threading.Thread(
                target=lambda: answers.append(approve(port, editor, change, claim, **HTMX))
            )
            sending.start()
            waiting = (
                "SELECT pid FROM pg_stat_activity WHERE client_port = ANY(%s) "
                "AND wait_event_type = 'Lock' AND wait_event = 'advisory'"
            )
            assert until(lambda: holder.execute(waiting, [relay.ports]).fetchone(), 10)
            assert sessions_ended(relay) >= 1
            holder.execute("SELECT pg_advisory_unlock(%s)", [HOLD])
            sending.join(30)
            (answer,) = answers
            assert answer.status == 503
            assert "Nothing was saved" in answer.text
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER test_faults_hold ON claims_statuschange")
            cursor.execute("DROP FUNCTION test_faults_hold()")
    claim.refresh_from_db()
    change.refresh_from_db()
    article.refresh_from_db()
    assert (claim.status, claim.revision) == (UNCONFIRMED, revision)
    assert (change.state, change.decided_by) == (StatusChange.State.PENDING, None)
    assert article.content_version == version
