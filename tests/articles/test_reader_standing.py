"""What readers are told a claim's status stands on (DESIGN.md rule 12): its independent
origins, its primary record, an estimate's assessment, and “as of” once its re-check moment
has passed — which the cached page must show without any change in the database."""

import datetime
import json
import re
import threading
import time

import pytest
from django.db import connection

from articles.reader.structured import claim_authors
from articles.story_cache import listener
from claims import registry
from claims.models import Claim, Source
from tests.articles.reader_helpers import (
    HOSTILE,
    clock,
    linked,
    move_to,
    page,
    publish_story,
    utc,
)
from tests.factories import (
    give_assessment,
    make_approved_change,
    make_citation,
    make_claim,
    make_editor,
    make_source,
)
from tests.helpers import postgresql_only

pytestmark = pytest.mark.django_db

VERIFIED = Claim.Status.VERIFIED
ESTIMATE = Claim.Status.INTELLIGENCE_ESTIMATE
BODY = "Kim left Pyongyang by special train on Monday."
QUOTE = "left Pyongyang by special train"


def claim_citing(article, *citations, statement="Kim left Pyongyang."):
    """A claim of `article` citing each (origin, via) of `citations`."""
    claim = make_claim(article, statement=statement, quote=QUOTE, cited=False)
    for source, via in citations:
        make_citation(claim, source, via=via)
    return claim


def details(client, claim):
    """The words of the claim's details on the story page (its list item, its popover)."""
    return page(client, claim.article).by_id(f"claim-{claim.pk}").words


class TestWhatTheDetailsSay:
    def test_confirmed_by_two_independent_sources(self, client):
        article = publish_story(body=BODY)
        claim = claim_citing(article, (make_source("KCNA"), None), (make_source("NIS"), None))
        move_to(claim, VERIFIED)
        words = details(client, claim)
        assert "Confirmed by 2 independent sources" in words
        assert "origins" not in words  # said once, not twice
        assert "Primary record" not in words

    def test_a_primary_record(self, client):
        article = publish_story(body=BODY)
        claim = claim_citing(article, (make_source("KCNA"), None))
        make_approved_change(claim, VERIFIED, primary_record="KCNA’s own report")
        words = details(client, claim)
        assert "1 origin" in words
        assert "Primary record: KCNA’s own report" in words
        assert "Confirmed by" not in words

    def test_two_affiliated_origins_are_not_said_to_be_independent(self, client):
        article = publish_story(body=BODY)
        kremlin = make_source("Kremlin")
        ushakov = make_source("Yuri Ushakov", affiliation=kremlin)
        claim = claim_citing(article, (ushakov, make_source("TASS")), (kremlin, None))
        words = details(client, claim)
        assert "2 origins, not independent" in words

    def test_an_affiliation_made_later_reaches_the_page(self, client):
        article = publish_story(body=BODY)
        kremlin, ushakov = make_source("Kremlin"), make_source("Yuri Ushakov")
        claim = claim_citing(article, (ushakov, None), (kremlin, None))
        assert "2 independent origins" in details(client, claim)
        registry.edit(ushakov, make_editor(), seen=ushakov.revision, affiliation=kremlin)
        assert "2 origins, not independent" in details(client, claim)

    def test_an_estimates_assessment(self, client):
        article = publish_story(body=BODY)
        nis = make_source("the NIS", kind=Source.Kind.INTELLIGENCE_SERVICE)
        claim = claim_citing(article, (nis, make_source("Lee Seong Kweun")))
        give_assessment(claim, on=datetime.date(2025, 9, 1))
        move_to(claim, ESTIMATE)
        assert "Assessment by the NIS · confidence not stated · 1 Sept 2025" in details(
            client, claim
        )

    def test_a_claim_with_no_named_source(self, client):
        article = publish_story(body=BODY)
        claim = claim_citing(article)
        Claim.objects.filter(pk=claim.pk).update(no_named_source=True)
        words = details(client, claim)
        assert "No named source: the story states this without saying who said it." in words
        assert "origin" not in words

    def test_what_editors_wrote_is_escaped(self, client):
        article = publish_story(body=BODY)
        claim = claim_citing(article, (make_source(HOSTILE), None))
        make_approved_change(claim, VERIFIED, primary_record=HOSTILE)
        html = client.get(article.get_absolute_url()).text
        assert HOSTILE not in html
        assert "Primary record: &lt;script&gt;" in html


