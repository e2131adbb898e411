"""Reporters saving new stories of the same title at the same moment (found by bench/scan.py):
each gets a story of its own, at an address of its own."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests.factories import make_reporter
from tests.helpers import postgresql_only, race

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]
THREADS = 6
TITLE = "Kim arrives in Beijing"
BODY = "Kim Jong Un arrived in Beijing by special train on Tuesday."

SENT = {
    "article_new": {"title": TITLE, "body": BODY},
    "article_import": {"story_text": f"{TITLE}\n\n{BODY}\n"},
}


def signed_in():
    client = Client()
    client.force_login(make_reporter())
    return client


@pytest.mark.parametrize("view", SENT)
def test_each_gets_a_story_at_its_own_address(view):
    clients = [signed_in() for _ in range(THREADS)]
    url = reverse(f"desk:{view}")
    outcomes = race(*(lambda c=client: c.post(url, SENT[view]) for client in clients))

    assert [(kind, answer.status_code) for kind, answer in outcomes] == [("done", 302)] * THREADS
    slugs = sorted(Article.objects.filter(title=TITLE).values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs)) == THREADS
    assert "kim-arrives-in-beijing" in slugs
