"""The claims admin: registry and audit trail readable, statuses decided only on the desk."""

import pytest
from django.urls import reverse

from claims import editing, workflow
from claims.content import content_of
from claims.models import Citation, Claim, Source, StatusChange
from tests.claims.helpers import (
    change_page,
    changelist,
    make_staff,
    make_superuser,
    messages_of,
    run_action,
)
from tests.factories import (
    make_approved_change,
    make_article,
    make_citation,
    make_claim,
    make_request,
    make_source,
    make_well_sourced_claim,
)

pytestmark = pytest.mark.django_db

PENDING = StatusChange.State.PENDING


@pytest.fixture
def admin_client(client):
    client.force_login(make_superuser())
    return client


def state_of(change):
    return StatusChange.objects.values_list("state", flat=True).get(pk=change.pk)


def status_of(claim):
    return Claim.objects.values_list("status", flat=True).get(pk=claim.pk)


class TestPages:
    @pytest.mark.parametrize("model", [Source, Claim, Citation, StatusChange])
    def test_every_model_has_a_list(self, admin_client, model, reporter):
        make_request(make_claim(), requested_by=reporter)
        response = admin_client.get(changelist(model))
        assert response.status_code == 200

    def test_the_claim_list_shows_status_and_citations(self, admin_client):
        claim = make_claim(statement="Kim traveled by special train.")
        make_citation(claim)
        make_approved_change(claim, Claim.Status.VERIFIED)
        response = admin_client.get(changelist(Claim))
        row = next(r for r in response.context["cl"].result_list if r.pk == claim.pk)
        assert row.citation_count == 2
        content = response.text
        assert "Kim traveled by special train." in content
        assert "Verified" in content

    @pytest.mark.parametrize(
        ("query", "shown", "hidden"),
        [
            ("?status__exact=verified", "Checked claim.", "Open claim."),
            ("?status__exact=unconfirmed", "Open claim.", "Checked claim."),
            ("?q=Checked", "Checked claim.", "Open claim."),
        ],
    )
    def test_claims_are_filtered_by_status_and_searched(self, admin_client, query, shown, hidden):
        make_approved_change(make_claim(statement="Checked claim."), Claim.Status.VERIFIED)
        make_claim(statement="Open claim.")
        content = admin_client.get(changelist(Claim) + query).text
        assert shown in content
        assert hidden not in content

    def test_sources_are_filtered_by_kind_and_searched(self, admin_client):
        make_source("KCNA", kind=Source.Kind.STATE_MEDIA, description="North Korea’s state media")
        make_source("TASS", kind=Source.Kind.WIRE_AGENCY)
        by_kind = admin_client.get(changelist(Source) + "?kind__exact=state_media").text
        assert "KCNA" in by_kind and "TASS" not in by_kind
        searched = admin_client.get(changelist(Source) + "?q=state+media").text
        assert "KCNA" in searched and "TASS" not in searched

    def test_citations_are_searched_by_source_and_relay(self, admin_client):
        claim = make_claim(cited=False, statement="About 15,000 troops.")
        make_citation(claim, make_source("NIS"), via=make_source("Lee Seong Kweun"))
        make_citation(make_claim(cited=False, statement="Putin arrived."), make_source("TASS"))
        content = admin_client.get(changelist(Citation) + "?q=Lee").text
        assert "About 15,000 troops." in content
        assert "Putin arrived." not in content

    def test_status_changes_are_filtered_by_state(self, admin_client, reporter):
        make_approved_change(make_claim(statement="Decided claim."), Claim.Status.VERIFIED)
        make_request(make_claim(statement="Waiting claim."), requested_by=reporter)
        content = admin_client.get(changelist(StatusChange) + "?state__exact=pending").text
        assert "Waiting claim." in content
        assert "Decided claim." not in content
        assert "Unconfirmed → Verified" in content


