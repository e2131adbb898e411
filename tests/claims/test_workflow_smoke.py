import pytest

from claims import workflow
from claims.models import Claim
from tests.factories import make_claim

pytestmark = pytest.mark.django_db


def test_editor_approves_a_reporters_request(reporter, editor):
    claim = make_claim()
    change = workflow.request_status_change(claim, reporter, Claim.Status.VERIFIED, "Two sources.")
    workflow.approve(change, editor, "Agreed.")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.VERIFIED
