"""The inputs that answered 500 when issue 9 was filed, and those the fuzzing found since,
each pinned as an example that runs every time (the fuzzing draws them only now and then)."""

import pytest
from django.urls import reverse

from claims.models import Citation, Claim, Source, StatusChange
from tests.factories import make_article, make_claim, make_editor, make_request, make_source
from tests.fuzz.strategies import encoded, post
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db


def log_claim(client, article, **fields):
    data = {
        "statement": "Kim went by train.",
        "quote": "traveled by special train",
        "citation-source": "KCNA",
        **fields,
    }
    return client.post(reverse("desk:log_claim", args=[article.pk]), data, headers=HTMX)


@pytest.mark.parametrize("query", ["a\x00b", "\x00", "x" * 201])
def test_the_source_search_refuses_a_nul_or_an_over_long_name_with_a_message(
    client, reporter, query
):
    make_source("KCNA")
    client.force_login(reporter)
    response = client.get(reverse("desk:source_search"), {"q": query})
    assert response.status_code == 422
    assert 'role="alert"' in response.text
    # As the reporter types (htmx), the suggestions are simply empty.
    typed = client.get(reverse("desk:source_search"), {"citation-source": query}, headers=HTMX)
    assert typed.status_code == 422
    assert "<option" not in typed.text


@pytest.mark.parametrize(
    "pick",
    [
        {"citation-source_kind": "١"},  # a kind that is a non-ASCII digit
        {"citation-source": "١٢"},  # a name that is one
        {"citation-source_kind": "\x00"},
    ],
)
def test_a_use_button_sending_a_non_ascii_digit_is_refused_as_bad_input(client, reporter, pick):
    make_source("KCNA", kind=Source.Kind.STATE_MEDIA)
    article = make_article()
    client.force_login(reporter)
    response = log_claim(client, article, **pick)
    assert response.status_code == 422
    assert not Claim.objects.filter(article=article).exists()


@pytest.mark.parametrize("change", ["abc", "1.5", "", "٣", "9" * 30, "\x00"])
def test_withdrawing_a_request_by_a_malformed_id_is_not_found(client, reporter, change):
    claim = make_claim()
    request = make_request(claim, requested_by=reporter)
    client.force_login(reporter)
    response = client.post(reverse("desk:withdraw_request", args=[claim.pk]), {"change": change})
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.state == StatusChange.State.PENDING


@pytest.mark.parametrize("revision", ["abc", "١", "-1", "9" * 30, "\x00"])
def test_a_malformed_revision_is_refused_with_a_message_and_nothing_changes(
    client, reporter, revision
):
    claim = make_claim()
    client.force_login(reporter)
    url = reverse("desk:remove_citation", args=[claim.pk, 0])
    response = client.post(url, {"revision": revision}, headers=HTMX)
    assert response.status_code in (409, 422)
    assert "reload the page" in response.text or "changed since" in response.text
    assert Citation.objects.filter(claim=claim).count() == 1


@pytest.mark.parametrize("next_url", ["0", "desk", "//evil.example/", "https://evil.example/"])
def test_a_decision_goes_back_to_the_queue_whatever_next_says(client, next_url):
    request = make_request(make_claim())
    client.force_login(make_editor())
    response = client.post(
        reverse("desk:reject", args=[request.pk]),
        {"revision": request.claim.revision, "next": next_url},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("desk:review_queue")


def test_a_lone_surrogate_arrives_as_a_replacement_character_and_is_kept(client, reporter):
    article = make_article()
    client.force_login(reporter)
    pairs = [("statement", "Kim \ud800 went"), ("quote", "traveled by special train")]
    response = post(client, reverse("desk:log_claim", args=[article.pk]), pairs, htmx=True)
    assert response.status_code == 422  # no source named
    assert "Kim \ufffd\ufffd\ufffd went" in response.text
    assert "%ED%A0%80" in encoded(pairs)


def test_an_over_long_username_is_refused_by_the_sign_in_form(client):
    response = client.post(reverse("login"), {"username": "u" * 300, "password": "x"})
    assert response.status_code == 200
    assert "at most 150 characters" in response.text
