"""On the desk: what a claim's status stands on (its origins' independence, its primary
record, an estimate's assessment, its re-check moment), entered and reviewed through the
desk's forms (DESIGN.md rule 12)."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from claims.models import Claim, ClaimRevision, Source, StatusChange
from tests.factories import (
    make_approved_change,
    make_article,
    make_citation,
    make_claim,
    make_request,
    make_source,
)
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db

VERIFIED = Claim.Status.VERIFIED
ESTIMATE = Claim.Status.INTELLIGENCE_ESTIMATE
QUEUE = reverse("desk:review_queue")


def card(client, claim):
    return client.get(reverse("desk:claim", args=[claim.pk]), headers=HTMX).text


def edit(client, claim, **fields):
    claim.refresh_from_db()
    data = {
        "statement": claim.statement,
        "quote": claim.quote,
        "quote_prefix": "",
        "quote_suffix": "",
        "public_note": claim.public_note,
        "assessment_confidence": "not_stated",
        "revision": claim.revision,
        **fields,
    }
    return client.post(reverse("desk:edit_claim", args=[claim.pk]), data, headers=HTMX)


def cited_by(*sources, **fields):
    claim = make_claim(cited=False, **fields)
    for source in sources:
        make_citation(claim, source)
    return claim


class TestTheCard:
    def test_it_counts_independent_origins(self, client, reporter):
        kremlin = make_source("Kremlin")
        claim = cited_by(kremlin, make_source("Yuri Ushakov", affiliation=kremlin))
        client.force_login(reporter)
        assert "2 origins, not independent" in card(client, claim)
        other = cited_by(make_source("KCNA"), make_source("NIS"))
        assert "2 independent origins" in card(client, other)

    def test_it_shows_the_primary_record_the_assessment_and_the_re_check(self, client, reporter):
        verified = cited_by(make_source("KCNA"))
        make_approved_change(verified, VERIFIED, primary_record="KCNA’s own report")
        nis = make_source("NIS", kind=Source.Kind.INTELLIGENCE_SERVICE)
        estimate = cited_by(nis)
        make_approved_change(estimate, ESTIMATE)
        Claim.objects.filter(pk=estimate.pk).update(
            recheck_by=timezone.now() - datetime.timedelta(hours=1)
        )
        client.force_login(reporter)
        assert "<strong>Primary record:</strong> KCNA’s own report" in card(client, verified)
        html = card(client, estimate)
        assert "<strong>Assessment by</strong> NIS · confidence not stated · " in html
        assert "<strong>Due for re-check</strong>" in html


class TestEnteringAnAssessment:
    def test_an_assessment_by_an_intelligence_service_the_claim_cites(self, client, reporter):
        nis = make_source("NIS", kind=Source.Kind.INTELLIGENCE_SERVICE)
        claim = cited_by(nis, make_source("Yonhap"))
        client.force_login(reporter)
        form = client.get(reverse("desk:edit_claim", args=[claim.pk]), headers=HTMX).text
        assert f'<option value="{nis.pk}">NIS</option>' in form
        assert ">Yonhap</option>" not in form  # not an intelligence service

        response = edit(
            client,
            claim,
            assessment_by=nis.pk,
            assessment_confidence="moderate",
            assessment_date="2025-09-01",
            recheck_by="2025-09-02T16:00",
        )
        assert response.status_code == 200
        claim.refresh_from_db()
        assert (claim.assessment_by, claim.assessment_confidence, claim.assessment_date) == (
            nis,
            "moderate",
            datetime.date(2025, 9, 1),
        )
        assert claim.recheck_by == datetime.datetime(2025, 9, 2, 16, 0, tzinfo=datetime.UTC)
        (saved,) = claim.revisions.all()
        assert saved.after["assessment"] == {
            "by": nis.pk,
            "by_name": "NIS",
            "confidence": "moderate",
            "assessed_on": "2025-09-01",
        }
        assert saved.after["recheck_by"] == "2025-09-02T16:00:00+00:00"

    def test_an_assessment_needs_its_date(self, client, reporter):
        nis = make_source("NIS", kind=Source.Kind.INTELLIGENCE_SERVICE)
        claim = cited_by(nis)
        client.force_login(reporter)
        response = edit(client, claim, assessment_by=nis.pk, statement="Typed.")
        assert response.status_code == 422
        assert "Give the date of the assessment." in response.text
        assert "Typed." in response.text
        assert Claim.objects.get(pk=claim.pk).assessment_by is None

    def test_a_source_the_claim_does_not_cite_is_not_a_choice(self, client, reporter):
        cia = make_source("CIA", kind=Source.Kind.INTELLIGENCE_SERVICE)
        claim = cited_by(make_source("NIS", kind=Source.Kind.INTELLIGENCE_SERVICE))
        client.force_login(reporter)
        response = edit(client, claim, assessment_by=cia.pk, assessment_date="2025-09-01")
        assert response.status_code == 422
        assert "Select a valid choice." in response.text

    def test_a_claim_citing_no_intelligence_service_is_told_so(self, client, reporter):
        claim = cited_by(make_source("Yonhap"))
        client.force_login(reporter)
        form = client.get(reverse("desk:edit_claim", args=[claim.pk]), headers=HTMX).text
        assert "This claim cites none: add that citation first." in form

    def test_on_an_estimate_an_assessment_changed_is_a_proposal_shown_word_by_word(
        self, client, reporter, editor
    ):
        nis = make_source("NIS", kind=Source.Kind.INTELLIGENCE_SERVICE)
        claim = cited_by(nis)
        make_approved_change(claim, ESTIMATE)
        client.force_login(reporter)
        edit(
            client,
            claim,
            assessment_by=nis.pk,
            assessment_confidence="high",
            assessment_date=str(claim.assessment_date),
        )
        assert ClaimRevision.objects.pending().get().after["assessment"]["confidence"] == "high"
        client.force_login(editor)
        row = client.get(QUEUE).text
        assert "<dt>Assessment</dt>" in row
        assert (
            'NIS · <ins><span class="visually-hidden">added: </span>high </ins>confidence '
            '<del><span class="visually-hidden">removed: </span>not stated </del>·'
        ) in row


@pytest.mark.parametrize("zone", ["Asia/Seoul", "America/New_York"])
@pytest.mark.parametrize("typed", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_a_re_check_moment_at_the_ends_of_the_calendar_is_refused(
    client, reporter, settings, zone, typed
):
    # A moment is kept in UTC; hours from UTC, the calendar's first and last days have none.
    settings.TIME_ZONE = zone
    claim = cited_by(make_source("KCNA"))
    client.force_login(reporter)
    response = edit(client, claim, recheck_by=typed, statement="Typed.")
    assert response.status_code == 422
    assert "Choose a moment between 2 January 0001 and 30 December 9999." in response.text
    assert f'value="{typed}"' in response.text
    assert "Typed." in response.text
    assert Claim.objects.get(pk=claim.pk).recheck_by is None


class TestNoNamedSource:
    def test_logging_a_claim_the_story_states_without_a_source(self, client, reporter):
        article = make_article()
        client.force_login(reporter)
        data = {
            "statement": "Putin arrived on Sunday.",
            "quote": "traveled by special train",
            "no_named_source": "on",
        }
        response = client.post(reverse("desk:log_claim", args=[article.pk]), data)
        assert response.status_code == 302
        claim = article.claims.get()
        assert (claim.no_named_source, claim.citations.count()) == (True, 0)
        page = client.get(reverse("desk:article", args=[article.pk])).text
        assert "<strong>No named source</strong>" in page

    def test_naming_a_source_as_well_is_refused(self, client, reporter):
        article = make_article()
        client.force_login(reporter)
        data = {
            "statement": "Putin arrived on Sunday.",
            "quote": "traveled by special train",
            "no_named_source": "on",
            "citation-source": "TASS",
        }
        response = client.post(reverse("desk:log_claim", args=[article.pk]), data)
        assert response.status_code == 422
        assert "You named a source: clear it, or leave “No named source” unticked." in (
            response.text
        )
        assert not article.claims.exists()

    def test_adding_a_citation_names_a_source(self, client, reporter):
        claim = make_claim(cited=False)
        Claim.objects.filter(pk=claim.pk).update(no_named_source=True)
        make_source("TASS")
        client.force_login(reporter)
        client.post(
            reverse("desk:citations", args=[claim.pk]),
            {"citation-source": "TASS", "revision": claim.revision},
        )
        claim.refresh_from_db()
        assert (claim.no_named_source, claim.citations.count()) == (False, 1)


class TestTheReviewQueue:
    def test_a_request_for_verified_on_one_origin_asks_for_the_note(self, client, editor):
        claim = cited_by(make_source("KCNA"), statement="Kim left.")
        make_request(claim)
        client.force_login(editor)
        html = client.get(QUEUE).text
        assert "<strong>1 origin</strong> — to approve Verified, write a primary-record note" in (
            html
        )
        assert 'name="primary_record"' in html

    def test_an_over_long_note_is_refused_naming_the_limit_never_cut_by_the_browser(
        self, client, editor
    ):
        change = make_request(cited_by(make_source("KCNA"), statement="Kim left."))
        client.force_login(editor)
        assert not re.search(r"<textarea[^>]*maxlength", client.get(QUEUE).text)
        note = " ".join(["KCNA’s own report"] * 20)
        data = {"revision": change.claim.revision, "primary_record": note}
        response = client.post(reverse("desk:approve", args=[change.pk]), data, headers=HTMX)
        assert response.status_code == 422
        assert f"at most 300 characters (it has {len(note)})" in response.text
        assert note in response.text
        assert StatusChange.objects.get(pk=change.pk).state == StatusChange.State.PENDING

    def test_with_two_independent_origins_it_does_not(self, client, editor):
        make_request(cited_by(make_source("KCNA"), make_source("NIS")))
        client.force_login(editor)
        html = client.get(QUEUE).text
        assert "<strong>2 independent origins</strong>" in html
        assert 'name="primary_record"' not in html

    def test_approving_without_the_note_is_refused_keeping_what_was_typed(self, client, editor):
        change = make_request(cited_by(make_source("KCNA"), statement="Kim left."))
        client.force_login(editor)
        data = {"revision": change.claim.revision, "note": "Checked it."}
        response = client.post(reverse("desk:approve", args=[change.pk]), data, headers=HTMX)
        assert response.status_code == 409
        assert "“Kim left.” rests on 1 origin (KCNA): a verified claim needs two independent" in (
            response.text
        )
        assert "Checked it." in response.text
        assert StatusChange.objects.get(pk=change.pk).state == StatusChange.State.PENDING

    def test_approving_with_the_note_without_js(self, client, editor):
        change = make_request(cited_by(make_source("KCNA"), statement="Kim left."))
        client.force_login(editor)
        data = {"revision": change.claim.revision, "primary_record": "KCNA’s own report"}
        response = client.post(reverse("desk:approve", args=[change.pk]), data, follow=True)
        assert "Approved: Unconfirmed → Verified for “Kim left.”" in response.text
        change.refresh_from_db()
        assert (change.state, change.primary_record) == ("approved", "KCNA’s own report")

    def test_a_request_for_an_estimate_shows_the_assessment_or_its_lack(self, client, editor):
        nis = make_source("NIS", kind=Source.Kind.INTELLIGENCE_SERVICE)
        make_request(cited_by(nis, statement="No assessment."), to_status=ESTIMATE)
        client.force_login(editor)
        html = client.get(QUEUE).text
        assert "<strong>No assessment recorded</strong>" in html


class TestDueForRecheck:
    def test_the_dashboard_lists_claims_of_published_stories_past_their_moment(
        self, client, reporter
    ):
        story = make_article(title="Parade", status=Article.Status.PUBLISHED)
        due = make_claim(story, statement="Expected in Beijing later that day.")
        later = make_claim(story, statement="Not yet.")
        draft_claim = make_claim(make_article(), statement="A draft’s claim.")
        now = timezone.now()
        Claim.objects.filter(pk__in=[due.pk, draft_claim.pk]).update(
            recheck_by=now - datetime.timedelta(hours=2)
        )
        Claim.objects.filter(pk=later.pk).update(recheck_by=now + datetime.timedelta(hours=2))
        client.force_login(reporter)
        html = client.get(reverse("desk:dashboard")).text
        section = html[html.index('id="due-title"') :]
        section = section[: section.index("</section>")]
        assert "Due for re-check" in section
        assert "Expected in Beijing later that day." in section
        assert "Not yet." not in section and "A draft’s claim." not in section

    def test_nothing_due_shows_nothing(self, client, reporter):
        client.force_login(reporter)
        assert "Due for re-check" not in client.get(reverse("desk:dashboard")).text


class TestTheCommandForEditors:
    def test_it_lists_verified_claims_the_rules_no_longer_back(self, capsys):
        story = make_article(title="Parade")
        claim = cited_by(
            make_source("Organizers"), statement="26 leaders will come.", article=story
        )
        Claim.objects.filter(pk=claim.pk).update(status=VERIFIED)  # from before rule 12
        fine = cited_by(make_source("KCNA"))
        make_approved_change(fine, VERIFIED, primary_record="KCNA’s own report")

        call_command("verification_gaps")

        out = capsys.readouterr().out
        assert out.startswith("1 claim needs an editor:")
        assert "\nParade (draft)\n" in out
        assert f"  Verified: /desk/articles/{story.pk}/#claim-{claim.pk}\n" in out
        assert "    “26 leaders will come.” rests on 1 origin (Organizers): a verified claim" in (
            out
        )
        assert Claim.objects.get(pk=claim.pk).status == VERIFIED  # listed, not changed

    def test_nothing_to_list(self, capsys):
        call_command("verification_gaps")
        assert capsys.readouterr().out.startswith("Every verified claim rests on two")


def test_removing_the_citation_of_the_assessing_service_removes_its_assessment(client, reporter):
    nis = make_source("NIS", kind=Source.Kind.INTELLIGENCE_SERVICE)
    claim = cited_by(make_source("Yonhap"), nis)
    Claim.objects.filter(pk=claim.pk).update(
        assessment_by=nis, assessment_confidence="low", assessment_date=datetime.date(2025, 9, 1)
    )
    client.force_login(reporter)
    client.post(reverse("desk:remove_citation", args=[claim.pk, 1]), {"revision": claim.revision})
    claim.refresh_from_db()
    assert [c.source.name for c in claim.citations.all()] == ["Yonhap"]
    assert claim.assessment_by is None
