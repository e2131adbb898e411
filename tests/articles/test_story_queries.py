"""A cold story page costs the same few queries whatever its size; a warm one, one."""

import pytest
from django.core.cache import caches

from claims.models import Claim, Source
from tests.articles.reader_helpers import move_to, publish_story
from tests.factories import make_citation, make_claim, make_source

pytestmark = pytest.mark.django_db

# The article, its claims with their citations and sources, their approved status changes.
COLD_QUERIES = 3


def big_story(n_claims, citations_per_claim):
    article = publish_story(
        body="\n\n".join(f"Fact number {n} is stated here." for n in range(n_claims))
    )
    statuses = [Claim.Status.UNCONFIRMED, Claim.Status.VERIFIED, Claim.Status.INTELLIGENCE_ESTIMATE]
    # Affiliated, so that what independence and claims.json read of sources is read too.
    nis = make_source(
        "NIS", kind=Source.Kind.INTELLIGENCE_SERVICE, affiliation=make_source("Seoul")
    )
    relay = make_source("Lee Seong Kweun")
    for n in range(n_claims):
        status = statuses[n % 3]
        claim = make_claim(
            article, statement=f"Claim {n}", quote=f"Fact number {n} is stated", cited=False
        )
        # An estimate cites the service that made it: a live story could not show it else.
        make_citation(claim, nis if status == Claim.Status.INTELLIGENCE_ESTIMATE else None)
        for _ in range(citations_per_claim - 1):
            make_citation(claim, nis, via=relay)
        if status != Claim.Status.UNCONFIRMED:
            move_to(claim, status)
    return article


@pytest.mark.parametrize(("n_claims", "citations"), [(10, 1), (60, 4)])
def test_a_cold_story_page_makes_a_constant_number_of_queries(
    client, django_assert_max_num_queries, n_claims, citations
):
    article = big_story(n_claims, citations)
    caches["stories"].clear()
    with django_assert_max_num_queries(COLD_QUERIES):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response.text.count('popovertarget="claim-') == 2 * n_claims  # open and close
    # Each claim's details are written once: its list item is also its popover.
    assert response.text.count("— via Lee Seong Kweun") == n_claims * (citations - 1)


def test_a_warm_story_page_makes_one_query(client, django_assert_num_queries):
    article = big_story(60, 4)
    client.get(article.get_absolute_url())
    with django_assert_num_queries(1):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_claims_json_makes_the_same_few_queries(client, django_assert_max_num_queries):
    article = big_story(60, 4)
    with django_assert_max_num_queries(COLD_QUERIES):
        document = client.get(f"{article.get_absolute_url()}claims.json").json()
    assert len(document["claims"]) == 60
    estimate = document["claims"][2]
    assert estimate["sources"][0]["origin"]["affiliation"] == "Seoul"
    assert estimate["assessment"]["by"] == "NIS"
    assert {claim["independent_origins"] for claim in document["claims"]} == {1, 2}
