"""A story's transitions are logged at INFO once they commit, as claim decisions are."""

import logging

import pytest

from articles import publishing
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def transitions(caplog):
    caplog.set_level(logging.INFO, logger="articles.publishing")
    return lambda: [
        (r.event, r.actor, r.actor_id, r.article, r.from_status, r.to_status, r.levelname)
        for r in caplog.records
        if r.name == "articles.publishing"
    ]


def test_submit_publish_and_withdraw_each_name_who_and_which_story(
    reporter, editor, transitions, django_capture_on_commit_callbacks
):
    article = make_article(created_by=reporter)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.submit_for_review(article, reporter)
        publishing.publish(article, editor)
        publishing.withdraw(article, editor, "A source retracted.")
    a = article.pk
    assert transitions() == [
        ("article.submitted", "reporter", reporter.pk, a, "draft", "in_review", "INFO"),
        ("article.published", "editor", editor.pk, a, "in_review", "published", "INFO"),
        ("article.withdrawn", "editor", editor.pk, a, "published", "withdrawn", "INFO"),
    ]


def test_a_refused_publication_logs_nothing(
    editor, transitions, django_capture_on_commit_callbacks
):
    article = make_article(body=" ")
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(publishing.PublicationRefused),
    ):
        publishing.publish(article, editor)
    assert transitions() == []
