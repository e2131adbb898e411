import json
import re

import psycopg
import pytest
from django.test import Client
from django.urls import get_resolver

from articles.models import Article
from newsroom import outage
from tests.factories import make_article, make_editor, make_user
from tests.helpers import HTMX
from tests.servers import free_port

pytestmark = pytest.mark.django_db


def test_a_signed_in_person_without_a_desk_role_is_told_why_they_are_refused(client):
    client.force_login(make_user("visitor"))
    response = client.get("/desk/reviews/")
    assert response.status_code == 403
    assert "does not have the role" in response.text


def test_an_unpublished_story_is_a_plain_not_found_page(client):
    draft = make_article()
    response = client.get(f"/stories/{draft.slug}/")
    assert response.status_code == 404
    assert "There is nothing here" in response.text
    assert draft.title not in response.text


class TestOurOwnPagesWhenARequestFails:
    """newsroom.outage, handed each exception a request fails with (handler500): given the
    driver's own errors, as PostgreSQL or the pool raise them."""

    @staticmethod
    def answer(request, error):
        try:
            raise error
        except Exception:
            return outage.server_error(request)

    @staticmethod
    def unreachable():
        """The error psycopg raises when nothing listens where the database should be."""
        try:
            psycopg.connect(host="127.0.0.1", port=free_port(), connect_timeout=2)
        except psycopg.OperationalError as error:
            return error
        raise AssertionError("something answered on a free port")

    def test_handler500_is_ours(self):
        assert get_resolver().resolve_error_handler(500) is outage.server_error

    def test_errors_that_mean_the_database_is_out_of_reach(self):
        assert outage.database_unavailable(self.unreachable())
        assert outage.database_unavailable(psycopg.errors.AdminShutdown())  # a restart
        assert outage.database_unavailable(psycopg.errors.CannotConnectNow())  # starting up
        assert outage.database_unavailable(psycopg.errors.TooManyConnections())
        # A query's own failure is a fault to look into, not an outage.
        assert not outage.database_unavailable(psycopg.errors.DeadlockDetected())
        assert not outage.database_unavailable(psycopg.errors.QueryCanceled())
        assert not outage.database_unavailable(RuntimeError("a bug"))

    def test_a_reader_is_told_the_newsroom_is_briefly_unavailable(self, rf):
        response = self.answer(rf.get("/stories/any/"), self.unreachable())
        assert response.status_code == 503
        assert "The newsroom is briefly unavailable" in response.text
        assert int(response["Retry-After"]) > 0
        assert "no-store" in response["Cache-Control"]

    def test_claims_json_answers_json(self, rf):
        response = self.answer(rf.get("/stories/any/claims.json"), self.unreachable())
        assert response.status_code == 503
        assert "briefly unavailable" in json.loads(response.content)["error"]

    def test_someone_saving_is_told_nothing_was_saved_and_their_words_are_in_the_form(self, rf):
        response = self.answer(rf.post("/desk/reviews/1/approve/"), self.unreachable())
        assert response.status_code == 503
        assert "<h1>Nothing was saved</h1>" in response.text
        assert "What you typed is still in the form" in response.text

    def test_htmx_gets_the_message_alone(self, rf):
        request = rf.post("/desk/reviews/1/approve/", headers=HTMX)
        response = self.answer(request, self.unreachable())
        assert response.status_code == 503
        assert response.text.strip().startswith('<p class="notice notice--error">')
        assert "Nothing was saved" in response.text

    def test_any_other_failure_is_our_own_500_page(self, rf):
        response = self.answer(rf.get("/desk/"), RuntimeError("a bug"))
        assert response.status_code == 500
        assert "Something went wrong on our side" in response.text
        fragment = self.answer(rf.post("/desk/", headers=HTMX), RuntimeError("a bug"))
        assert fragment.text.strip().startswith('<p class="notice notice--error">')
        assert "Reload the page to see whether it was saved" in fragment.text


class TestARequestWeCannotRead:
    """A form declared in a charset other than UTF-8 is refused by Django (BadRequest) when
    the CSRF check reads it, as is a body too large. Django's own 400 view takes the CSRF
    token, which reads the body again: our handler400 reads neither body nor session."""

    FORM_IN = "application/x-www-form-urlencoded; charset={}"

    def test_handler400_is_ours(self):
        assert get_resolver().resolve_error_handler(400) is outage.bad_request

    def test_signing_in_in_latin_1_is_a_400_page(self):
        client = Client(enforce_csrf_checks=True)
        client.get("/accounts/login/")  # the CSRF cookie, as a browser has it
        response = client.post(
            "/accounts/login/", "username=a", content_type=self.FORM_IN.format("latin-1")
        )
        assert response.status_code == 400
        assert "We could not read what was sent" in response.text
        assert "no-store" in response["Cache-Control"]

    def test_a_desk_form_in_utf_16_is_a_400_page_and_saves_nothing(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(make_editor())
        client.get("/desk/articles/new/")  # the CSRF cookie, as a browser has it
        response = client.post(
            "/desk/articles/new/", "title=Parade", content_type=self.FORM_IN.format("utf-16")
        )
        assert response.status_code == 400
        assert "Nothing was saved" in response.text
        assert not Article.objects.exists()

    def test_a_body_too_large_is_a_400_page(self, settings):
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
        client = Client(enforce_csrf_checks=True)
        client.force_login(make_editor())
        client.get("/desk/articles/new/")
        response = client.post("/desk/articles/new/", {"title": "x" * 200})
        assert response.status_code == 400
        assert "We could not read what was sent" in response.text

    def test_htmx_gets_the_message_alone(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(make_editor())
        client.get("/desk/articles/new/")
        response = client.post(
            "/desk/articles/new/",
            "title=Parade",
            content_type=self.FORM_IN.format("utf-16"),
            headers=HTMX,
        )
        assert response.status_code == 400
        assert response.text.strip().startswith('<p class="notice notice--error">')
        assert "nothing was saved" in response.text


def test_a_desk_page_shows_a_failed_htmx_request_in_its_alert_region(client):
    # The form that was sent stays as it was typed (tests/browser/test_outage.py).
    client.force_login(make_editor())
    page = client.get("/desk/")
    config = re.search(r'<meta name="htmx-config" content=\'(.*?)\'>', page.text).group(1)
    rules = json.loads(config)["responseHandling"]
    (rule,) = [rule for rule in rules if re.fullmatch(rule["code"], "503")][:1]
    assert (rule["swap"], rule["target"], rule["swapOverride"]) == (
        True,
        "#desk-alert",
        "innerHTML",
    )
    assert re.fullmatch(rule["code"], "500")
    assert '<div id="desk-alert" class="desk-alert" role="alert"></div>' in page.text
