"""The Atom feed of published stories."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from articles.models import Article
from claims.models import Claim
from tests.articles.reader_helpers import (
    HOSTILE,
    move_to,
    parse,
    publish_story,
    story_with_claims,
)
from tests.factories import make_article, make_reporter

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(client):
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entries(root):
    return root.findall(f"{ATOM}entry")


def test_published_stories_newest_first_and_nothing_else(client):
    now = datetime.datetime.now(datetime.UTC)
    publish_story(title="Older", published_at=now - datetime.timedelta(days=2))
    publish_story(title="Newer", published_at=now - datetime.timedelta(days=1))
    for status in (Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.WITHDRAWN):
        make_article(title=f"Hidden {status}", status=status, created_by=make_reporter())
    titles = [entry.findtext(f"{ATOM}title") for entry in entries(feed(client))]
    assert titles == ["Newer", "Older"]


def test_an_entry_links_to_the_story_and_is_dated(client):
    article = publish_story(
        title="Parade",
        byline="Jane Reporter",
        published_at=datetime.datetime(2025, 9, 1, 9, tzinfo=datetime.UTC),
    )
    (entry,) = entries(feed(client))
    assert (
        entry.find(f"{ATOM}link").attrib["href"] == f"http://testserver{article.get_absolute_url()}"
    )
    assert entry.findtext(f"{ATOM}published") == "2025-09-01T09:00:00+00:00"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Jane Reporter"


def test_the_entry_is_updated_when_a_claim_changes(client):
    _, (claim,) = story_with_claims([Claim.Status.UNCONFIRMED])
    before = entries(feed(client))[0].findtext(f"{ATOM}updated")
    move_to(claim, Claim.Status.VERIFIED, at=datetime.datetime(2031, 1, 1, tzinfo=datetime.UTC))
    after = entries(feed(client))[0].findtext(f"{ATOM}updated")
    assert after > before
    assert after.startswith("2031-01-01")


def test_the_summary_gives_the_standfirst_and_counts(client):
    story_with_claims([Claim.Status.VERIFIED, Claim.Status.UNCONFIRMED], standfirst="What we know.")
    (entry,) = entries(feed(client))
    summary = entry.find(f"{ATOM}summary")
    assert summary.attrib["type"] == "html"
    assert summary.text == "What we know. (1 verified · 1 unconfirmed)"


def test_hostile_text_stays_text_in_the_feed(client):
    publish_story(title=f"Title {HOSTILE}", standfirst=f"Standfirst {HOSTILE}", byline=HOSTILE)
    (entry,) = entries(feed(client))
    assert entry.findtext(f"{ATOM}title") == f"Title {HOSTILE}"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == HOSTILE
    # The summary is HTML: a feed reader renders it, and must find only text in it.
    summary = parse(entry.findtext(f"{ATOM}summary"))
    assert list(summary.iter()) == []
    assert summary.text == f"Standfirst {HOSTILE}"


def test_the_feed_is_one_query(client, django_assert_max_num_queries):
    for _ in range(5):
        story_with_claims([Claim.Status.VERIFIED])
    with django_assert_max_num_queries(1):
        assert len(entries(feed(client))) == 5


def test_characters_xml_cannot_carry_are_left_out_of_the_feed(client):
    # The article form refuses only NUL; XML 1.0 cannot carry the other controls, nor U+FFFE.
    publish_story(
        title="Vertical\x0btab\ufffe",
        standfirst="Start\x01 of heading",
        byline="Unit\x1f separator",
    )
    (entry,) = entries(feed(client))
    assert entry.findtext(f"{ATOM}title") == "Verticaltab"
    assert entry.findtext(f"{ATOM}summary") == "Start of heading"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Unit separator"
