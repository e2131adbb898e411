"""/stories/<slug>/claims.json: every claim of a published story, for machines."""

import datetime

import pytest

from claims.models import Claim, Source
from tests.articles.reader_helpers import HOSTILE, move_to, publish_story, story_with_claims
from tests.factories import make_citation, make_claim, make_source

pytestmark = pytest.mark.django_db


def claims_json(client, article):
    response = client.get(f"{article.get_absolute_url()}claims.json")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    return response.json()


def test_every_claim_with_status_sources_and_history(client):
    article = publish_story(body="The NIS says 15,000 troops were sent to Russia.")
    claim = make_claim(
        article,
        statement="About 15,000 troops were sent.",
        quote="15,000 troops",
        public_note="An estimate.",
        cited=False,
    )
    nis = make_source(
        "NIS",
        kind=Source.Kind.INTELLIGENCE_SERVICE,
        description="South Korea's spy agency",
        url="https://nis.go.kr",
        affiliation=make_source("Government of South Korea", kind=Source.Kind.GOVERNMENT),
    )
    make_citation(
        claim,
        nis,
        via=make_source("Lee Seong Kweun", kind=Source.Kind.GOVERNMENT),
        detail="closed-door briefing",
        date=datetime.date(2025, 9, 2),
    )
    move_to(
        claim,
        Claim.Status.INTELLIGENCE_ESTIMATE,
        at=datetime.datetime(2025, 9, 2, 14, 10, tzinfo=datetime.UTC),
    )

    document = claims_json(client, article)
    story_url = f"http://testserver{article.get_absolute_url()}"
    assert document["story"]["title"] == article.title
    assert document["story"]["url"] == story_url
    (entry,) = document["claims"]
    assert entry["id"] == claim.pk
    assert entry["url"] == f"{story_url}#claim-{claim.pk}"
    assert entry["statement"] == "About 15,000 troops were sent."
    assert entry["quote"] == "15,000 troops"
    assert (entry["status"], entry["label"]) == ("intelligence_estimate", "Intelligence estimate")
    assert entry["public_note"] == "An estimate."
    (source,) = entry["sources"]
    assert source["attribution"] == "NIS, South Korea's spy agency — via Lee Seong Kweun"
    assert source["origin"] == {
        "name": "NIS",
        "kind": "intelligence_service",
        "description": "South Korea's spy agency",
        "url": "https://nis.go.kr",
        "affiliation": "Government of South Korea",
    }
    assert source["via"]["name"] == "Lee Seong Kweun"
    assert source["via"]["affiliation"] is None
    assert (source["detail"], source["date"]) == ("closed-door briefing", "2025-09-02")
    assert entry["history"] == [
        {"from": "unconfirmed", "to": "intelligence_estimate", "at": "2025-09-02T14:10:00+00:00"}
    ]
    assert entry["history_text"] == [
        "Unconfirmed until 2 Sept 2025 14:10, marked an intelligence estimate after a review "
        "by the desk."
    ]
    assert entry["independent_origins"] == 1
    assert entry["primary_record"] is None
    assert entry["assessment"] == {
        "by": "NIS",
        "confidence": "not_stated",
        "assessed_on": "2025-09-02",
    }
    assert entry["recheck_by"] is None


def test_claims_come_in_the_story_order(client):
    article, claims = story_with_claims([Claim.Status.VERIFIED, Claim.Status.UNCONFIRMED])
    assert [c["id"] for c in claims_json(client, article)["claims"]] == [c.pk for c in claims]


def test_hostile_text_round_trips_exactly(client):
    article = publish_story(title=HOSTILE, body=f"Text {HOSTILE} text")
    claim = make_claim(article, statement=HOSTILE, quote=HOSTILE, public_note=HOSTILE, cited=False)
    make_citation(claim, make_source(HOSTILE), detail=HOSTILE)
    response = client.get(f"{article.get_absolute_url()}claims.json")
    document = response.json()
    assert document["story"]["title"] == HOSTILE
    (entry,) = document["claims"]
    assert entry["statement"] == entry["quote"] == entry["public_note"] == HOSTILE
    assert entry["sources"][0]["origin"]["name"] == HOSTILE
    assert entry["sources"][0]["detail"] == HOSTILE
    assert response.headers["X-Content-Type-Options"] == "nosniff"
