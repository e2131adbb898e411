"""The claims panel beside an article, Log claim, and editing a claim."""

from unittest import mock

import pytest
from django.db import IntegrityError
from django.urls import reverse

from claims import editing
from claims.content import content_of
from claims.models import Citation, Claim, Source
from tests.factories import (
    make_approved_change,
    make_article,
    make_claim,
    make_request,
    make_source,
    make_user,
)
from tests.helpers import HTMX, postgresql_only

pytestmark = pytest.mark.django_db


def panel_url(article):
    return reverse("desk:panel", args=[article.pk])


CITATION_FIELDS = {"source", "source_kind", "via", "via_kind", "detail", "url"}


def log_claim(client, article, htmx=False, **fields):
    """Post Log claim; the citation's fields are given without their `citation-` prefix."""
    fields = {"source": "KCNA", "source_kind": "state_media", **fields}
    data = {
        "statement": "Kim left Pyongyang by special train.",
        "quote": "traveled by special train",
        **{f"citation-{k}" if k in CITATION_FIELDS else k: v for k, v in fields.items()},
    }
    return client.post(
        reverse("desk:log_claim", args=[article.pk]), data, headers=HTMX if htmx else {}
    )


class TestAccess:
    def test_anonymous_is_sent_to_sign_in(self, client):
        article = make_article()
        response = client.get(panel_url(article))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_someone_without_a_desk_role_is_refused(self, client):
        client.force_login(make_user())
        assert client.get(panel_url(make_article())).status_code == 403
        assert log_claim(client, make_article()).status_code == 403

    def test_unknown_article_is_not_found(self, client, reporter):
        client.force_login(reporter)
        assert client.get(reverse("desk:panel", args=[999999])).status_code == 404


class TestPanel:
    def test_claim_shows_badge_citations_pending_request_and_orphan_warning(self, client, reporter):
        article = make_article(body="Kim traveled by special train on Monday.")
        claim = make_claim(article, statement="Kim went by train.")
        make_request(claim, requested_by=reporter)
        orphan = make_claim(article, statement="An orphan.", quote="words nowhere", cited=False)
        client.force_login(reporter)

        response = client.get(panel_url(article), headers=HTMX)

        html = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in html  # only the fragment
        assert f'id="claim-{claim.pk}"' in html
        assert 'data-claim-status="unconfirmed"' in html
        assert "1 citation" in html
        assert "Requested:" in html and "Withdraw request" in html
        card = html[html.index(f'id="claim-{orphan.pk}"') :]
        assert "Orphaned:" in card
        assert "No citation" in card
        assert "1 orphaned" in html

    def test_without_htmx_the_panel_is_a_page_of_its_own(self, client, reporter):
        article = make_article(title="Kim heads to Beijing")
        client.force_login(reporter)
        response = client.get(panel_url(article))
        assert response.status_code == 200
        assert "<html" in response.content.decode()
        assert 'id="log-claim-form"' in response.content.decode()

    def test_user_text_is_escaped(self, client, reporter):
        article = make_article()
        make_claim(article, statement="<script>alert(1)</script>")
        client.force_login(reporter)
        html = client.get(panel_url(article), headers=HTMX).content.decode()
        assert "<script>alert(1)" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    def test_fifty_claims_take_a_fixed_number_of_queries(
        self, client, reporter, django_assert_max_num_queries
    ):
        article = make_article()
        kcna = make_source("KCNA")
        for n in range(50):
            claim = make_claim(article, statement=f"Claim {n}", cited=False)
            Citation.objects.create(claim=claim, source=kcna, via=make_source())
            if n % 3 == 0:  # verified, then edited: the edit waits for an editor
                make_approved_change(claim, Claim.Status.VERIFIED)
                editing.edit(
                    claim,
                    reporter,
                    {**content_of(claim), "statement": f"Claim {n}, sharper"},
                    seen=claim.revision,
                )
            if n % 2:
                make_request(
                    claim,
                    requested_by=reporter,
                    to_status=Claim.Status.UNCONFIRMED
                    if claim.status == Claim.Status.VERIFIED
                    else Claim.Status.VERIFIED,
                )
        client.force_login(reporter)
        client.get(panel_url(article), headers=HTMX)  # warm the session

        # Session, user, permissions; the claims with their citations, status changes and
        # edits waiting (each with its people); the sources and dismissals the suggested
        # claims are made with.
        with django_assert_max_num_queries(11):
            response = client.get(panel_url(article), headers=HTMX)
        assert response.content.decode().count('<li id="claim-') == 50
        assert response.content.decode().count('aria-label="Edited since review"') == 17


