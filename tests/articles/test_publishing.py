"""An article's life and the publication gate (DESIGN.md rule 4), reason by reason."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles import publishing
from articles.models import Article
from articles.publishing import PublicationRefused, publication_problems
from claims.models import Claim, Source
from claims.workflow import WorkflowError
from tests.factories import (
    make_approved_change,
    make_article,
    make_citation,
    make_claim,
    make_request,
    make_source,
    make_user,
)

pytestmark = pytest.mark.django_db

STATEMENT = "Kim traveled by special train."
NIS = {"name": "National Intelligence Service", "kind": Source.Kind.INTELLIGENCE_SERVICE}


def reasons(article):
    return [problem.message for problem in publication_problems(article)]


def status_of(article):
    return Article.objects.values_list("status", flat=True).get(pk=article.pk)


def estimate(article, *, citing):
    """An intelligence-estimate claim about the troop figure, citing `citing` only.

    Citing no intelligence service as origin, it could not be approved as an estimate any
    more (it could carry no assessment): such a claim is written as data from before that
    rule, which the gate must still catch."""
    claim = make_claim(
        article,
        statement="About 15,000 troops were sent to Russia.",
        quote="about 15,000 troops",
        cited=False,
    )
    for source, via in citing:
        make_citation(claim, source, via=via)
    if any(source.kind == Source.Kind.INTELLIGENCE_SERVICE for source, _via in citing):
        make_approved_change(claim, Claim.Status.INTELLIGENCE_ESTIMATE)
    else:
        Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.INTELLIGENCE_ESTIMATE)
    return claim


NO_ASSESSMENT = (
    "“About 15,000 troops were sent to Russia.” is an intelligence estimate without its "
    "assessment: record which intelligence service among its origins made it, with what "
    "confidence and when."
)


class TestGate:
    def test_a_story_whose_claims_are_in_order_has_no_problems(self):
        article = make_article()
        make_claim(article)
        assert publication_problems(article) == []

    def test_a_story_without_claims_may_go_out(self):
        assert publication_problems(make_article()) == []

    def test_an_empty_body(self):
        assert reasons(make_article(body="  \n")) == ["The story has no body."]

    def test_a_pending_status_change(self):
        article = make_article()
        claim = make_claim(article)
        make_request(claim)
        problems = publication_problems(article)
        assert [p.message for p in problems] == [
            f"“{STATEMENT}” has a status change waiting for review."
        ]
        assert problems[0].claim == claim

    def test_a_decided_status_change_is_no_problem(self):
        article = make_article()
        make_approved_change(make_claim(article), Claim.Status.VERIFIED)
        assert reasons(article) == []

    def test_a_claim_without_a_citation(self):
        article = make_article()
        claim = make_claim(article, cited=False)
        problems = publication_problems(article)
        assert [p.message for p in problems] == [f"“{STATEMENT}” cites no source."]
        assert problems[0].claim == claim

    def test_an_estimate_that_does_not_cite_an_intelligence_service(self):
        article = make_article()
        estimate(article, citing=[(make_source("Yonhap"), None)])
        assert reasons(article) == [
            "“About 15,000 troops were sent to Russia.” is an intelligence estimate but does "
            "not cite the intelligence service that made it.",
            NO_ASSESSMENT,
        ]

    def test_an_intelligence_service_that_only_relayed_it_is_not_its_origin(self):
        article = make_article()
        lawmaker = make_source("Lee Seong Kweun", kind=Source.Kind.GOVERNMENT)
        estimate(article, citing=[(lawmaker, make_source(**NIS))])
        assert len(reasons(article)) == 2
        assert reasons(article)[1] == NO_ASSESSMENT

    def test_an_estimate_citing_the_service_as_origin_may_go_out(self):
        article = make_article()
        lawmaker = make_source("Lee Seong Kweun", kind=Source.Kind.GOVERNMENT)
        estimate(article, citing=[(make_source(**NIS), lawmaker)])
        assert reasons(article) == []

    def test_a_quote_no_longer_in_the_story(self):
        article = make_article()
        claim = make_claim(article, quote="traveled by plane")
        problems = publication_problems(article)
        assert [p.message for p in problems] == [
            f"“{STATEMENT}”: its quote no longer occurs in the story."
        ]
        assert problems[0].claim == claim

    def test_typography_and_line_breaks_do_not_orphan_a_quote(self):
        article = make_article(body="Kim said it was “a new era”—a claim\nnobody checked.\n")
        make_claim(article, quote='it was "a new era"–a claim   nobody')
        assert reasons(article) == []

    def test_quotes_match_the_words_a_reader_sees_not_the_markdown(self):
        article = make_article(body="Kim **left** [by train](https://example.com).\n")
        make_claim(article, quote="Kim left by train.")
        assert reasons(article) == []
        make_claim(article, statement="Markup.", quote="**left**")
        assert reasons(article) == ["“Markup.”: its quote no longer occurs in the story."]

    def test_every_reason_is_listed_at_once(self):
        article = make_article()
        pending = make_claim(article, statement="Pending.")
        make_request(pending)
        make_claim(article, statement="Uncited.", cited=False)
        estimate(article, citing=[(make_source("Yonhap"), None)])
        make_claim(article, statement="Orphaned.", quote="not in the story")

        assert reasons(article) == [
            "“Pending.” has a status change waiting for review.",
            "“Uncited.” cites no source.",
            "“About 15,000 troops were sent to Russia.” is an intelligence estimate but does "
            "not cite the intelligence service that made it.",
            NO_ASSESSMENT,
            "“Orphaned.”: its quote no longer occurs in the story.",
        ]

    def test_a_long_statement_is_shortened_in_the_reason(self):
        article = make_article()
        make_claim(article, statement="Kim " + "really " * 30 + "traveled.", cited=False)
        (reason,) = reasons(article)
        assert reason.startswith("“Kim really")
        assert len(reason) < 120

    def test_checking_a_big_story_takes_a_fixed_number_of_queries(
        self, django_assert_max_num_queries
    ):
        article = make_article()
        for n in range(30):
            claim = make_claim(article, statement=f"Claim {n}.")
            make_citation(claim)
        make_request(claim)
        # The claims with their citations, requests and edits waiting; the story's own edit.
        with django_assert_max_num_queries(5):
            assert len(reasons(article)) == 1


class TestPublish:
    def test_an_editor_publishes_a_story_in_order(self, editor):
        article = make_article(status=Article.Status.IN_REVIEW)
        make_claim(article)
        before = timezone.now()
        publishing.publish(article, editor)

        article.refresh_from_db()
        assert article.status == Article.Status.PUBLISHED
        assert article.published_by == editor
        assert article.published_at >= before

    def test_the_gate_refuses_with_every_reason_and_changes_nothing(self, editor):
        article = make_article()
        make_claim(article, statement="Uncited.", cited=False)
        make_claim(article, statement="Orphaned.", quote="not in the story")

        with pytest.raises(PublicationRefused) as refused:
            publishing.publish(article, editor)

        assert [p.message for p in refused.value.problems] == [
            "“Uncited.” cites no source.",
            "“Orphaned.”: its quote no longer occurs in the story.",
        ]
        assert str(refused.value) == (
            "This story cannot be published yet: “Uncited.” cites no source.; "
            "“Orphaned.”: its quote no longer occurs in the story."
        )
        assert isinstance(refused.value, WorkflowError)
        article.refresh_from_db()
        assert (article.status, article.published_at, article.published_by) == (
            Article.Status.DRAFT,
            None,
            None,
        )

    def test_a_reporter_cannot_publish(self, reporter):
        article = make_article()
        with pytest.raises(PermissionDenied, match="Only editors can publish stories"):
            publishing.publish(article, reporter)
        assert status_of(article) == Article.Status.DRAFT

    def test_a_published_story_is_not_published_again(self, editor):
        article = make_article()
        publishing.publish(article, editor)
        with pytest.raises(WorkflowError, match="This story is already published"):
            publishing.publish(article, editor)

    def test_republishing_keeps_the_first_publication_date(self, editor, second_editor):
        article = publishing.publish(make_article(), editor)
        first = article.published_at
        publishing.withdraw(article, editor, "A source retracted.")
        publishing.publish(article, second_editor)

        article.refresh_from_db()
        assert article.status == Article.Status.PUBLISHED
        assert article.published_at == first
        assert article.published_by == second_editor


class TestSubmitForReview:
    def test_a_reporter_submits_a_draft(self, reporter):
        article = make_article()
        publishing.submit_for_review(article, reporter)
        assert status_of(article) == Article.Status.IN_REVIEW

    @pytest.mark.parametrize(
        ("status", "words"),
        [(Article.Status.IN_REVIEW, "in review"), (Article.Status.WITHDRAWN, "withdrawn")],
    )
    def test_only_a_draft_can_be_submitted(self, reporter, status, words):
        article = make_article(status=status)
        with pytest.raises(WorkflowError) as refused:
            publishing.submit_for_review(article, reporter)
        assert str(refused.value) == (
            f"Only a draft can be submitted for review; this story is {words}."
        )
        assert status_of(article) == status

    def test_outside_the_desk_nobody_submits(self):
        article = make_article()
        with pytest.raises(PermissionDenied):
            publishing.submit_for_review(article, make_user())
        assert status_of(article) == Article.Status.DRAFT


class TestWithdraw:
    def test_an_editor_withdraws_a_published_story(self, editor):
        article = publishing.publish(make_article(), editor)
        publishing.withdraw(article, editor, "A source retracted.")
        assert status_of(article) == Article.Status.WITHDRAWN

    @pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.WITHDRAWN])
    def test_only_a_published_story_can_be_withdrawn(self, editor, status):
        article = make_article(status=status)
        with pytest.raises(WorkflowError, match="Only a published story can be withdrawn"):
            publishing.withdraw(article, editor, "A source retracted.")
        assert status_of(article) == status

    def test_a_withdrawal_needs_a_reason_and_records_who_when_and_why(self, editor):
        article = publishing.publish(make_article(), editor)
        with pytest.raises(WorkflowError, match="Say why the story is withdrawn"):
            publishing.withdraw(article, editor, "   ")
        assert status_of(article) == Article.Status.PUBLISHED
        publishing.withdraw(article, editor, "The NIS retracted its figure.")
        article.refresh_from_db()
        assert article.withdrawn_by == editor
        assert article.withdrawal_reason == "The NIS retracted its figure."
        assert article.withdrawn_at is not None

    def test_a_reporter_cannot_withdraw(self, reporter, editor):
        article = publishing.publish(make_article(), editor)
        with pytest.raises(PermissionDenied, match="Only editors can withdraw stories"):
            publishing.withdraw(article, reporter, "A source retracted.")
        assert status_of(article) == Article.Status.PUBLISHED
