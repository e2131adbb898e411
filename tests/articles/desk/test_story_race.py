"""Reporters saving new stories of the same title at the same moment (found by bench/scan.py):
each gets a story of its own, at an address of its own."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests.factories import make_reporter
from tests.helpers import postgresql_only

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]
THREADS = 6
TITLE = "Kim arrives in Beijing"
BODY = "Kim Jong Un arrived in Beijing by special train on Tuesday."

SENT = {
    "article_new": {"title": TITLE, "body": BODY},
    "article_import": {"story_text": f"{TITLE}\n\n{BODY}\n"},
}


@pytest.mark.parametrize("view", SENT)
def test_each_gets_a_story_at_its_own_address(view):
    reporters = [make_reporter() for _ in range(THREADS)]
    barrier, answers = threading.Barrier(THREADS), [None] * THREADS

    def save(index):
        try:
            client = Client()
            client.force_login(reporters[index])
            barrier.wait()
            answers[index] = client.post(reverse(f"desk:{view}"), SENT[view])
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=[n]) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [answer.status_code for answer in answers] == [302] * THREADS
    slugs = sorted(Article.objects.filter(title=TITLE).values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs)) == THREADS
    assert "kim-arrives-in-beijing" in slugs
