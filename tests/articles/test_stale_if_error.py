"""What a process keeps to serve readers while the database is out of reach, and for how
long (articles.story_cache.fallback). The outage itself, with a real server and a database
cut off, is tests/test_faults.py; here, on either database, the rules for what is kept."""

import json
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.test import Client
from psycopg_pool import PoolTimeout

from articles import publishing
from articles.story_cache import fallback
from articles.story_cache.fallback import HEADER, last_served
from articles.story_cache.listener import changes
from claims.models import Claim
from tests.articles.reader_helpers import move_to, story_with_claims
from tests.factories import make_editor

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


@pytest.fixture(autouse=True)
def nothing_kept():
    last_served.clear()
    yield
    last_served.clear()


@pytest.fixture
def story():
    article, _ = story_with_claims([Claim.Status.UNCONFIRMED])
    return article


def kept(article, page=""):
    """What is kept of the story's page, or of `page` under it ("claims.json")."""
    return last_served.usable(("story", f"{article.get_absolute_url()}{page}", SITE))


def kept_page(path, *query):
    return last_served.usable(("page", path, query, SITE))


def later(monkeypatch, seconds):
    now = last_served.clock()
    monkeypatch.setattr(last_served, "clock", lambda: now + seconds)


@pytest.fixture
def reader():
    """An anonymous reader, given the answer a browser gets when a request fails (our 503)."""
    return Client(raise_request_exception=False)


@contextmanager
def database_out_of_reach():
    """Every query fails as it does when the pool finds no connection in time
    (DATABASE_POOL_TIMEOUT), on either database: the error newsroom.outage counts as the
    database out of reach. tests/test_faults.py cuts a real server off PostgreSQL."""

    def refuse(execute, sql, params, many, context):
        raise OperationalError("no connection") from PoolTimeout("no connection in time")

    with connection.execute_wrapper(refuse):
        yield


def address(story, page):
    url = story.get_absolute_url()
    return {"story": url, "claims.json": f"{url}claims.json", "front": "/", "feed": "/feed/"}[page]


def test_the_page_served_is_kept_as_it_was_served(client, story):
    page = client.get(story.get_absolute_url(), headers={"Accept-Encoding": "identity"})
    data = client.get(f"{story.get_absolute_url()}claims.json")
    assert kept(story).content == page.content
    assert kept(story).content_type == "text/html; charset=utf-8"
    assert kept(story, "claims.json").content == data.content
    # A 304 serves the page the reader already has: it stays the one kept.
    again = client.get(story.get_absolute_url(), headers={"If-None-Match": page["ETag"]})
    assert again.status_code == 304
    assert kept(story).content == page.content


def test_kept_no_longer_than_the_bound(client, story, monkeypatch, settings):
    settings.STALE_IF_ERROR = 600
    client.get(story.get_absolute_url())
    later(monkeypatch, 599)
    assert kept(story)
    later(monkeypatch, 601)
    assert kept(story) is None


def test_a_bound_of_zero_keeps_nothing_to_serve(client, story, settings):
    settings.STALE_IF_ERROR = 0
    client.get(story.get_absolute_url())
    assert kept(story) is None


def test_a_withdrawn_story_is_forgotten(client, story):
    client.get(story.get_absolute_url())
    publishing.withdraw(story, make_editor(), reason="We could not stand by it.")
    assert client.get(story.get_absolute_url()).status_code == 410
    assert kept(story) is None


def test_the_same_page_for_a_signed_in_reader_is_kept_all_the_same(story):
    # What is served to them is the page everyone gets; only an outage's stale copy is
    # refused to them (tests/test_faults.py).
    signed_in = Client()
    signed_in.force_login(make_editor())
    signed_in.get(story.get_absolute_url())
    assert kept(story)


def test_the_front_page_and_the_feed_are_kept_as_an_anonymous_reader_was_sent_them(client, story):
    front, second, feed = client.get("/"), client.get("/?page=2"), client.get("/feed/")
    assert kept_page("/", "").content == front.content
    assert kept_page("/", "2").content == second.content  # each page of the list its own
    assert kept_page("/feed/").content == feed.content
    assert kept_page("/feed/").content_type == feed["Content-Type"]


def test_a_front_page_address_made_up_pushes_no_story_off(client, story, monkeypatch):
    monkeypatch.setattr(fallback, "KEEP", 3)
    client.get(story.get_absolute_url())
    for n in range(5):
        client.get(f"/?page={n}&made-up={n}")
    assert kept(story)
    assert kept_page("/", "1") is None  # the oldest of its own kind went


def test_a_page_sent_to_someone_signed_in_is_not_kept(story):
    # It may depend on who asks; it must never be served to anyone else.
    signed_in = Client()
    signed_in.force_login(make_editor())
    signed_in.get("/")
    assert kept_page("/", "") is None


PAGES = ["story", "claims.json", "front", "feed"]


@pytest.mark.parametrize("page", PAGES)
def test_a_page_kept_is_served_while_the_database_is_out_of_reach(reader, story, page):
    served = reader.get(address(story, page))
    with database_out_of_reach():
        stale = reader.get(address(story, page))
    assert (stale.status_code, stale.content) == (200, served.content)
    assert stale[HEADER].startswith("age=")


@pytest.mark.parametrize("page", PAGES)
def test_once_a_story_change_is_heard_no_page_kept_before_it_is_served(reader, story, page):
    """The process heard of a change (the listener's notification: any story, it does not
    say which) after it served the page: the page may show what is no longer so."""
    reader.get(address(story, page))
    changes.notified()
    with database_out_of_reach():
        response = reader.get(address(story, page))
    assert response.status_code == 503
    assert HEADER not in response


def test_a_page_served_again_after_the_change_is_kept_anew(client, reader, story):
    """A claim verified: the page served since shows its new badge, and that page, not the
    one before, is what an outage keeps."""
    (claim,) = story.claims.all()
    url = f"{story.get_absolute_url()}claims.json"
    client.get(url)
    move_to(claim, Claim.Status.VERIFIED)
    changes.notified()  # as PostgreSQL's trigger tells a listening process
    assert kept(story, "claims.json") is None
    served = client.get(url)
    with database_out_of_reach():
        stale = reader.get(url)
    assert (stale.status_code, stale.content) == (200, served.content)
    assert json.loads(stale.content)["claims"][0]["status"] == "verified"


def test_a_story_withdrawn_is_not_served_from_what_was_kept(client, reader, story):
    """Withdrawn with no reader's request in between: the withdrawal heard is enough."""
    client.get(story.get_absolute_url())
    client.get(f"{story.get_absolute_url()}claims.json")
    publishing.withdraw(story, make_editor(), reason="We could not stand by it.")
    changes.notified()
    with database_out_of_reach():
        page = reader.get(story.get_absolute_url())
        data = reader.get(f"{story.get_absolute_url()}claims.json")
    assert page.status_code == 503
    assert "The newsroom is briefly unavailable" in page.text
    assert data.status_code == 503
    assert "briefly unavailable" in data.json()["error"]
