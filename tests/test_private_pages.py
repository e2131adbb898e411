"""Desk and account pages are nobody's to keep, and a signed-in session ends when it is left
idle (newsroom/privacy.py)."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from newsroom import privacy
from tests.factories import make_article, make_claim
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db


def directives(response):
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",")}


@pytest.mark.parametrize(
    "url",
    [
        "/desk/",
        "/desk/reviews/",
        "/desk/claims/?q=train",
        "/desk/articles/new/",
        "/accounts/password_change/",
    ],
)
def test_desk_and_account_pages_are_private_and_never_stored(client, editor, url):
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)


def test_fragments_refusals_and_the_sign_in_page_too(client, editor):
    claim = make_claim()
    assert {"private", "no-store"} <= directives(client.get("/accounts/login/"))
    client.force_login(editor)
    fragment = client.get(reverse("desk:edit_claim", args=[claim.pk]), headers=HTMX)
    assert {"private", "no-store"} <= directives(fragment)
    refused = client.post(reverse("desk:article_new"), {"title": ""})
    assert refused.status_code == 422
    assert {"private", "no-store"} <= directives(refused)


def test_the_readers_pages_keep_their_own_caching(client):
    article = make_article(status=Article.Status.PUBLISHED)
    story = client.get(article.get_absolute_url())
    assert "no-cache" in directives(story)
    assert "no-store" not in directives(story)
    assert "no-store" not in directives(client.get("/"))


def session_cookie(response):
    return response.cookies.get(settings.SESSION_COOKIE_NAME)


class TestIdleSessions:
    def test_a_session_in_use_is_renewed_now_and_then_not_on_every_request(
        self, client, editor, monkeypatch
    ):
        now = 1_000_000_000.0
        monkeypatch.setattr(privacy.time, "time", lambda: now)
        client.force_login(editor)
        assert session_cookie(client.get("/desk/")) is None  # just signed in: nothing to do

        now += privacy.renewal_interval()
        renewed = session_cookie(client.get("/desk/"))
        assert renewed is not None
        assert renewed["max-age"] == settings.SESSION_COOKIE_AGE
        assert session_cookie(client.get("/desk/")) is None

    def test_a_session_left_idle_past_its_time_has_ended(self, client, editor):
        client.force_login(editor)
        Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
        response = client.get("/desk/")
        assert response.status_code == 302
        assert response.headers["Location"].startswith(reverse("login"))

    def test_a_reader_gets_no_session(self, client):
        make_article(status=Article.Status.PUBLISHED)
        assert session_cookie(client.get("/")) is None
        assert not Session.objects.exists()

    def test_the_idle_time_is_eight_hours_by_default(self):
        assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
