"""Edits of reviewed claims and corrections of published stories, on the desk: the card
shows "edited since review" with the difference, the review queue lists them with the
requests, and an editor who took no part decides them there (DESIGN.md rules 8–10)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import revisions
from articles.models import Article
from claims import editing
from claims.content import citation_entry, content_of
from claims.models import Claim, ClaimRevision
from tests.factories import (
    make_approved_change,
    make_article,
    make_claim,
    make_editor,
    make_reporter,
    make_request,
    make_source,
)
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db

QUEUE = reverse("desk:review_queue")


def verified(article=None, **fields):
    claim = make_claim(article or make_article(), **fields)
    make_approved_change(claim, Claim.Status.VERIFIED)
    claim.refresh_from_db()
    return claim


def propose(claim, user, **changes):
    claim.refresh_from_db()
    content = {**editing.working_content(claim), **changes}
    return editing.edit(claim, user, content, seen=claim.revision)


def decide(client, revision, verb="approve", **data):
    claim = Claim.objects.get(pk=revision.claim_id)
    return client.post(
        reverse(f"desk:{verb}_edit", args=[revision.pk]),
        {"revision": claim.revision, "note": "", "public_note": "", **data},
        headers=HTMX,
    )


class TestTheCard:
    def test_a_reporter_editing_a_verified_claim_sees_it_wait_with_the_difference(
        self, client, reporter
    ):
        claim = verified(statement="Kim left by train.")
        client.force_login(reporter)
        response = client.post(
            reverse("desk:edit_claim", args=[claim.pk]),
            {
                "statement": "Kim stayed in Pyongyang.",
                "quote": claim.quote,
                "revision": claim.revision,
            },
            headers=HTMX,
        )
        html = response.text
        assert response.status_code == 200
        assert "Claim saved for review" in html
        assert "Edited since review" in html
        assert '<del><span class="visually-hidden">removed: </span>left by train.</del>' in html
        assert '<ins><span class="visually-hidden">added: </span>stayed in Pyongyang.</ins>' in html
        claim.refresh_from_db()
        assert claim.statement == "Kim left by train."

    def test_the_edit_form_starts_from_the_edit_waiting(self, client, reporter):
        claim = verified()
        propose(claim, reporter, statement="Waiting words.")
        client.force_login(make_reporter())
        form = client.get(reverse("desk:edit_claim", args=[claim.pk]), headers=HTMX).text
        assert "Waiting words.</textarea>" in form
        assert "your edit goes to an editor" in form

    def test_a_form_opened_before_another_edit_is_refused_and_keeps_what_was_typed(
        self, client, reporter
    ):
        claim = make_claim()
        seen = claim.revision
        propose(claim, make_editor(username="ines"), statement="Ines's words.")
        client.force_login(reporter)
        response = client.post(
            reverse("desk:edit_claim", args=[claim.pk]),
            {"statement": "My words.", "quote": claim.quote, "revision": seen},
            headers=HTMX,
        )
        assert response.status_code == 409
        assert "The claim changed since you opened it: ines edited it at" in response.text
        assert "My words.</textarea>" in response.text

    def test_adding_a_citation_to_a_verified_claim_waits_too(self, client, reporter):
        claim = verified()
        make_source("TASS")
        client.force_login(reporter)
        response = client.post(
            reverse("desk:citations", args=[claim.pk]),
            {"revision": claim.revision, "citation-source": "TASS"},
            headers=HTMX,
        )
        assert "saved for review" in response.text
        assert '<ins><span class="visually-hidden">added: </span>TASS</ins>' in response.text
        assert claim.citations.count() == 1

    def test_the_author_withdraws_their_edit_from_the_card(self, client, reporter):
        claim = verified()
        revision = propose(claim, reporter, statement="Second thoughts.")
        client.force_login(reporter)
        response = client.post(reverse("desk:withdraw_edit", args=[claim.pk]), headers=HTMX)
        assert "Your edit was withdrawn." in response.text
        revision.refresh_from_db()
        assert revision.state == ClaimRevision.State.WITHDRAWN


class TestTheQueue:
    def test_requests_edits_and_corrections_wait_together_oldest_first(self, client, editor):
        reporter = make_reporter()
        article = make_article(status=Article.Status.PUBLISHED)
        edited = verified(article, statement="Old words.")
        propose(edited, reporter, statement="New words.")
        request = make_request(make_claim(article), requested_by=reporter)
        article.refresh_from_db()
        revisions.edit(
            article,
            reporter,
            {**revisions.text_of(article), "title": "A better headline"},
            seen=article.revision,
        )
        client.force_login(editor)
        html = client.get(QUEUE).text
        edit_at = html.index('id="edit-')
        assert edit_at < html.index(f'id="request-{request.pk}"') < html.index('id="correction-')
        assert "3 waiting for review." in html
        assert '<del><span class="visually-hidden">removed: </span>Old </del>' in html
        assert '<ins><span class="visually-hidden">added: </span>A better headline</ins>' in html
        assert html.count("Correction note for readers") == 2  # the edit and the correction

    def test_an_edit_on_a_published_story_needs_the_correction_note(self, client, editor):
        article = make_article(status=Article.Status.PUBLISHED)
        revision = propose(make_claim(article), make_reporter(), statement="Sharper.")
        client.force_login(editor)
        refused = decide(client, revision)
        assert refused.status_code == 409
        assert "write the correction note readers will see" in refused.text
        approved = decide(client, revision, public_note="We sharpened the claim.")
        assert approved.status_code == 200
        assert "<strong>Approved</strong> by editor" in approved.text
        assert Claim.objects.get(pk=revision.claim_id).statement == "Sharper."

    def test_an_edit_on_a_withdrawn_story_is_a_correction_for_its_return(self, client, editor):
        article = make_article(
            status=Article.Status.WITHDRAWN, published_at=timezone.now() - timedelta(days=1)
        )
        revision = propose(make_claim(article), make_reporter(), statement="Sharper.")
        client.force_login(editor)
        queue = client.get(QUEUE).text
        assert "approving it corrects what readers will see if it is published again" in queue
        assert "Correction note for readers" in queue
        assert decide(client, revision).status_code == 409
        approved = decide(client, revision, public_note="We sharpened the claim.")
        assert "<strong>Approved</strong> by editor" in approved.text

    def test_the_queue_shows_an_addition_as_last_edited(self, client, editor):
        article = make_article(status=Article.Status.PUBLISHED)
        reporter = make_reporter()
        claim = editing.log_claim(article, reporter, content_of(make_claim(article)))
        propose(claim, reporter, statement="Reworded before anyone looked.")
        client.force_login(editor)
        assert "Reworded before anyone looked." in client.get(QUEUE).text

    def test_an_approval_made_on_what_changed_since_is_a_conflict(self, client, editor):
        claim = verified()
        reporter = make_reporter(username="rhee")
        revision = propose(claim, reporter, statement="First.")
        claim.refresh_from_db()
        seen = claim.revision
        newer = propose(claim, reporter, statement="Second.")
        client.force_login(editor)
        response = client.post(
            reverse("desk:approve_edit", args=[newer.pk]),
            {"revision": seen},
            headers=HTMX,
        )
        assert response.status_code == 409
        assert "The claim changed since you opened it: rhee proposed an edit at" in response.text
        stale = client.post(
            reverse("desk:approve_edit", args=[revision.pk]), {"revision": seen}, headers=HTMX
        )
        assert stale.status_code == 409
        assert "already replaced by a later edit" in stale.text
        claim.refresh_from_db()
        assert claim.statement != "Second."

    def test_a_decision_that_lost_its_revision_is_refused_at_the_field(self, client, editor):
        revision = propose(verified(), make_reporter(), statement="New.")
        client.force_login(editor)
        response = client.post(reverse("desk:approve_edit", args=[revision.pk]), headers=HTMX)
        assert response.status_code == 422
        assert "This form lost track of which version you opened" in response.text
        revision.refresh_from_db()
        assert revision.state == ClaimRevision.State.PENDING

    def test_nobody_is_offered_to_decide_their_own_edit(self, client, editor):
        revision = propose(verified(), editor, statement="Mine.")
        client.force_login(editor)
        html = client.get(QUEUE).text
        assert "You made this — another editor must decide it." in html
        assert reverse("desk:approve_edit", args=[revision.pk]) not in html
        assert decide(client, revision).status_code == 409

    def test_rejecting_a_claim_proposed_for_a_live_story_drops_it(self, client, editor):
        article = make_article(status=Article.Status.PUBLISHED)
        kcna = make_source("KCNA")
        claim = editing.log_claim(
            article,
            make_reporter(),
            {
                "statement": "A claim too far.",
                "quote": "special train",
                "quote_prefix": "",
                "quote_suffix": "",
                "public_note": "",
                "citations": [citation_entry(kcna)],
            },
        )
        client.force_login(editor)
        assert "Claim proposed for the published story" in client.get(QUEUE).text
        response = decide(client, claim.revisions.get(), "reject", note="Not sourced enough.")
        assert "<strong>Rejected</strong>" in response.text
        claim.refresh_from_db()
        assert claim.presence == Claim.Presence.DROPPED

    def test_many_edits_take_a_fixed_number_of_queries(
        self, client, editor, django_assert_max_num_queries
    ):
        reporter = make_reporter()
        for n in range(20):
            claim = verified(make_article(), statement=f"Claim {n}.")
            propose(
                claim,
                reporter,
                statement=f"Claim {n}, sharper.",
                citations=content_of(claim)["citations"] + [citation_entry(make_source())],
            )
        client.force_login(editor)
        client.get(QUEUE)
        with django_assert_max_num_queries(12):
            response = client.get(QUEUE)
        assert response.text.count(">Approve</button>") == 20


class TestAStorysCorrection:
    def test_the_article_page_shows_it_waiting_and_its_author_withdraws_it(self, client, reporter):
        article = make_article(status=Article.Status.PUBLISHED)
        revisions.edit(article, reporter, {**revisions.text_of(article), "title": "Fixed"}, seen=1)
        client.force_login(reporter)
        page = client.get(reverse("desk:article", args=[article.pk])).text
        assert "Correction waiting for review" in page
        assert "History of the story’s text" in page
        response = client.post(reverse("desk:withdraw_correction", args=[article.pk]), follow=True)
        assert "Your correction was withdrawn." in response.text
        assert not article.revisions.pending().exists()


def test_the_queue_shows_the_citations_before_and_after_an_edit(client, editor):
    claim = verified()
    tass = make_source("TASS")
    propose(claim, make_reporter(), citations=[citation_entry(tass, detail="wire report")])
    client.force_login(editor)
    html = client.get(QUEUE).text
    now = html[html.index("Citations now") : html.index("Citations after the edit")]
    after = html[html.index("Citations after the edit") :]
    assert claim.citations.get().source.name in now and "TASS" not in now
    assert "TASS, wire report" in after
