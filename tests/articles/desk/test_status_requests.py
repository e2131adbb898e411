"""Requesting a status change from a claim's card, withdrawing it, and the history."""

import pytest
from django.urls import reverse

from claims import workflow
from claims.models import Claim, StatusChange
from tests.factories import (
    make_approved_change,
    make_claim,
    make_request,
    make_user,
    make_well_sourced_claim,
)
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db


def request_url(claim):
    return reverse("desk:request_change", args=[claim.pk])


def withdraw(client, change, **extra):
    return client.post(
        reverse("desk:withdraw_request", args=[change.claim_id]), {"change": change.pk}, **extra
    )


def test_anonymous_is_sent_to_sign_in(client):
    claim = make_claim()
    response = client.post(request_url(claim), {"to_status": "verified", "rationale": "x"})
    assert response["Location"].startswith(reverse("login"))
    assert not StatusChange.objects.exists()


def test_someone_without_a_desk_role_is_refused(client):
    claim = make_claim()
    client.force_login(make_user())
    response = client.post(request_url(claim), {"to_status": "verified", "rationale": "x"})
    assert response.status_code == 403
    assert client.get(reverse("desk:history", args=[claim.pk])).status_code == 403


def test_form_offers_only_other_statuses(client, reporter):
    claim = make_claim()
    client.force_login(reporter)
    html = client.get(request_url(claim), headers=HTMX).content.decode()
    assert 'value="verified"' in html
    assert 'value="intelligence_estimate"' in html
    assert 'value="unconfirmed"' not in html


def test_reporter_requests_verified(client, reporter):
    claim = make_claim()
    client.force_login(reporter)
    response = client.post(
        request_url(claim), {"to_status": "verified", "rationale": "KCNA and NIS agree."}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#claim-{claim.pk}")
    change = StatusChange.objects.get()
    assert (change.from_status, change.to_status) == ("unconfirmed", "verified")
    assert change.requested_by == reporter
    assert change.state == StatusChange.State.PENDING
    claim.refresh_from_db()
    assert claim.status == Claim.Status.UNCONFIRMED  # only an editor's approval changes it


def test_with_htmx_the_card_shows_the_pending_request(client, reporter):
    claim = make_claim()
    client.force_login(reporter)
    response = client.post(
        request_url(claim), {"to_status": "verified", "rationale": "Two sources."}, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Requested: Unconfirmed → Verified. An editor will review it." in html
    assert "Withdraw request" in html


def test_missing_rationale_is_refused_next_to_the_field(client, reporter):
    claim = make_claim()
    client.force_login(reporter)
    response = client.post(
        request_url(claim), {"to_status": "intelligence_estimate", "rationale": "  "}, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Say why the status should change: a rationale is required." in html
    assert 'value="intelligence_estimate" selected' in html
    assert not StatusChange.objects.exists()


def test_a_second_pending_request_is_refused_with_the_workflows_reason(client, reporter, editor):
    claim = make_claim()
    make_request(claim, requested_by=editor)
    client.force_login(reporter)
    response = client.post(
        request_url(claim), {"to_status": "verified", "rationale": "I checked it too."}
    )
    html = response.content.decode()
    assert response.status_code == 409  # the claim changed since the form was opened
    assert "already has a pending request by editor" in html
    assert "I checked it too." in html
    assert StatusChange.objects.count() == 1


def test_a_status_the_claim_took_meanwhile_is_a_conflict_not_a_bad_field(client, reporter):
    claim = make_claim()
    make_approved_change(claim, Claim.Status.VERIFIED)
    client.force_login(reporter)
    response = client.post(
        request_url(claim), {"to_status": "verified", "rationale": "Two sources agree."}
    )
    assert response.status_code == 409
    assert "The claim is already verified." in response.content.decode()


def test_requester_withdraws_their_pending_request(client, reporter):
    claim = make_claim()
    change = make_request(claim, requested_by=reporter)
    client.force_login(reporter)
    response = withdraw(client, change, headers=HTMX)
    assert response.status_code == 200
    assert "Your request was withdrawn." in response.content.decode()
    assert "Request status change" in response.content.decode()
    change.refresh_from_db()
    assert change.state == StatusChange.State.WITHDRAWN
    assert change.decided_by == reporter


def test_only_the_requester_may_withdraw(client, reporter, editor):
    change = make_request(make_claim(), requested_by=editor)
    client.force_login(reporter)
    assert withdraw(client, change).status_code == 403
    change.refresh_from_db()
    assert change.state == StatusChange.State.PENDING


def test_withdrawing_a_decided_request_says_who_decided_it(client, reporter, second_editor):
    claim = make_well_sourced_claim()
    change = make_request(claim, requested_by=reporter)
    workflow.approve(change, second_editor)
    client.force_login(reporter)
    response = withdraw(client, change, headers=HTMX)
    assert response.status_code == 409
    assert "This request was already approved by editor2" in response.content.decode()

    response = withdraw(client, change, follow=True)
    assert "This request was already approved by editor2" in response.content.decode()


def test_history_lists_every_change_with_who_decided(client, reporter, editor, second_editor):
    claim = make_claim()
    make_approved_change(claim, Claim.Status.VERIFIED, requested_by=reporter, decided_by=editor)
    rejected = workflow.request_status_change(
        claim, reporter, Claim.Status.INTELLIGENCE_ESTIMATE, "The NIS said so."
    )
    workflow.reject(rejected, second_editor, "KCNA confirmed it, it is not an estimate.")
    withdrawn = workflow.request_status_change(claim, reporter, "unconfirmed", "Doubts.")
    workflow.withdraw(withdrawn, reporter)
    make_request(claim, requested_by=reporter, rationale="One more look.", to_status="unconfirmed")
    client.force_login(reporter)

    response = client.get(reverse("desk:history", args=[claim.pk]), headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="history__item') == 4
    assert "<strong>Approved</strong> by editor " in html
    assert "<strong>Rejected</strong> by editor2" in html
    assert "KCNA confirmed it, it is not an estimate." in html
    assert "<strong>Withdrawn</strong> by reporter" in html
    assert "<strong>Pending</strong>" in html
    assert "The NIS said so." in html
    assert html.index("Checked against the record.") < html.index("One more look.")


def test_history_without_js_is_a_page(client, reporter):
    claim = make_claim()
    client.force_login(reporter)
    response = client.get(reverse("desk:history", args=[claim.pk]))
    assert "<html" in response.content.decode()
    assert "Nothing has happened to this claim yet." in response.content.decode()


@pytest.mark.parametrize("value", ["", "abc", "١٢", "99999999999999999999999"])
def test_withdrawing_a_request_that_is_not_there_is_not_found(client, reporter, value):
    claim = make_claim()
    change = make_request(claim, requested_by=reporter)
    client.force_login(reporter)
    response = client.post(reverse("desk:withdraw_request", args=[claim.pk]), {"change": value})
    assert response.status_code == 404
    change.refresh_from_db()
    assert change.state == StatusChange.State.PENDING
