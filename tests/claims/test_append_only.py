"""A decided StatusChange is history: no path may rewrite or delete it.

The model layer refuses on every database; on PostgreSQL a trigger refuses too, so even
raw SQL and QuerySet.update() cannot rewrite the audit trail.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from claims import workflow
from claims.models import StatusChange
from tests.factories import make_request, make_well_sourced_claim
from tests.helpers import postgresql_only

pytestmark = pytest.mark.django_db

AUDIT_TRAIL = "A decided status change is part of the audit trail."


@pytest.fixture
def approved(reporter, editor):
    change = make_request(
        make_well_sourced_claim(), requested_by=reporter, rationale="Two sources agree."
    )
    return workflow.approve(change, editor, "Checked.")


def stored(change):
    return StatusChange.objects.values(
        "state", "rationale", "decision_note", "decided_by", "decided_at"
    ).get(pk=change.pk)


class TestModelLayer:
    def test_saving_a_decided_change_is_refused(self, approved):
        before = stored(approved)
        approved.decision_note = "Rewritten."
        with pytest.raises(ValidationError, match=AUDIT_TRAIL):
            approved.save()
        assert stored(approved) == before

    def test_deleting_a_decided_change_is_refused(self, approved):
        with pytest.raises(ValidationError, match=AUDIT_TRAIL):
            approved.delete()
        assert StatusChange.objects.filter(pk=approved.pk).exists()

    def test_a_copy_loaded_before_the_decision_cannot_overwrite_it(self, reporter, editor):
        change = make_request(make_well_sourced_claim(), requested_by=reporter)
        stale = StatusChange.objects.get(pk=change.pk)
        workflow.approve(change, editor)
        before = stored(change)

        stale.state = StatusChange.State.REJECTED
        with pytest.raises(ValidationError, match=AUDIT_TRAIL):
            stale.save()
        with pytest.raises(ValidationError, match=AUDIT_TRAIL):
            stale.delete()
        assert stored(change) == before

    def test_a_refreshed_copy_cannot_be_saved_either(self, reporter, editor):
        change = make_request(make_well_sourced_claim(), requested_by=reporter)
        copy = StatusChange.objects.get(pk=change.pk)
        workflow.reject(change, editor, "Not yet.")
        copy.refresh_from_db()
        copy.decision_note = "Approved after all."
        with pytest.raises(ValidationError, match=AUDIT_TRAIL):
            copy.save()
        assert stored(change)["decision_note"] == "Not yet."

    def test_queryset_update_and_delete_of_decided_rows_are_refused(self, approved):
        before = stored(approved)
        with pytest.raises(ValidationError, match=AUDIT_TRAIL):
            StatusChange.objects.filter(pk=approved.pk).update(decision_note="Rewritten.")
        with pytest.raises(ValidationError, match=AUDIT_TRAIL):
            StatusChange.objects.filter(pk=approved.pk).delete()
        with pytest.raises(ValidationError, match=AUDIT_TRAIL):
            approved.claim.status_changes.all().delete()
        assert stored(approved) == before

    def test_a_pending_request_can_still_be_edited_decided_or_deleted(self, reporter, editor):
        change = make_request(make_well_sourced_claim(), requested_by=reporter)
        change.rationale = "Three sources agree."
        change.save()
        assert stored(change)["rationale"] == "Three sources agree."

        StatusChange.objects.filter(pk=change.pk).update(rationale="Four sources agree.")
        assert stored(change)["rationale"] == "Four sources agree."

        other = make_request(make_well_sourced_claim(), requested_by=reporter)
        other.delete()
        assert not StatusChange.objects.filter(pk=other.pk).exists()

        workflow.approve(change, editor)
        assert stored(change)["state"] == StatusChange.State.APPROVED

    def test_a_decided_row_can_be_appended(self, reporter, editor):
        """Append-only means new history may be written, even already decided (imports)."""
        claim = make_well_sourced_claim()
        make_request(
            claim,
            requested_by=reporter,
            state=StatusChange.State.REJECTED,
            decided_by=editor,
            decided_at=claim.created_at,
        )
        assert claim.status_changes.decided().count() == 1


@postgresql_only
class TestDatabaseTrigger:
    """What the trigger refuses, with the model layer out of the way."""

    def test_raw_sql_update_of_a_decided_change_is_refused(self, approved):
        before = stored(approved)
        with (
            pytest.raises(IntegrityError, match="part of the audit trail and cannot be updated"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(
                "UPDATE claims_statuschange SET state = 'rejected', decision_note = %s "
                "WHERE id = %s",
                ["Rewritten.", approved.pk],
            )
        assert stored(approved) == before

    def test_raw_sql_delete_of_a_decided_change_is_refused(self, approved):
        with (
            pytest.raises(IntegrityError, match="part of the audit trail and cannot be deleted"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("DELETE FROM claims_statuschange WHERE id = %s", [approved.pk])
        assert StatusChange.objects.filter(pk=approved.pk).exists()

    def test_orm_update_that_skips_the_model_layer_is_refused(self, approved):
        before = stored(approved)
        # The plain base manager has none of the model layer's checks: only the trigger.
        with pytest.raises(IntegrityError), transaction.atomic():
            StatusChange._base_manager.filter(pk=approved.pk).update(decision_note="Rewritten.")
        with pytest.raises(IntegrityError), transaction.atomic():
            StatusChange._base_manager.filter(pk=approved.pk).delete()
        assert stored(approved) == before

    def test_every_kind_of_decision_is_protected(self, reporter, editor):
        rejected = workflow.reject(
            make_request(make_well_sourced_claim(), requested_by=reporter), editor
        )
        withdrawn = workflow.withdraw(
            make_request(make_well_sourced_claim(), requested_by=reporter), reporter
        )
        for change in (rejected, withdrawn):
            with pytest.raises(IntegrityError), transaction.atomic():
                StatusChange._base_manager.filter(pk=change.pk).update(rationale="Rewritten.")

    def test_raw_sql_may_still_decide_a_pending_request(self, reporter, editor):
        change = make_request(make_well_sourced_claim(), requested_by=reporter)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE claims_statuschange SET state = 'rejected', decided_at = now(), "
                "decided_by_id = %s WHERE id = %s",
                [editor.pk, change.pk],
            )
        assert stored(change)["state"] == StatusChange.State.REJECTED
