"""The workflow service (DESIGN.md rules 1–3): request, approve, reject, withdraw.

Each refusal is checked with the words a person reads, and that it changed nothing.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format

from claims import workflow
from claims.models import Claim, StatusChange
from claims.workflow import WorkflowError
from tests.factories import make_editor, make_request, make_user, make_well_sourced_claim

pytestmark = pytest.mark.django_db

VERIFIED = Claim.Status.VERIFIED
UNCONFIRMED = Claim.Status.UNCONFIRMED
ESTIMATE = Claim.Status.INTELLIGENCE_ESTIMATE


def decided_words(change):
    """How a person reads the time of a decision: "at 10:42 on 1 Sep"."""
    when = timezone.localtime(change.decided_at)
    return f"at {date_format(when, 'H:i')} on {date_format(when, 'j M')}"


def status_of(claim):
    return Claim.objects.values_list("status", flat=True).get(pk=claim.pk)


class TestRequest:
    def test_a_reporter_asks_and_the_request_waits_for_an_editor(self, reporter):
        claim = make_well_sourced_claim()
        before = timezone.now()
        change = workflow.request_status_change(claim, reporter, VERIFIED, " Two sources. ")

        change.refresh_from_db()
        assert change.state == StatusChange.State.PENDING
        assert (change.from_status, change.to_status) == (UNCONFIRMED, VERIFIED)
        assert change.rationale == "Two sources."
        assert change.requested_by == reporter
        assert change.requested_at >= before
        assert (change.decided_by, change.decided_at) == (None, None)
        assert status_of(claim) == UNCONFIRMED

    @pytest.mark.parametrize("rationale", ["", "   \n ", None])
    def test_a_rationale_is_required(self, reporter, rationale):
        claim = make_well_sourced_claim()
        with pytest.raises(WorkflowError) as refused:
            workflow.request_status_change(claim, reporter, VERIFIED, rationale)
        assert str(refused.value) == "Say why the status should change: a rationale is required."
        assert not claim.status_changes.exists()

    def test_asking_for_the_status_the_claim_has_is_refused(self, reporter):
        claim = make_well_sourced_claim()
        with pytest.raises(WorkflowError) as refused:
            workflow.request_status_change(claim, reporter, UNCONFIRMED, "Still unsure.")
        assert str(refused.value) == "The claim is already unconfirmed."
        assert not claim.status_changes.exists()

    def test_an_unknown_status_is_refused_in_words(self, reporter):
        claim = make_well_sourced_claim()
        with pytest.raises(WorkflowError) as refused:
            workflow.request_status_change(claim, reporter, "proven", "Sure of it.")
        assert str(refused.value) == (
            "“proven” is not a claim status: a claim is verified, unconfirmed or an intelligence "
            "estimate."
        )
        assert not claim.status_changes.exists()

    def test_one_pending_request_per_claim(self, reporter):
        claim = make_well_sourced_claim()
        workflow.request_status_change(claim, reporter, ESTIMATE, "The NIS says so.")
        with pytest.raises(WorkflowError) as refused:
            workflow.request_status_change(claim, make_editor(), VERIFIED, "Two sources.")
        assert str(refused.value) == (
            "This claim already has a pending request by reporter (to make it an intelligence "
            "estimate); "
            "it must be decided or withdrawn first."
        )
        assert claim.status_changes.count() == 1

    def test_a_decided_request_makes_room_for_the_next(self, reporter, editor):
        claim = make_well_sourced_claim()
        first = workflow.request_status_change(claim, reporter, VERIFIED, "One source.")
        workflow.reject(first, editor, "One source is not enough.")
        second = workflow.request_status_change(claim, reporter, ESTIMATE, "The NIS says so.")
        assert second.state == StatusChange.State.PENDING

    def test_without_the_permission_nobody_may_ask(self):
        claim = make_well_sourced_claim()
        with pytest.raises(PermissionDenied, match="permission to request a status change"):
            workflow.request_status_change(claim, make_user(), VERIFIED, "Two sources.")
        assert not claim.status_changes.exists()


class TestApprove:
    def test_an_editor_approves_and_the_claim_takes_the_new_status(self, reporter, editor):
        claim = make_well_sourced_claim()
        change = workflow.request_status_change(claim, reporter, VERIFIED, "Two sources.")
        before = timezone.now()
        workflow.approve(change, editor, "  Agreed.  ")

        change.refresh_from_db()
        assert status_of(claim) == VERIFIED
        assert change.state == StatusChange.State.APPROVED
        assert change.decided_by == editor
        assert change.decided_at >= before
        assert change.decision_note == "Agreed."

    def test_the_note_is_optional(self, reporter, editor):
        change = make_request(make_well_sourced_claim(), requested_by=reporter)
        assert workflow.approve(change, editor).decision_note == ""

    def test_a_reporter_cannot_approve(self, reporter):
        change = make_request(make_well_sourced_claim(), requested_by=make_editor())
        with pytest.raises(PermissionDenied, match="permission to decide status changes"):
            workflow.approve(change, reporter)
        change.refresh_from_db()
        assert change.state == StatusChange.State.PENDING
        assert status_of(change.claim) == UNCONFIRMED

    def test_nobody_approves_their_own_request(self, editor, second_editor):
        claim = make_well_sourced_claim()
        change = workflow.request_status_change(claim, editor, VERIFIED, "Two sources.")
        with pytest.raises(WorkflowError) as refused:
            workflow.approve(change, editor)
        assert str(refused.value) == (
            "You made this request, so another editor must decide it (four-eyes rule)."
        )
        assert status_of(claim) == UNCONFIRMED
        assert StatusChange.objects.get(pk=change.pk).state == StatusChange.State.PENDING

        workflow.approve(change, second_editor)
        assert status_of(claim) == VERIFIED

    def test_an_approved_request_cannot_be_approved_again(self, reporter, editor, second_editor):
        change = make_request(make_well_sourced_claim(), requested_by=reporter)
        stale = StatusChange.objects.get(pk=change.pk)
        decided = workflow.approve(change, second_editor)

        with pytest.raises(WorkflowError) as refused:
            workflow.approve(stale, editor)
        assert str(refused.value) == (
            f"This request was already approved by editor2 {decided_words(decided)}."
        )
        assert StatusChange.objects.get(pk=change.pk).decided_by == second_editor

    def test_a_rejected_request_cannot_be_approved(self, reporter, editor, second_editor):
        claim = make_well_sourced_claim()
        change = make_request(claim, requested_by=reporter)
        decided = workflow.reject(change, second_editor, "Not yet.")
        with pytest.raises(WorkflowError) as refused:
            workflow.approve(change, editor)
        assert str(refused.value) == (
            f"This request was already rejected by editor2 {decided_words(decided)}."
        )
        assert status_of(claim) == UNCONFIRMED

    def test_a_withdrawn_request_cannot_be_approved(self, reporter, editor):
        claim = make_well_sourced_claim()
        change = make_request(claim, requested_by=reporter)
        decided = workflow.withdraw(change, reporter)
        with pytest.raises(WorkflowError) as refused:
            workflow.approve(change, editor)
        assert str(refused.value) == (
            f"This request was already withdrawn by reporter {decided_words(decided)}."
        )
        assert status_of(claim) == UNCONFIRMED

    def test_a_request_about_a_status_the_claim_no_longer_has_is_refused(self, reporter, editor):
        claim = make_well_sourced_claim()
        # A request written when the claim was an estimate (an import, or a lost race).
        change = StatusChange.objects.create(
            claim=claim,
            from_status=ESTIMATE,
            to_status=VERIFIED,
            rationale="Two sources.",
            requested_by=reporter,
            requested_at=timezone.now(),
        )
        with pytest.raises(WorkflowError) as refused:
            workflow.approve(change, editor)
        assert str(refused.value) == (
            "The claim changed since this request: it is now unconfirmed, not an intelligence "
            "estimate."
        )
        assert status_of(claim) == UNCONFIRMED
        assert StatusChange.objects.get(pk=change.pk).state == StatusChange.State.PENDING
        # It can still be turned down, which clears the way for a fresh request.
        workflow.reject(change, editor, "Out of date.")
        assert claim.status_changes.pending().count() == 0

    def test_every_status_a_claim_had_is_explained_by_an_approved_change(self, reporter, editor):
        claim = make_well_sourced_claim()
        for to_status in (ESTIMATE, VERIFIED, UNCONFIRMED, VERIFIED):
            change = workflow.request_status_change(claim, reporter, to_status, "New facts.")
            workflow.approve(change, editor)
        refused = workflow.request_status_change(claim, reporter, ESTIMATE, "Hm.")
        workflow.reject(refused, editor)

        history = list(claim.status_changes.approved().values_list("from_status", "to_status"))
        assert history == [
            (UNCONFIRMED, ESTIMATE),
            (ESTIMATE, VERIFIED),
            (VERIFIED, UNCONFIRMED),
            (UNCONFIRMED, VERIFIED),
        ]
        assert status_of(claim) == history[-1][1]


class TestReject:
    def test_an_editor_rejects_and_the_claim_keeps_its_status(self, reporter, editor):
        claim = make_well_sourced_claim()
        change = workflow.request_status_change(claim, reporter, VERIFIED, "One source.")
        workflow.reject(change, editor, " One source is not enough. ")

        change.refresh_from_db()
        assert status_of(claim) == UNCONFIRMED
        assert change.state == StatusChange.State.REJECTED
        assert change.decided_by == editor
        assert change.decided_at is not None
        assert change.decision_note == "One source is not enough."

    def test_a_reporter_cannot_reject(self, reporter):
        change = make_request(make_well_sourced_claim(), requested_by=make_editor())
        with pytest.raises(PermissionDenied, match="permission to decide status changes"):
            workflow.reject(change, reporter)
        assert StatusChange.objects.get(pk=change.pk).state == StatusChange.State.PENDING

    def test_nobody_rejects_their_own_request(self, editor):
        change = make_request(make_well_sourced_claim(), requested_by=editor)
        with pytest.raises(WorkflowError, match="four-eyes rule"):
            workflow.reject(change, editor)
        assert StatusChange.objects.get(pk=change.pk).state == StatusChange.State.PENDING

    def test_an_approved_request_cannot_be_rejected(self, reporter, editor, second_editor):
        claim = make_well_sourced_claim()
        change = make_request(claim, requested_by=reporter)
        decided = workflow.approve(change, editor)
        with pytest.raises(WorkflowError) as refused:
            workflow.reject(change, second_editor)
        assert str(refused.value) == (
            f"This request was already approved by editor {decided_words(decided)}."
        )
        assert status_of(claim) == VERIFIED


class TestWithdraw:
    def test_the_requester_takes_a_request_back(self, reporter):
        claim = make_well_sourced_claim()
        change = workflow.request_status_change(claim, reporter, VERIFIED, "Two sources.")
        workflow.withdraw(change, reporter)

        change.refresh_from_db()
        assert change.state == StatusChange.State.WITHDRAWN
        assert change.decided_by == reporter
        assert change.decided_at is not None
        assert status_of(claim) == UNCONFIRMED
        # Nothing waits any more, so the claim can be asked about again.
        workflow.request_status_change(claim, reporter, ESTIMATE, "The NIS says so.")

    def test_nobody_else_may_withdraw_it_not_even_an_editor(self, reporter, editor):
        change = make_request(make_well_sourced_claim(), requested_by=reporter)
        with pytest.raises(PermissionDenied) as refused:
            workflow.withdraw(change, editor)
        assert str(refused.value) == "Only the person who made a request can withdraw it."
        assert StatusChange.objects.get(pk=change.pk).state == StatusChange.State.PENDING

    def test_a_decided_request_cannot_be_withdrawn(self, reporter, editor):
        claim = make_well_sourced_claim()
        change = make_request(claim, requested_by=reporter)
        decided = workflow.approve(change, editor)
        with pytest.raises(WorkflowError) as refused:
            workflow.withdraw(change, reporter)
        assert str(refused.value) == (
            f"This request was already approved by editor {decided_words(decided)}."
        )
        assert StatusChange.objects.get(pk=change.pk).state == StatusChange.State.APPROVED
        assert status_of(claim) == VERIFIED


def test_a_decision_is_described_in_local_time(settings, reporter, editor):
    settings.TIME_ZONE = "Asia/Seoul"
    change = make_request(make_well_sourced_claim(), requested_by=reporter)
    decided = workflow.approve(change, editor)
    seoul = decided.decided_at.astimezone(timezone.get_current_timezone())
    assert workflow.describe_decision(decided) == (
        f"approved by editor at {seoul:%H:%M} on {seoul.day} {seoul:%b}"
    )