class TestLogClaim:
    def test_reporter_logs_a_claim_with_a_new_source(self, client, reporter):
        article = make_article()
        client.force_login(reporter)

        response = log_claim(
            client,
            article,
            via="Lee Seong Kweun",
            via_kind="government",
            detail="closed-door briefing",
            url="https://example.org/kcna",
        )

        claim = Claim.objects.get()
        assert response.status_code == 302
        assert (
            response["Location"]
            == reverse("desk:article", args=[article.pk]) + f"#claim-{claim.pk}"
        )
        assert claim.statement == "Kim left Pyongyang by special train."
        assert claim.status == Claim.Status.UNCONFIRMED
        assert claim.created_by == reporter
        citation = claim.citations.get()
        assert citation.source.name == "KCNA"
        assert citation.source.kind == Source.Kind.STATE_MEDIA
        assert citation.via.name == "Lee Seong Kweun"
        assert citation.detail == "closed-door briefing"
        assert citation.url == "https://example.org/kcna"

    def test_existing_source_is_picked_by_name_whatever_its_case(self, client, reporter):
        kcna = make_source("KCNA", kind=Source.Kind.STATE_MEDIA)
        client.force_login(reporter)
        log_claim(client, make_article(), source="kcna", source_kind="")
        assert Claim.objects.get().citations.get().source == kcna
        assert Source.objects.count() == 1

    def test_with_htmx_the_panel_comes_back_with_the_new_claim(self, client, reporter):
        article = make_article()
        client.force_login(reporter)
        response = log_claim(client, article, htmx=True)
        html = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in html
        assert "Claim logged." in html
        assert f'id="claim-{Claim.objects.get().pk}"' in html

    def test_empty_statement_is_refused_and_what_was_typed_is_kept(self, client, reporter):
        article = make_article()
        client.force_login(reporter)
        response = log_claim(
            client,
            article,
            htmx=True,
            statement="   ",
            quote="traveled by special train",
            detail="briefing to lawmakers",
        )
        html = response.content.decode()
        assert response.status_code == 422
        assert "a statement is required" in html
        assert "traveled by special train" in html
        assert "briefing to lawmakers" in html
        assert not Claim.objects.exists()

    def test_quote_not_in_the_body_still_saves_with_a_warning(self, client, reporter):
        article = make_article()
        client.force_login(reporter)
        response = log_claim(client, article, quote="rode a bicycle", follow=False)
        assert response.status_code == 302
        page = client.get(response["Location"].split("#")[0])
        assert "Its quote does not occur in the story" in page.content.decode()
        assert Claim.objects.count() == 1

    def test_quote_not_in_the_body_warns_in_the_htmx_panel(self, client, reporter):
        article = make_article()
        client.force_login(reporter)
        html = log_claim(client, article, htmx=True, quote="rode a bicycle").content.decode()
        assert "Its quote does not occur in the story" in html
        assert "Orphaned:" in html

    def test_duplicate_source_name_offers_the_existing_one(self, client, reporter):
        kcna = make_source("KCNA", kind=Source.Kind.STATE_MEDIA)
        article = make_article()
        client.force_login(reporter)

        response = log_claim(
            client,
            article,
            htmx=True,
            source="kcna",
            source_kind="news_outlet",
            statement="Kim left by train.",
        )

        html = response.content.decode()
        assert response.status_code == 422
        assert "A source named “KCNA” already exists — use it." in html
        assert (
            '<button type="submit" class="button--secondary" name="citation-source_kind" '
            'value="">Use KCNA</button>'
        ) in html
        assert "Kim left by train." in html
        assert not Claim.objects.exists()

        # The offered button re-sends the form with one more, empty, kind: it comes last,
        # so the name is taken as an existing source's.
        response = log_claim(
            client,
            article,
            source="kcna",
            source_kind=["news_outlet", ""],
            statement="Kim left by train.",
        )
        assert response.status_code == 302
        assert Claim.objects.get().citations.get().source == kcna
        assert Source.objects.count() == 1

    def test_unknown_source_without_a_kind_suggests_similar_ones(self, client, reporter):
        make_source("Korean Central News Agency")
        client.force_login(reporter)
        response = log_claim(
            client, make_article(), htmx=True, source="Central News", source_kind=""
        )
        html = response.content.decode()
        assert response.status_code == 422
        assert "There is no source named “Central News”" in html
        assert (
            'name="citation-source" value="Korean Central News Agency">'
            "Use Korean Central News Agency</button>"
        ) in html

    def test_a_suggested_source_is_picked_by_its_button(self, client, reporter):
        agency = make_source("Korean Central News Agency")
        article = make_article()
        client.force_login(reporter)
        response = log_claim(
            client, article, source=["Central News", "Korean Central News Agency"], source_kind=""
        )
        assert response.status_code == 302
        assert Claim.objects.get().citations.get().source == agency

    def test_a_source_cannot_relay_itself(self, client, reporter):
        make_source("KCNA")
        client.force_login(reporter)
        response = log_claim(client, make_article(), source="KCNA", source_kind="", via="kcna")
        assert response.status_code == 422
        assert "A source cannot relay itself" in response.content.decode()

    @postgresql_only
    def test_a_new_source_the_database_folds_into_an_existing_one_is_offered_it(
        self, client, reporter
    ):
        # The Kelvin sign lowers to k on PostgreSQL, but is its own capital: “KCNA”.
        kcna = make_source("KCNA")
        article = make_article()
        client.force_login(reporter)
        response = log_claim(client, article, source="\u212aCNA", source_kind="state_media")
        assert response.status_code == 422
        assert "A source named “KCNA” already exists — use it." in response.text
        assert "Use KCNA" in response.text
        response = log_claim(client, article, source="\u212aCNA", source_kind="")
        assert response.status_code == 302
        assert Claim.objects.get().citations.get().source == kcna

    @postgresql_only
    def test_two_new_sources_the_database_folds_together_are_one_relaying_itself(
        self, client, reporter
    ):
        # The database lowers a dotted İ to i; Python's lower() does not.
        client.force_login(reporter)
        response = log_claim(
            client,
            make_article(),
            source="İSTANBUL GOV",
            source_kind="government",
            via="istanbul gov",
            via_kind="government",
        )
        assert response.status_code == 422
        assert "A source cannot relay itself" in response.text
        assert not Source.objects.exists()

    def test_a_new_source_taken_and_gone_again_before_it_is_read_is_refused(self, client, reporter):
        # The database refused the name, and the source it belonged to was merged away
        # before it could be cited.
        client.force_login(reporter)
        taken = IntegrityError("duplicate key value violates unique constraint")
        with mock.patch("claims.registry.add", side_effect=taken):
            response = log_claim(client, make_article(), statement="Kim left by train.")
        assert response.status_code == 409
        assert "A source named “KCNA” was added and then removed meanwhile" in response.text
        assert "Kim left by train." in response.text
        assert not Claim.objects.exists()

    def test_missing_source_is_refused(self, client, reporter):
        client.force_login(reporter)
        response = log_claim(client, make_article(), source="", source_kind="")
        assert response.status_code == 422
        assert "Name the source of this claim." in response.content.decode()

    def test_claims_are_numbered_in_the_order_logged(self, client, reporter):
        article = make_article()
        client.force_login(reporter)
        log_claim(client, article, statement="First.")
        log_claim(client, article, statement="Second.", source="KCNA", source_kind="")
        assert list(Claim.objects.values_list("statement", "position")) == [
            ("First.", 0),
            ("Second.", 1),
        ]


