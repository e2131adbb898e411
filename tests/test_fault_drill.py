"""The fault drill (bench/faults.py) reads the desk as an editor's browser does and judges the
audit trail afterwards: held here, so that a change to the desk's pages cannot leave the
drill deciding nothing, or its checks passing on anything."""

import pytest

from bench.drill import classify, offered_statuses, queue_rows, trail_holds
from bench.story import generate
from claims import rules
from claims.models import Claim
from tests.factories import make_approved_change, make_claim, make_request
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db


def test_it_reads_each_waiting_request_with_the_revision_its_form_carries(client, editor):
    first, second = make_claim(), make_claim()
    make_approved_change(second, Claim.Status.VERIFIED)  # a revision count above 0
    second.refresh_from_db()
    requests = [make_request(first), make_request(second, to_status=Claim.Status.UNCONFIRMED)]
    client.force_login(editor)
    page = client.get("/desk/reviews/").text
    assert sorted(queue_rows(page)) == sorted(
        (change.pk, change.claim.revision) for change in requests
    )


def test_it_reads_the_statuses_a_request_form_offers(client, reporter):
    claim = make_claim(created_by=reporter)
    client.force_login(reporter)
    form = client.get(f"/desk/claims/{claim.pk}/request/", headers=HTMX).text
    assert offered_statuses(form) == ["verified", "intelligence_estimate"]


def test_a_claims_status_is_checked_against_its_approved_changes():
    claim = make_claim()
    make_approved_change(claim, Claim.Status.VERIFIED)
    make_approved_change(claim, Claim.Status.UNCONFIRMED)
    claim.refresh_from_db()
    assert trail_holds(claim)
    # A status written past the workflow, with no approved change to explain it.
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.VERIFIED)
    claim.refresh_from_db()
    assert not trail_holds(claim)


def test_the_drills_story_is_made_under_the_desks_rules():
    # Two citations a claim, as the drill makes it: a claim verified on origins that are not
    # independent carries the editor's primary-record note, or the workflow refuses it.
    article = generate(n_claims=12, citations_per_claim=2)
    assert article.is_published
    claims = list(article.claims.all())
    assert {claim.status for claim in claims} >= {"verified", "intelligence_estimate"}
    assert [problem for claim in claims for problem in rules.standing_problems(claim)] == []


def test_answers_are_told_apart():
    def answer(status, **fields):
        return {"status": status, "stale": False, "ours": False, "t": 100.0, **fields}

    assert classify(answer(200), None) == "ok"
    assert classify(answer(200, stale=True), None) == "stale"
    assert classify(answer(409), None) == "409"
    assert classify(answer(503, ours=True), None) == "503"
    assert classify(answer(503), None) == "error"  # not our page: a proxy's, say
    assert classify(answer(0), killed_at=100.5) == "killed"
    assert classify(answer(0), killed_at=90.0) == "error"
    assert classify(answer(500), None) == "error"
