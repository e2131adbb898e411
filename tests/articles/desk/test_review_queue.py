"""The review queue: pending requests oldest first, decided in place by another editor."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims import workflow
from claims.models import Claim, StatusChange
from tests.factories import (
    make_article,
    make_citation,
    make_claim,
    make_request,
    make_source,
    make_user,
    make_well_sourced_claim,
)
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db

QUEUE = reverse("desk:review_queue")


def seen(change):
    """The claim's revision count, as the queue's row carries it to a decision."""
    return Claim.objects.get(pk=change.claim_id).revision


def approve(client, change, note="", **extra):
    data = {"note": note, "revision": seen(change)}
    return client.post(reverse("desk:approve", args=[change.pk]), data, **extra)


def reject(client, change, note="", **extra):
    data = {"note": note, "revision": seen(change)}
    return client.post(reverse("desk:reject", args=[change.pk]), data, **extra)


class TestAccess:
    def test_anonymous_is_sent_to_sign_in(self, client):
        change = make_request(make_claim())
        assert client.get(QUEUE)["Location"].startswith(reverse("login"))
        assert approve(client, change)["Location"].startswith(reverse("login"))

    def test_reporters_are_refused_the_queue(self, client, reporter):
        client.force_login(reporter)
        assert client.get(QUEUE).status_code == 403

    def test_reporter_posting_approve_or_reject_is_refused(self, client, reporter):
        change = make_request(make_claim())
        client.force_login(reporter)
        assert approve(client, change).status_code == 403
        assert reject(client, change).status_code == 403
        change.refresh_from_db()
        assert change.state == StatusChange.State.PENDING

    def test_someone_without_a_role_is_refused(self, client):
        client.force_login(make_user())
        assert client.get(QUEUE).status_code == 403

    def test_deciding_needs_post(self, client, editor):
        change = make_request(make_claim())
        client.force_login(editor)
        assert client.get(reverse("desk:approve", args=[change.pk])).status_code == 405


class TestQueue:
    def test_rows_oldest_first_with_claim_context_citations_and_rationale(self, client, editor):
        article = make_article(
            title="Kim heads to Beijing",
            body="North Korean leader Kim Jong Un traveled by special train from Pyongyang "
            "on Monday, en route to Beijing.",
        )
        older = make_claim(article, statement="Kim went by train.", cited=False)
        make_citation(
            older,
            make_source("NIS", description="South Korea’s spy agency"),
            via=make_source("Lee Seong Kweun"),
        )
        newer = make_claim(article, statement="Kim left on Monday.", quote="on Monday")
        make_request(newer, rationale="Newer request.")
        first = make_request(older, rationale="KCNA and the NIS agree.")
        StatusChange.objects.filter(pk=first.pk).update(
            requested_at=timezone.now() - timedelta(hours=3)
        )
        client.force_login(editor)

        html = client.get(QUEUE).content.decode()

        assert html.index("Kim went by train.") < html.index("Kim left on Monday.")
        assert "NIS, South Korea’s spy agency — via Lee Seong Kweun" in html
        assert "KCNA and the NIS agree." in html
        assert "Kim Jong Un <mark>traveled by special train</mark> from Pyongyang" in html
        assert 'data-claim-status="verified"' in html
        assert "2 waiting for review." in html
        assert html.count(">Approve</button>") == 2

    def test_quote_context_is_a_few_whole_words_either_side(self, client, editor):
        body = "Before " * 40 + "the quoted words. " + "After " * 40
        make_request(make_claim(make_article(body=body), quote="the quoted words"))
        client.force_login(editor)
        html = client.get(QUEUE).content.decode()
        assert "…Before Before" in html
        assert "Before <mark>the quoted words</mark>. After After" in html
        assert "After…</blockquote>" in html

    def test_own_requests_are_listed_without_buttons(self, client, editor):
        make_request(make_claim(statement="My own request."), requested_by=editor)
        client.force_login(editor)
        html = client.get(QUEUE).content.decode()
        assert "My own request." in html
        assert "You made this — another editor must decide it." in html
        assert ">Approve</button>" not in html
        assert ">Reject</button>" not in html

    def test_decided_requests_are_not_listed(self, client, editor, second_editor):
        change = make_request(make_claim(statement="Already decided."))
        workflow.reject(change, second_editor)
        client.force_login(editor)
        html = client.get(QUEUE).content.decode()
        assert "Already decided." not in html
        assert "Nothing waiting for review." in html

    def test_orphaned_quote_is_flagged(self, client, editor):
        make_request(make_claim(quote="words the story lost"))
        client.force_login(editor)
        html = client.get(QUEUE).content.decode()
        assert "the quote “words the story lost” does not occur in the story" in html

    def test_filters_by_article_and_target_status(self, client, editor):
        beijing, moscow = make_article(title="Beijing"), make_article(title="Moscow")
        make_request(make_claim(beijing, statement="Beijing verified."))
        make_request(
            make_claim(beijing, statement="Beijing estimate."),
            to_status=Claim.Status.INTELLIGENCE_ESTIMATE,
        )
        make_request(make_claim(moscow, statement="Moscow verified."))
        client.force_login(editor)

        html = client.get(QUEUE, {"article": beijing.pk, "to_status": "verified"}).content.decode()

        assert "Beijing verified." in html
        assert "Beijing estimate." not in html
        assert "Moscow verified." not in html
        assert "1 waiting for review (filtered)." in html

    def test_filtering_with_htmx_returns_only_the_rows(self, client, editor):
        make_request(make_claim(statement="Kim went by train."))
        client.force_login(editor)
        html = client.get(QUEUE, {"to_status": "verified"}, headers=HTMX).content.decode()
        assert html.lstrip().startswith('<div id="review-rows"')
        assert "Kim went by train." in html

    def test_fifty_pending_requests_take_a_fixed_number_of_queries(
        self, client, editor, django_assert_max_num_queries
    ):
        kcna, reporter = make_source("KCNA"), make_user(groups=["Reporters"])
        for n in range(5):
            article = make_article()
            for m in range(10):
                claim = make_claim(article, statement=f"Claim {n}.{m}", cited=False)
                make_citation(claim, kcna, via=make_source())
                make_citation(claim)
                make_request(claim, requested_by=reporter)
        client.force_login(editor)
        client.get(QUEUE)

        with django_assert_max_num_queries(9):
            response = client.get(QUEUE)
        assert response.content.decode().count(">Approve</button>") == 50


class TestDeciding:
    def test_approve_without_js_redirects_with_a_message(self, client, editor):
        claim = make_well_sourced_claim(statement="Kim went by train.")
        change = make_request(claim)
        client.force_login(editor)

        response = approve(client, change, note="Agreed.", follow=True)

        assert response.redirect_chain[-1][0] == QUEUE
        assert "Approved: Unconfirmed → Verified for “Kim went by train.”" in (
            response.content.decode()
        )
        claim.refresh_from_db()
        change.refresh_from_db()
        assert claim.status == Claim.Status.VERIFIED
        assert change.decided_by == editor
        assert change.decision_note == "Agreed."

    def test_redirect_keeps_the_filters_it_came_from(self, client, editor):
        change = make_request(make_claim())
        client.force_login(editor)
        response = client.post(
            reverse("desk:approve", args=[change.pk]), {"next": f"{QUEUE}?to_status=verified"}
        )
        assert response["Location"] == f"{QUEUE}?to_status=verified"

    def test_approve_with_htmx_swaps_the_row_with_its_outcome(self, client, editor):
        change = make_request(make_well_sourced_claim())
        client.force_login(editor)
        response = approve(client, change, note="Two sources.", headers=HTMX)
        html = response.content.decode()
        assert response.status_code == 200
        assert html.lstrip().startswith(f'<article id="request-{change.pk}"')
        assert "<strong>Approved</strong> by editor" in html
        assert "Two sources." in html
        assert ">Approve</button>" not in html

    def test_reject_with_htmx_leaves_the_claim_as_it_was(self, client, editor):
        claim = make_claim()
        change = make_request(claim)
        client.force_login(editor)
        html = reject(client, change, note="Only one source.", headers=HTMX).content.decode()
        assert "<strong>Rejected</strong> by editor" in html
        claim.refresh_from_db()
        assert claim.status == Claim.Status.UNCONFIRMED

    def test_editor_deciding_own_request_is_refused_with_a_message(self, client, editor):
        change = make_request(make_claim(), requested_by=editor)
        client.force_login(editor)

        response = approve(client, change, headers=HTMX)
        assert response.status_code == 409
        assert "You made this request, so another editor must decide it" in (
            response.content.decode()
        )

        response = approve(client, change, follow=True)
        assert "You made this request, so another editor must decide it" in (
            response.content.decode()
        )
        change.refresh_from_db()
        assert change.state == StatusChange.State.PENDING

    def test_someone_else_decided_first(self, client, editor, second_editor):
        change = make_request(make_well_sourced_claim())
        workflow.approve(change, second_editor)
        client.force_login(editor)

        response = reject(client, change, note="Too late.", headers=HTMX)

        html = response.content.decode()
        assert response.status_code == 409
        assert "This request was already approved by editor2 at " in html
        assert "<strong>Approved</strong> by editor2" in html
        change.refresh_from_db()
        assert change.state == StatusChange.State.APPROVED

    def test_someone_else_decided_first_without_js(self, client, editor, second_editor):
        change = make_request(make_claim())
        workflow.reject(change, second_editor)
        client.force_login(editor)
        response = approve(client, change, follow=True)
        assert "This request was already rejected by editor2 at " in response.content.decode()