class TestEditClaim:
    def test_get_shows_the_form_in_the_card(self, client, reporter):
        claim = make_claim(statement="Kim went by train.")
        client.force_login(reporter)
        response = client.get(reverse("desk:edit_claim", args=[claim.pk]), headers=HTMX)
        html = response.content.decode()
        assert response.status_code == 200
        assert html.lstrip().startswith(f'<li id="claim-{claim.pk}"')
        assert "Save claim" in html and "Kim went by train." in html
        assert "<h3>Edit claim</h3>" in html  # under the panel's h2

    def test_without_js_the_form_is_a_page(self, client, reporter):
        claim = make_claim()
        client.force_login(reporter)
        response = client.get(reverse("desk:edit_claim", args=[claim.pk]))
        assert "<html" in response.content.decode()
        assert "<h2>Edit claim</h2>" in response.content.decode()  # under the page's h1
        assert "Save claim" in response.content.decode()

    def test_saving_redirects_to_the_claim_on_its_article(self, client, reporter):
        claim = make_claim()
        client.force_login(reporter)
        response = client.post(
            reverse("desk:edit_claim", args=[claim.pk]),
            {
                "statement": "Kim went by armoured train.",
                "quote": "traveled by special train",
                "revision": claim.revision,
            },
        )
        claim.refresh_from_db()
        assert claim.statement == "Kim went by armoured train."
        assert response["Location"].endswith(f"#claim-{claim.pk}")

    def test_saving_with_htmx_returns_the_card_with_a_notice(self, client, reporter):
        claim = make_claim()
        client.force_login(reporter)
        response = client.post(
            reverse("desk:edit_claim", args=[claim.pk]),
            {"statement": "Kim went by armoured train.", "quote": "no such words", "revision": 1},
            headers=HTMX,
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "Claim saved. Its quote does not occur in the story" in html
        assert "Orphaned:" in html

    def test_empty_statement_is_refused_and_the_quote_typed_is_kept(self, client, reporter):
        claim = make_claim()
        client.force_login(reporter)
        response = client.post(
            reverse("desk:edit_claim", args=[claim.pk]),
            {"statement": "", "quote": "special train from Pyongyang"},
            headers=HTMX,
        )
        html = response.content.decode()
        assert response.status_code == 422
        assert "a statement is required" in html
        assert "special train from Pyongyang" in html
        claim.refresh_from_db()
        assert claim.quote == "traveled by special train"

    def test_the_status_cannot_be_set_by_editing(self, client, editor):
        claim = make_claim()
        client.force_login(editor)
        client.post(
            reverse("desk:edit_claim", args=[claim.pk]),
            {"statement": "S", "quote": "traveled", "status": "verified"},
        )
        claim.refresh_from_db()
        assert claim.status == Claim.Status.UNCONFIRMED

    def test_close_returns_the_card_or_goes_back_to_the_article(self, client, reporter):
        claim = make_claim()
        client.force_login(reporter)
        url = reverse("desk:claim", args=[claim.pk])
        assert "Request status change" in client.get(url, headers=HTMX).content.decode()
        assert client.get(url)["Location"].endswith(f"#claim-{claim.pk}")
