"""The front page: published stories, newest first, each with its claim counts."""

import datetime

import pytest

from articles.models import Article
from claims.models import Claim
from tests.articles.reader_helpers import HOSTILE, parse, publish_story, story_with_claims
from tests.factories import make_article, make_reporter

pytestmark = pytest.mark.django_db

VERIFIED, UNCONFIRMED, ESTIMATE = Claim.Status


def front(client, **params):
    response = client.get("/", params)
    assert response.status_code == 200
    return parse(response.text)


def titles(tree):
    return [h2.words for h2 in tree.find_all("h2", class_="story-card__title")]


def days_ago(n):
    return datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=n)


def test_published_stories_newest_first(client):
    publish_story(title="Older", published_at=days_ago(3))
    publish_story(title="Newest", published_at=days_ago(1))
    publish_story(title="Middle", published_at=days_ago(2))
    assert titles(front(client)) == ["Newest", "Middle", "Older"]


@pytest.mark.parametrize(
    "status", [Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.WITHDRAWN]
)
def test_unpublished_stories_are_not_listed(client, status):
    make_article(title="Not for readers", status=status, created_by=make_reporter())
    publish_story(title="For readers")
    assert titles(front(client)) == ["For readers"]


def test_each_story_links_to_its_page_and_shows_its_counts(client):
    article, _ = story_with_claims(
        [VERIFIED, VERIFIED, UNCONFIRMED, ESTIMATE, ESTIMATE, ESTIMATE], title="Parade"
    )
    card = front(client).find("li", class_="story-card")
    assert card.find("a").attrs["href"] == article.get_absolute_url()
    assert card.find("p", class_="story-card__counts").words == (
        "2 verified · 1 unconfirmed · 3 intelligence estimates"
    )


def test_counts_leave_out_what_a_story_has_none_of_and_say_one_in_the_singular(client):
    story_with_claims([ESTIMATE])
    card = front(client).find("li", class_="story-card")
    assert card.find("p", class_="story-card__counts").words == "1 intelligence estimate"


def test_the_front_page_is_paginated(client):
    for n in range(23):
        publish_story(title=f"Story number {n}", published_at=days_ago(n + 1))
    first = front(client)
    assert len(titles(first)) == 20
    assert first.find("a", rel="next").attrs["href"] == "?page=2"
    second = front(client, page=2)
    assert titles(second) == ["Story number 20", "Story number 21", "Story number 22"]
    assert "Page 2 of 2" in second.find("nav", class_="pager").words


@pytest.mark.parametrize("page", ["999", "not-a-number", "-1"])
def test_a_bad_page_number_still_shows_stories(client, page):
    publish_story(title="Only story")
    assert titles(front(client, page=page)) == ["Only story"]


def test_an_empty_front_page_says_so(client):
    assert "No stories are published yet." in front(client).words


def test_hostile_titles_and_standfirsts_are_text(client):
    publish_story(title=f"Title {HOSTILE}", standfirst=f"Standfirst {HOSTILE}")
    tree = front(client)
    assert tree.find_all("script") == []
    assert titles(tree) == [f"Title {HOSTILE}"]
    assert tree.find("p", class_="story-card__standfirst").text == f"Standfirst {HOSTILE}"


def test_the_front_page_query_count_does_not_grow_with_stories(
    client, django_assert_max_num_queries
):
    for _ in range(20):
        story_with_claims([VERIFIED, UNCONFIRMED, ESTIMATE])
    with django_assert_max_num_queries(2):  # the count for the pager, then the page
        tree = front(client)
    assert len(titles(tree)) == 20