class TestClaimPage:
    def test_it_shows_the_status_citations_and_history(self, admin_client, reporter, editor):
        claim = make_claim(cited=False)
        make_citation(claim, make_source("Yuri Ushakov"), via=make_source("TASS"))
        change = workflow.request_status_change(
            claim, reporter, Claim.Status.VERIFIED, "TASS carried his words."
        )
        workflow.approve(
            change, editor, "Checked the wire.", primary_record="Ushakov’s words as TASS published"
        )

        response = admin_client.get(change_page(claim))
        content = response.text
        assert response.status_code == 200
        assert "Status history (audit trail)" in content
        assert "TASS carried his words." in content
        assert "Checked the wire." in content
        assert "Ushakov’s words as TASS published" in content
        citations = response.context["inline_admin_formsets"][0].formset.queryset
        assert [(c.source.name, c.via.name) for c in citations] == [("Yuri Ushakov", "TASS")]

    def test_the_status_is_shown_but_cannot_be_set(self, admin_client):
        claim = make_claim(cited=False)
        response = admin_client.get(change_page(claim))
        assert 'name="status"' not in response.text
        assert "Unconfirmed" in response.text

        form = response.context["adminform"].form
        data = {
            **{name: form.initial.get(name, "") for name in form.fields},
            "article": claim.article_id,
            "status": Claim.Status.VERIFIED,
            **management_forms(response),
        }
        response = admin_client.post(change_page(claim), data)
        assert response.status_code == 302
        assert status_of(claim) == Claim.Status.UNCONFIRMED

    def test_claims_are_not_added_here(self, admin_client):
        assert admin_client.get(reverse("admin:claims_claim_add")).status_code == 403

    def test_a_claim_cannot_be_moved_to_another_story_nor_rewritten(self, admin_client):
        claim = make_claim(statement="As logged.")
        other = make_article()
        response = admin_client.get(change_page(claim))
        for field in ("article", "statement", "quote", "public_note"):
            assert f'name="{field}"' not in response.text
        form = response.context["adminform"].form
        data = {
            **{name: form.initial.get(name, "") for name in form.fields},
            "article": other.pk,
            "statement": "Rewritten in the admin.",
            **management_forms(response),
        }
        admin_client.post(change_page(claim), data)
        claim.refresh_from_db()
        assert (claim.article_id, claim.statement) != (other.pk, "Rewritten in the admin.")
        assert claim.statement == "As logged."

    def test_citations_are_only_viewed_here(self, admin_client):
        citation = make_claim().citations.get()
        assert admin_client.get(reverse("admin:claims_citation_add")).status_code == 403
        page = admin_client.get(change_page(citation))
        assert page.status_code == 200
        assert 'name="claim"' not in page.text

    def test_the_history_cannot_be_edited_from_the_claim(self, admin_client, reporter):
        claim = make_claim()
        make_request(claim, requested_by=reporter)
        response = admin_client.get(change_page(claim))
        history = response.context["inline_admin_formsets"][1]
        assert not history.has_add_permission
        assert not history.has_change_permission
        assert not history.has_delete_permission


def management_forms(response):
    """The inline formsets' management fields as the page rendered them."""
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name, field in management.fields.items():
            data[f"{management.prefix}-{name}"] = management.initial.get(name, field.initial)
    return data


class TestStatusChangesAreReadOnly:
    def test_none_can_be_added(self, admin_client):
        assert admin_client.get(reverse("admin:claims_statuschange_add")).status_code == 403

    def test_a_change_is_shown_without_a_form_to_change_it(self, admin_client, reporter):
        change = make_request(make_claim(), requested_by=reporter, rationale="Two sources.")
        response = admin_client.get(change_page(change))
        assert response.status_code == 200
        assert "Two sources." in response.text
        assert 'name="rationale"' not in response.text
        assert 'name="_save"' not in response.text

        admin_client.post(change_page(change), {"rationale": "Rewritten.", "state": "approved"})
        change.refresh_from_db()
        assert (change.rationale, change.state) == ("Two sources.", PENDING)

    def test_none_can_be_deleted(self, admin_client, reporter):
        change = make_request(make_claim(), requested_by=reporter)
        delete = reverse("admin:claims_statuschange_delete", args=[change.pk])
        assert admin_client.post(delete, {"post": "yes"}).status_code == 403
        response = run_action(admin_client, StatusChange, "delete_selected", [change])
        assert StatusChange.objects.filter(pk=change.pk).exists()
        assert messages_of(response) == []

    def test_the_list_offers_no_actions(self, admin_client, reporter):
        make_request(make_claim(), requested_by=reporter)
        page = admin_client.get(changelist(StatusChange))
        assert page.context["action_form"] is None
        assert "Approve selected requests" not in page.text
        assert 'name="_selected_action"' not in page.text


class TestRequestsAreDecidedOnTheDesk:
    """Not in the admin: a decision binds to the claim as the editor saw it (DESIGN.md rule
    10), which /desk/reviews/ carries and a bulk action over a list cannot."""

    @pytest.mark.parametrize("action", ["approve_selected", "reject_selected"])
    def test_posting_an_old_decision_action_changes_nothing(self, admin_client, reporter, action):
        claim = make_well_sourced_claim(statement="As the editor saw it.")
        change = make_request(claim, requested_by=reporter)
        admin_client.get(changelist(StatusChange))
        # The reporter rewrites the claim after the list was loaded.
        fresh = Claim.objects.get(pk=claim.pk)
        content = {**content_of(fresh), "statement": "Rewritten since."}
        editing.edit(fresh, reporter, content, seen=fresh.revision)

        response = run_action(admin_client, StatusChange, action, [change])

        assert response.status_code == 200
        assert messages_of(response) == []
        assert state_of(change) == PENDING
        assert status_of(claim) == Claim.Status.UNCONFIRMED


class TestAReporterHasNoWayIn:
    def test_the_admin_sends_a_reporter_to_sign_in(self, client, reporter):
        client.force_login(reporter)
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))

    def test_posting_an_approval_to_the_admin_changes_nothing(self, client, reporter):
        client.force_login(reporter)
        change = make_request(make_claim(), requested_by=make_staff())
        response = run_action(client, StatusChange, "approve_selected", [change])
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
        assert state_of(change) == PENDING


def test_the_lists_take_a_fixed_number_of_queries(
    admin_client, reporter, django_assert_max_num_queries
):
    for n in range(25):
        claim = make_claim(statement=f"Claim {n}.")
        make_request(claim, requested_by=reporter)
    for model in (Claim, Citation, StatusChange, Source):
        with django_assert_max_num_queries(7):
            assert admin_client.get(changelist(model)).status_code == 200
