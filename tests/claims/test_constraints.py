"""Rules the database itself holds: a bad row raises IntegrityError whatever wrote it."""

from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from articles.models import Article
from claims.models import Citation, Claim, Source, StatusChange
from tests.factories import (
    make_article,
    make_citation,
    make_claim,
    make_request,
    make_source,
)

pytestmark = pytest.mark.django_db


@contextmanager
def refused():
    """The statement inside must be refused by the database; the test goes on after it."""
    with pytest.raises(IntegrityError), transaction.atomic():
        yield


class TestArticle:
    def test_status_must_be_a_known_one(self):
        with refused():
            make_article(status="archived")

    def test_a_published_story_has_a_publication_date(self):
        with refused():
            make_article(status=Article.Status.PUBLISHED, published_at=None)

    def test_slugs_are_unique(self):
        make_article(slug="kim-beijing")
        with refused():
            make_article(slug="kim-beijing")


class TestSource:
    def test_names_are_unique_whatever_their_case(self):
        make_source("KCNA")
        with refused():
            make_source("kcna")

    def test_the_form_layer_says_so_in_words(self):
        make_source("KCNA")
        with pytest.raises(ValidationError) as invalid:
            Source(name="Kcna", kind=Source.Kind.STATE_MEDIA).full_clean()
        assert "A source with this name already exists." in invalid.value.messages

    def test_kind_must_be_a_known_one(self):
        with refused():
            make_source(kind="rumour")

    def test_a_cited_source_cannot_be_deleted(self):
        source = make_source()
        make_citation(make_claim(cited=False), source)
        with pytest.raises(ProtectedError):
            source.delete()


class TestClaim:
    def test_status_must_be_a_known_one(self):
        with refused():
            make_claim(status="probably")

    def test_status_cannot_be_rewritten_to_an_unknown_one(self):
        claim = make_claim()
        with refused():
            Claim.objects.filter(pk=claim.pk).update(status="probably")

    def test_a_statement_is_required(self):
        with refused():
            make_claim(statement="")

    def test_a_quote_is_required(self):
        with refused():
            make_claim(quote="")

    def test_a_claim_with_history_cannot_be_deleted(self):
        claim = make_claim()
        make_request(claim)
        with pytest.raises(ProtectedError):
            claim.delete()
        with pytest.raises(ProtectedError):
            claim.article.delete()


class TestCitation:
    def test_a_source_cannot_relay_itself(self):
        claim = make_claim(cited=False)
        kcna = make_source("KCNA")
        with refused():
            make_citation(claim, kcna, via=kcna)

    def test_the_form_layer_says_so_in_words(self):
        claim = make_claim(cited=False)
        kcna = make_source("KCNA")
        with pytest.raises(ValidationError) as invalid:
            Citation(claim=claim, source=kcna, via=kcna).full_clean()
        assert "A source cannot relay itself." in invalid.value.messages

    def test_origin_and_relay_are_kept_apart(self):
        claim = make_claim(cited=False)
        nis = make_source("National Intelligence Service", description="South Korea’s spy agency")
        lee = make_source("Lee Seong Kweun")
        citation = make_citation(claim, nis, via=lee)
        assert citation.attribution == (
            "National Intelligence Service, South Korea’s spy agency — via Lee Seong Kweun"
        )


class TestStatusChange:
    def test_statuses_must_be_known_ones(self):
        claim = make_claim()
        with refused():
            make_request(claim, to_status="proven")
        with refused():
            StatusChange.objects.create(
                claim=claim,
                from_status="doubtful",
                to_status=Claim.Status.VERIFIED,
                rationale="Two sources.",
                requested_by=claim.created_by,
                requested_at=timezone.now(),
            )

    def test_state_must_be_a_known_one(self):
        with refused():
            make_request(make_claim(), state="lost")

    def test_a_change_must_change_the_status(self):
        with refused():
            make_request(make_claim(), to_status=Claim.Status.UNCONFIRMED)

    def test_a_rationale_is_required(self):
        with refused():
            make_request(make_claim(), rationale="")

    def test_a_decided_change_has_a_decision_time(self):
        with refused():
            make_request(make_claim(), state=StatusChange.State.APPROVED, decided_at=None)

    def test_a_pending_change_has_no_decision_time(self):
        with refused():
            make_request(make_claim(), decided_at=timezone.now())

    def test_one_pending_change_per_claim(self):
        claim = make_claim()
        make_request(claim)
        with refused():
            make_request(claim, to_status=Claim.Status.INTELLIGENCE_ESTIMATE)

    def test_decided_changes_do_not_count_against_the_pending_one(self):
        claim = make_claim()
        for state in (StatusChange.State.REJECTED, StatusChange.State.WITHDRAWN):
            make_request(claim, state=state, decided_at=timezone.now())
        make_request(claim)
        assert claim.status_changes.count() == 3