class TestAsOf:
    """A claim past its re-check moment reads "as of" it: the page turns when the moment
    passes, in every process, with nothing changed in the database."""

    MOMENT = utc(2025, 9, 2, 16, 0)

    @pytest.fixture
    def due_later(self):
        with clock(utc(2025, 9, 1, 21, 0)):
            article = publish_story(body=BODY, published_at=utc(2025, 9, 1, 21, 0))
            claim = claim_citing(article, (make_source("NIS"), None))
            claim.recheck_by = self.MOMENT
            claim.save(update_fields=["recheck_by"])
        return article, claim

    def test_before_the_moment_nothing_is_said(self, client, due_later):
        _, claim = due_later
        with clock(self.MOMENT - datetime.timedelta(minutes=1)):
            assert "As of" not in details(client, claim)

    def test_the_cached_page_turns_when_the_moment_passes(self, client, due_later):
        article, claim = due_later
        with clock(self.MOMENT - datetime.timedelta(minutes=1)):
            before = client.get(article.get_absolute_url())
            assert client.get(article.get_absolute_url()).content == before.content  # cached
        with clock(self.MOMENT + datetime.timedelta(minutes=1)):
            assert "As of 2 Sept 2025 16:00: we have not checked it again since." in details(
                client, claim
            )
            # A browser's copy from before is not confirmed as current.
            again = client.get(
                article.get_absolute_url(), headers={"If-None-Match": before.headers["ETag"]}
            )
            assert again.status_code == 200
            assert again.headers["ETag"] != before.headers["ETag"]
            assert again.headers["Last-Modified"] == "Tue, 02 Sep 2025 16:00:00 GMT"
            # And from then on the new page is the cached one.
            assert (
                client.get(
                    article.get_absolute_url(), headers={"If-None-Match": again.headers["ETag"]}
                ).status_code
                == 304
            )

    def test_a_warm_page_after_the_moment_still_costs_one_query(
        self, client, due_later, django_assert_num_queries
    ):
        article, _ = due_later
        with clock(self.MOMENT + datetime.timedelta(minutes=1)):
            client.get(article.get_absolute_url())
            with django_assert_num_queries(1):
                assert client.get(article.get_absolute_url()).status_code == 200

    @postgresql_only
    @pytest.mark.django_db(transaction=True)
    def test_a_listening_process_turns_the_page_too(self, client, due_later):
        """With a listener a warm page costs no query, and no notification comes when a
        moment passes: the page's own moment still turns it."""
        article, claim = due_later
        listener.listen_for_changes()
        listener.changes.generation()
        try:
            assert listener.changes.connected.wait(timeout=10)
            with clock(self.MOMENT - datetime.timedelta(minutes=1)):
                client.get(article.get_absolute_url())
                assert "As of" not in details(client, claim)
            with clock(self.MOMENT + datetime.timedelta(minutes=1)):
                assert "As of 2 Sept 2025 16:00" in details(client, claim)
        finally:
            listener.changes.stop()


class TestClaimReviewAuthors:
    """A ClaimReview names who made the claim, only where the desk's record says who."""

    def graph(self, client, article):
        html = client.get(article.get_absolute_url()).text
        data = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        return linked(json.loads(data.group(1))["@graph"])

    def reviewed(self, client, article):
        return {
            node["claimReviewed"]: node["itemReviewed"]["author"]
            for node in self.graph(client, article)
            if node["@type"] == "ClaimReview"
        }

    def test_who_made_each_claim(self, client):
        body = " ".join(f"Fact {n} is stated." for n in range(5))
        article = publish_story(body=body)
        nis = make_source("NIS", kind=Source.Kind.INTELLIGENCE_SERVICE)
        lawmaker = make_source("Lee Seong Kweun")
        ushakov = make_source("Yuri Ushakov", kind=Source.Kind.OFFICIAL_SPOKESPERSON)

        def claim(n, *citations):
            made = make_claim(article, statement=f"Claim {n}", quote=f"Fact {n}", cited=False)
            for source, via in citations:
                make_citation(made, source, via=via)
            return made

        estimate = claim(0, (nis, lawmaker))
        make_approved_change(estimate, ESTIMATE)  # assessed by the NIS, relayed by Lee
        primary = claim(1, (ushakov, make_source("TASS")))
        make_approved_change(primary, VERIFIED, primary_record="His words, as TASS ran them")
        claim(2, (make_source("KCNA"), None), (make_source("Seoul"), lawmaker))
        claim(3, (make_source("Reuters"), lawmaker))  # only relayed: no author we can name
        Claim.objects.filter(pk=claim(4).pk).update(no_named_source=True)

        assert self.reviewed(client, article) == {
            "Claim 0": {"@type": "Organization", "name": "NIS"},
            "Claim 1": {"@type": "Person", "name": "Yuri Ushakov"},
            "Claim 2": {"@type": "Organization", "name": "KCNA"},
        }

    def test_the_rule_itself(self):
        from articles.reader.details import ReaderCitation, ReaderSource
        from articles.reader.loader import ReaderClaim

        def source(name, pk):
            return ReaderSource(name, "", "government", "", pk, None, None)

        seoul, lee = source("Seoul", 1), source("Lee", 2)
        claim = ReaderClaim(1, "s", "q", "", "", VERIFIED, None, content_version=None, revision=1)
        claim.citations = (ReaderCitation(seoul, lee, "", "", "", None),)
        assert claim_authors(claim) == []
        claim.primary_record = "Seoul’s own statement"
        assert claim_authors(claim) == [seoul]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_merge_made_by_another_process_reaches_a_listening_reader(client):
    article = publish_story(body=BODY)
    duplicate, kcna = make_source("KCNA news"), make_source("KCNA")
    claim = claim_citing(article, (duplicate, None))
    listener.listen_for_changes()
    listener.changes.generation()
    try:
        assert listener.changes.connected.wait(timeout=10)
        assert "KCNA news" in details(client, claim)
        since = listener.changes.generation()

        def another_process():
            registry.merge(duplicate, kcna, make_editor())
            connection.close()

        thread = threading.Thread(target=another_process)
        thread.start()
        thread.join()
        for _ in range(200):
            if listener.changes.generation() != since:
                break
            time.sleep(0.05)
        words = details(client, claim)
        assert "KCNA news" not in words and "KCNA" in words
    finally:
        listener.changes.stop()
