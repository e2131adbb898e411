"""What a status stands on (DESIGN.md rule 12), held in one place (claims.rules) and asked by
every approval: Verified needs two independent origins or the approving editor's
primary-record note; an intelligence estimate carries its assessment; a claim with no named
source can be nothing but unconfirmed."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article
from articles.publishing import publication_problems
from claims import editing, registry, rules, workflow
from claims.content import assessment_entry, content_of
from claims.errors import WorkflowError
from claims.models import Claim, ClaimRevision, Source, StatusChange
from tests.factories import (
    give_assessment,
    make_approved_change,
    make_article,
    make_citation,
    make_claim,
    make_request,
    make_source,
)

pytestmark = pytest.mark.django_db

VERIFIED = Claim.Status.VERIFIED
UNCONFIRMED = Claim.Status.UNCONFIRMED
ESTIMATE = Claim.Status.INTELLIGENCE_ESTIMATE
NEEDS = (
    "a verified claim needs two independent origins, or — when it is about what one party "
    "itself said or published — a primary-record note from the editor who approves it."
)


def citing(*sources, statement="Kim left Pyongyang.", article=None):
    claim = make_claim(article, statement=statement, cited=False)
    for source in sources:
        make_citation(claim, source)
    return claim


def status_of(claim):
    return Claim.objects.values_list("status", flat=True).get(pk=claim.pk)


class TestVerified:
    def test_one_origin_without_a_note_is_refused_and_nothing_changes(self, reporter, editor):
        claim = citing(make_source("KCNA"))
        change = make_request(claim, requested_by=reporter)
        with pytest.raises(WorkflowError) as refused:
            workflow.approve(change, editor)
        assert str(refused.value) == f"“Kim left Pyongyang.” rests on 1 origin (KCNA): {NEEDS}"
        assert status_of(claim) == UNCONFIRMED
        assert StatusChange.objects.get(pk=change.pk).state == StatusChange.State.PENDING

    def test_one_origin_with_the_editors_primary_record_note(self, reporter, editor):
        claim = citing(make_source("KCNA"))
        change = make_request(claim, requested_by=reporter)
        workflow.approve(change, editor, primary_record="  KCNA’s own report  ")
        change.refresh_from_db()
        assert (change.state, change.primary_record) == ("approved", "KCNA’s own report")
        claim = Claim.objects.get(pk=claim.pk)
        assert (claim.status, claim.primary_record) == (VERIFIED, "KCNA’s own report")

    def test_two_independent_origins_need_no_note(self, reporter, editor):
        claim = citing(make_source("KCNA"), make_source("NIS"))
        workflow.approve(make_request(claim, requested_by=reporter), editor)
        claim = Claim.objects.get(pk=claim.pk)
        assert (claim.status, claim.primary_record) == (VERIFIED, "")

    def test_two_origins_affiliated_with_each_other_are_one(self, reporter, editor):
        kremlin = make_source("Kremlin")
        ushakov = make_source("Yuri Ushakov")
        registry.edit(ushakov, reporter, seen=1, affiliation=kremlin)
        claim = citing(kremlin, ushakov)
        with pytest.raises(WorkflowError) as refused:
            workflow.approve(make_request(claim, requested_by=reporter), editor)
        assert str(refused.value) == (
            f"“Kim left Pyongyang.” rests on 2 origins, not independent (Kremlin, Yuri Ushakov): "
            f"{NEEDS}"
        )

    def test_two_reports_relaying_one_origin_are_one_source(self, reporter, editor):
        kcna = make_source("KCNA")
        claim = citing()
        make_citation(claim, kcna, via=make_source("Yonhap"))
        make_citation(claim, kcna, via=make_source("Reuters"))
        with pytest.raises(WorkflowError, match="rests on 1 origin"):
            workflow.approve(make_request(claim, requested_by=reporter), editor)

    def test_a_claim_with_no_named_source_cannot_be_verified(self, reporter, editor):
        claim = citing()
        Claim.objects.filter(pk=claim.pk).update(no_named_source=True)
        change = make_request(claim, requested_by=reporter)
        with pytest.raises(WorkflowError) as refused:
            workflow.approve(change, editor, primary_record="The story says so.")
        assert str(refused.value) == (
            "“Kim left Pyongyang.” names no origin, so it cannot be verified."
        )

    def test_the_note_belongs_to_an_approval_to_verified_only(self, reporter, editor):
        claim = give_assessment(citing(make_source(kind=Source.Kind.INTELLIGENCE_SERVICE)))
        change = make_request(claim, requested_by=reporter, to_status=ESTIMATE)
        workflow.approve(change, editor, primary_record="Ignored.")
        assert StatusChange.objects.get(pk=change.pk).primary_record == ""

    def test_the_database_holds_that_rule_too(self, reporter):
        change = make_request(citing(make_source()), requested_by=reporter)
        with pytest.raises(IntegrityError), transaction.atomic():
            StatusChange.objects.filter(pk=change.pk).update(primary_record="A record.")

    def test_the_primary_record_is_the_latest_approvals(self, reporter, editor):
        claim = citing(make_source("KCNA"))
        make_approved_change(claim, VERIFIED, primary_record="KCNA’s own report")
        make_approved_change(claim, UNCONFIRMED)
        assert Claim.objects.get(pk=claim.pk).primary_record == ""
        make_citation(claim, make_source("NIS"))
        make_approved_change(claim, VERIFIED, primary_record="")
        assert Claim.objects.get(pk=claim.pk).primary_record == ""


class TestEstimate:
    def test_approving_an_estimate_without_its_assessment_is_refused(self, reporter, editor):
        claim = citing(make_source("NIS", kind=Source.Kind.INTELLIGENCE_SERVICE))
        change = make_request(claim, requested_by=reporter, to_status=ESTIMATE)
        with pytest.raises(WorkflowError) as refused:
            workflow.approve(change, editor)
        assert str(refused.value) == (
            "“Kim left Pyongyang.” is an intelligence estimate without its assessment: record "
            "which intelligence service among its origins made it, with what confidence and "
            "when."
        )
        assert status_of(claim) == UNCONFIRMED

    def test_with_its_assessment_it_is_approved(self, reporter, editor):
        claim = give_assessment(
            citing(make_source("NIS", kind=Source.Kind.INTELLIGENCE_SERVICE)),
            confidence=Claim.Confidence.MODERATE,
        )
        workflow.approve(make_request(claim, requested_by=reporter, to_status=ESTIMATE), editor)
        assert status_of(claim) == ESTIMATE

    def test_the_assessing_body_must_be_among_its_origins(self, reporter):
        claim = citing(make_source("NIS", kind=Source.Kind.INTELLIGENCE_SERVICE))
        elsewhere = make_source("CIA", kind=Source.Kind.INTELLIGENCE_SERVICE)
        content = {
            **content_of(claim),
            "assessment": assessment_entry(elsewhere, "high", datetime.date(2025, 9, 1)),
        }
        assert rules.standing_problems(claim, status=ESTIMATE, content=content) == [
            "“Kim left Pyongyang.”: its assessment is by CIA, which it does not cite as an origin."
        ]

    def test_the_assessing_body_must_be_an_intelligence_service(self):
        seoul = make_source("Seoul", kind=Source.Kind.GOVERNMENT)
        claim = citing(seoul)
        content = {
            **content_of(claim),
            "assessment": assessment_entry(seoul, "low", datetime.date(2025, 9, 1)),
        }
        assert rules.standing_problems(claim, status=ESTIMATE, content=content) == [
            "“Kim left Pyongyang.”: its assessment is by Seoul, which is not an intelligence "
            "service."
        ]

    def test_the_database_holds_an_assessment_whole(self):
        claim = citing(make_source())
        with pytest.raises(IntegrityError), transaction.atomic():
            Claim.objects.filter(pk=claim.pk).update(assessment_confidence="high")


class TestAnApprovedEditMustLeaveTheStatusBacked:
    def test_dropping_a_verified_claims_second_origin_is_refused(self, reporter, second_editor):
        kcna, nis = make_source("KCNA"), make_source("NIS")
        claim = citing(kcna, nis)
        make_approved_change(claim, VERIFIED)  # on two independent origins, no note
        content = content_of(claim)
        content["citations"] = content["citations"][:1]
        proposal = editing.edit(claim, reporter, content, seen=claim.revision)
        assert proposal.state == ClaimRevision.State.PENDING
        with pytest.raises(WorkflowError) as refused:
            editing.approve(proposal, second_editor, seen=Claim.objects.get(pk=claim.pk).revision)
        assert str(refused.value) == (
            "The claim would no longer be one the desk can stand by: “Kim left Pyongyang.” "
            f"rests on 1 origin (KCNA): {NEEDS}"
        )
        assert claim.citations.count() == 2

    def test_a_verified_claim_on_its_primary_record_may_change_its_words(
        self, reporter, second_editor
    ):
        claim = citing(make_source("KCNA"))
        make_approved_change(claim, VERIFIED, primary_record="KCNA’s own report")
        content = {**content_of(claim), "statement": "Kim left Pyongyang by train."}
        proposal = editing.edit(claim, reporter, content, seen=claim.revision)
        editing.approve(proposal, second_editor, seen=Claim.objects.get(pk=claim.pk).revision)
        claim = Claim.objects.get(pk=claim.pk)
        assert (claim.statement, claim.primary_record) == (
            "Kim left Pyongyang by train.",
            "KCNA’s own report",
        )

    def test_removing_an_estimates_assessment_is_refused(self, reporter, second_editor):
        claim = citing(make_source("NIS", kind=Source.Kind.INTELLIGENCE_SERVICE))
        make_approved_change(claim, ESTIMATE)
        proposal = editing.edit(
            claim, reporter, {**content_of(claim), "assessment": None}, seen=claim.revision
        )
        with pytest.raises(WorkflowError, match="an intelligence estimate without its assessment"):
            editing.approve(proposal, second_editor, seen=Claim.objects.get(pk=claim.pk).revision)


class TestTheGate:
    def test_it_lists_a_verified_claim_the_rules_no_longer_back(self, editor):
        """Verified before rule 12 (data a migration left as it was): listed, not changed."""
        article = make_article(status=Article.Status.IN_REVIEW)
        claim = citing(
            make_source("Organizers"), statement="26 leaders will come.", article=article
        )
        Claim.objects.filter(pk=claim.pk).update(status=VERIFIED)
        (problem,) = publication_problems(article)
        assert problem.message == f"“26 leaders will come.” rests on 1 origin (Organizers): {NEEDS}"
        assert problem.claim == claim

    def test_a_claim_recorded_with_no_named_source_may_go_out_unconfirmed(self):
        article = make_article()
        claim = citing(article=article)
        assert [p.message for p in publication_problems(article)] == [
            "“Kim left Pyongyang.” cites no source."
        ]
        Claim.objects.filter(pk=claim.pk).update(no_named_source=True)
        assert publication_problems(article) == []

    def test_no_named_source_and_a_citation_contradict_each_other(self):
        article = make_article()
        claim = citing(make_source("TASS"), article=article)
        Claim.objects.filter(pk=claim.pk).update(no_named_source=True)
        assert [p.message for p in publication_problems(article)] == [
            "“Kim left Pyongyang.” is recorded as having no named source, yet cites TASS: "
            "remove its citations, or untick “No named source”."
        ]


def test_re_check_moments_due_are_those_of_published_stories_only():
    now = timezone.now()
    published = make_article(status=Article.Status.PUBLISHED)
    draft = make_article()
    due = citing(article=published, statement="Due.")
    later = citing(article=published, statement="Later.")
    citing(article=draft, statement="Draft.")
    Claim.objects.filter(pk=due.pk).update(recheck_by=now - datetime.timedelta(hours=1))
    Claim.objects.filter(pk=later.pk).update(recheck_by=now + datetime.timedelta(hours=1))
    Claim.objects.filter(article=draft).update(recheck_by=now - datetime.timedelta(hours=1))
    assert list(Claim.objects.due_for_recheck(now)) == [due]
