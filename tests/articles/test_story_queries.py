"""A cold story page costs the same few queries whatever its size; a warm one, one; after
one claim's change, the same few, reading that claim's details alone."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.reader.details import StoryChanged
from articles.reader.loader import Story, read_story
from articles.story_cache import forget_rendered
from claims.models import Claim, Source
from tests.articles.reader_helpers import move_to, publish_story
from tests.factories import make_citation, make_claim, make_source

pytestmark = pytest.mark.django_db

# The article, its claims, their approved status changes, their citations and sources.
COLD_QUERIES = 4


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
    # …and the names of what the sources are affiliated with, which the page does not show.
    with django_assert_max_num_queries(COLD_QUERIES + 1):
        document = client.get(f"{article.get_absolute_url()}claims.json").json()
    assert len(document["claims"]) == 60
    estimate = document["claims"][2]
    assert estimate["sources"][0]["origin"]["affiliation"] == "Seoul"
    assert estimate["assessment"]["by"] == "NIS"
    assert {claim["independent_origins"] for claim in document["claims"]} == {1, 2}


def test_claims_json_after_its_page_reads_no_claims_history_again(client):
    article = big_story(60, 4)
    client.get(article.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        document = client.get(f"{article.get_absolute_url()}claims.json").json()
    assert len(document["claims"]) == 60
    assert {len(claim["history"]) for claim in document["claims"]} == {0, 1}
    # The story's own corrections are read; no claim's status changes.
    assert not [query for query in queries if "claims_statuschange" in query["sql"]]
    assert [query for query in queries if "articles_articlerevision" in query["sql"]]


def test_after_a_status_change_no_claims_details_are_read_again(client):
    article = big_story(60, 4)
    url = article.get_absolute_url()
    client.get(url)
    claim = Claim.objects.filter(article=article, status=Claim.Status.UNCONFIRMED).first()
    move_to(claim, Claim.Status.VERIFIED)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert f'data-claim-status="verified" popovertarget="claim-{claim.pk}"' in response.text
    # The article, the claims' words and statuses, that claim's history: no citation is read,
    # and no other claim's history.
    assert len(queries) == COLD_QUERIES - 1
    assert not [query for query in queries if "claims_citation" in query["sql"]]
    (history,) = [query["sql"] for query in queries if "claims_statuschange" in query["sql"]]
    assert f'"claims_statuschange"."claim_id" = {claim.pk})' in history
    assert f'"claims_claim"."article_id" = {article.pk})' not in history  # not the story's


def test_a_status_changed_and_changed_back_shows_both_changes(client):
    # The status is as it was, the history is not: the claim's item and the Updates say so.
    article = big_story(6, 1)
    url = article.get_absolute_url()
    claim = Claim.objects.filter(article=article, status=Claim.Status.UNCONFIRMED).first()
    client.get(url)
    move_to(claim, Claim.Status.VERIFIED)
    client.get(url)
    move_to(claim, Claim.Status.UNCONFIRMED)
    page = client.get(url).text
    assert "verified after a review by the desk. Verified until" in page
    assert page.count(f'<a href="#claim-{claim.pk}">') == 2  # a line of the Updates each
    forget_rendered()
    assert client.get(url).text == page


def test_after_a_claims_citations_change_only_its_details_are_read_again(client):
    article = big_story(60, 4)
    url = article.get_absolute_url()
    client.get(url)
    claim = Claim.objects.filter(article=article).first()
    make_citation(claim, make_source("Yonhap"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.text.count("<b>Yonhap</b>") == 1
    assert len(queries) == COLD_QUERIES
    (details,) = [query["sql"] for query in queries if "claims_citation" in query["sql"]]
    assert f'AND "claims_claim"."id" = {claim.pk})' in details  # that claim's rows alone


def test_a_claim_gone_while_the_story_is_read_has_the_story_read_again():
    # Each query reads what has committed when it runs: a claim deleted (by an
    # administrator) after the story's claims were read has no details to give.
    article = big_story(6, 1)
    gone, other = Claim.objects.filter(article=article, status=Claim.Status.UNCONFIRMED)[:2]
    forget_rendered()
    story = Story(article, "http://testserver")
    gone.delete()
    with pytest.raises(StoryChanged):
        story.read_details()

    reads = []

    def write(story):
        reads.append(story)
        if len(reads) == 1:
            other.delete()
        story.read_details()
        return [claim.pk for claim in story.claims]

    left = Claim.objects.filter(article=article).order_by("position", "pk")
    assert read_story(article, "http://testserver", write) == [claim.pk for claim in left]
    assert len(reads) == 2 and other.pk not in [claim.pk for claim in reads[1].claims]
