"""Find claims on the desk by words, status, source and article."""

import pytest
from django.urls import reverse

from claims.models import Claim, Source
from tests.factories import (
    make_approved_change,
    make_article,
    make_citation,
    make_claim,
    make_source,
    make_user,
)
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db

FIND = reverse("desk:find")


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(FIND)["Location"].startswith(reverse("login"))


def test_someone_without_a_desk_role_is_refused(client):
    client.force_login(make_user())
    assert client.get(FIND).status_code == 403


def test_empty_search_shows_the_form_and_a_hint(client, reporter):
    make_claim()
    client.force_login(reporter)
    html = client.get(FIND).content.decode()
    assert "Search by words in a claim’s statement or quote" in html
    assert "claim found" not in html


def test_words_match_statement_or_quote_each(client, reporter):
    article = make_article()
    train = make_claim(article, statement="Kim went to Beijing.", quote="special train")
    make_claim(article, statement="Kim went to Beijing by plane.", quote="Air Koryo")
    make_claim(article, statement="Troops sent to Russia.", quote="15,000 troops")
    client.force_login(reporter)

    html = client.get(FIND, {"q": "beijing TRAIN"}).content.decode()

    assert "1 claim found." in html
    assert "Kim went to Beijing." in html
    link = reverse("desk:article", args=[article.pk]) + f"#claim-{train.pk}"
    assert f'href="{link}"' in html


def test_filters_by_status_source_and_article(client, reporter):
    beijing, seoul = make_article(title="Beijing"), make_article(title="Seoul")
    nis = make_source("NIS", kind=Source.Kind.INTELLIGENCE_SERVICE)
    lawmaker = make_source("Lee Seong Kweun")
    estimate = make_claim(beijing, statement="15,000 troops.", cited=False)
    make_citation(estimate, nis, via=lawmaker)
    make_approved_change(estimate, Claim.Status.INTELLIGENCE_ESTIMATE)
    make_claim(beijing, statement="Unconfirmed troop count.", cited=False)
    relayed = make_claim(seoul, statement="Seoul says so.", cited=False)
    make_citation(relayed, make_source("Yonhap"), via=lawmaker)
    client.force_login(reporter)

    by_status = client.get(FIND, {"status": "intelligence_estimate"}).content.decode()
    assert "15,000 troops." in by_status and "Unconfirmed troop count." not in by_status

    by_via = client.get(FIND, {"source": "seong"}).content.decode()
    assert "2 claims found." in by_via

    by_article = client.get(FIND, {"source": "seong", "article": seoul.pk}).content.decode()
    assert "1 claim found." in by_article and "Seoul says so." in by_article


def test_a_claim_citing_one_source_twice_is_found_once(client, reporter):
    claim = make_claim(cited=False, statement="Twice cited.")
    kcna = make_source("KCNA")
    make_citation(claim, kcna)
    make_citation(claim, kcna, detail="Photos")
    client.force_login(reporter)
    assert "1 claim found." in client.get(FIND, {"source": "kcna"}).content.decode()


def test_results_are_paginated(client, reporter):
    article = make_article()
    for n in range(30):
        make_claim(article, statement=f"Parade claim {n}")
    client.force_login(reporter)

    first = client.get(FIND, {"q": "parade"}).content.decode()
    assert "30 claims found." in first
    assert first.count('class="find-result"') == 25
    assert "q=parade&amp;page=2" in first

    second = client.get(FIND, {"q": "parade", "page": 2}).content.decode()
    assert second.count('class="find-result"') == 5


def test_htmx_returns_only_the_results(client, reporter):
    make_claim(statement="Kim went by train.")
    client.force_login(reporter)
    html = client.get(FIND, {"q": "train"}, headers=HTMX).content.decode()
    assert html.lstrip().startswith('<div id="find-results"')
    assert "Kim went by train." in html


def test_bad_filter_value_is_reported_not_a_500(client, reporter):
    client.force_login(reporter)
    response = client.get(FIND, {"status": "rumour"})
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()


def test_a_page_of_results_takes_a_fixed_number_of_queries(
    client, reporter, django_assert_max_num_queries
):
    article = make_article()
    for n in range(25):
        make_claim(article, statement=f"Parade claim {n}")
    client.force_login(reporter)
    client.get(FIND, {"q": "parade"})
    with django_assert_max_num_queries(8):
        client.get(FIND, {"q": "parade"})
