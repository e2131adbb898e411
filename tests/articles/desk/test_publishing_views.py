"""Submit for review, Publish, Withdraw on the desk: plain POSTs and htmx fragments."""

import pytest
from django.contrib.messages import get_messages

from articles.models import Article
from claims import registry
from claims.models import Claim, Source
from tests.factories import (
    make_approved_change,
    make_article,
    make_citation,
    make_claim,
    make_request,
    make_source,
    make_user,
)
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db


REASON = {"reason": "The NIS retracted its figure."}


def url(article, action):
    return f"/desk/articles/{article.pk}/{action}/"


def workflow_box(page):
    start = page.index('<section id="workflow"')
    return page[start : page.index("</section>", start)]


def status_of(article):
    article.refresh_from_db()
    return article.status


def ready_article(**fields):
    """A story the gate lets through: its one claim is cited, quoted and not pending."""
    article = make_article(**fields)
    make_claim(article)
    return article


class TestWhoMay:
    @pytest.mark.parametrize("action", ["submit", "publish", "withdraw"])
    def test_anonymous_visitors_are_sent_to_sign_in(self, client, action):
        article = make_article()
        response = client.post(url(article, action))
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/accounts/login/")

    @pytest.mark.parametrize("action", ["submit", "publish", "withdraw"])
    def test_people_without_a_desk_role_are_refused(self, client, action):
        article = make_article(status=Article.Status.PUBLISHED)
        client.force_login(make_user())
        assert client.post(url(article, action)).status_code == 403
        assert status_of(article) == Article.Status.PUBLISHED

    @pytest.mark.parametrize("action", ["submit", "publish", "withdraw"])
    def test_actions_change_things_so_they_take_a_post(self, client, editor, action):
        article = make_article()
        client.force_login(editor)
        assert client.get(url(article, action)).status_code == 405

    def test_a_reporter_posting_publish_is_forbidden(self, client, reporter):
        article = ready_article(status=Article.Status.IN_REVIEW)
        client.force_login(reporter)
        assert client.post(url(article, "publish")).status_code == 403
        assert client.post(url(article, "publish"), headers=HTMX).status_code == 403
        assert status_of(article) == Article.Status.IN_REVIEW

    def test_a_reporter_posting_withdraw_is_forbidden(self, client, reporter):
        article = make_article(status=Article.Status.PUBLISHED)
        client.force_login(reporter)
        assert client.post(url(article, "withdraw"), REASON).status_code == 403
        assert status_of(article) == Article.Status.PUBLISHED

    def test_a_story_that_does_not_exist_is_404(self, client, editor):
        client.force_login(editor)
        assert client.post("/desk/articles/999999/publish/").status_code == 404


class TestButtons:
    def test_a_reporter_sees_submit_on_a_draft_but_never_publish(self, client, reporter):
        article = make_article()
        client.force_login(reporter)
        box = workflow_box(client.get(f"/desk/articles/{article.pk}/").text)
        assert '<span class="status-pill status-pill--draft">Draft</span>' in box
        assert '<button type="submit">Submit for review</button>' in box
        assert "Publish</button>" not in box
        assert "Withdraw</button>" not in box

    def test_an_editor_sees_publish_on_a_story_in_review(self, client, editor):
        article = make_article(status=Article.Status.IN_REVIEW)
        client.force_login(editor)
        box = workflow_box(client.get(f"/desk/articles/{article.pk}/").text)
        assert "In review</span>" in box
        assert '<button type="submit">Publish</button>' in box
        assert "Submit for review" not in box

    def test_an_editor_sees_withdraw_and_the_reader_link_on_a_published_story(self, client, editor):
        article = make_article(status=Article.Status.PUBLISHED)
        client.force_login(editor)
        box = workflow_box(client.get(f"/desk/articles/{article.pk}/").text)
        assert 'class="button--danger">Withdraw</button>' in box
        assert f'href="/stories/{article.slug}/">Read it as a reader</a>' in box
        assert "Publish</button>" not in box

    def test_the_buttons_post_plain_forms_that_htmx_upgrades(self, client, editor):
        article = make_article()
        client.force_login(editor)
        box = workflow_box(client.get(f"/desk/articles/{article.pk}/").text)
        publish = url(article, "publish")
        assert f'<form method="post" action="{publish}" hx-post="{publish}"' in box
        assert 'hx-target="#workflow" hx-swap="outerHTML"' in box
        assert 'name="csrfmiddlewaretoken"' in box


class TestSubmit:
    def test_a_reporter_submits_a_draft(self, client, reporter):
        article = make_article()
        client.force_login(reporter)
        response = client.post(url(article, "submit"))
        assert response.status_code == 302
        assert response.headers["Location"] == f"/desk/articles/{article.pk}/"
        assert status_of(article) == Article.Status.IN_REVIEW
        page = client.get(response.headers["Location"]).text
        assert "Submitted for review. An editor will check the claims and publish it." in page
        assert "In review</span>" in workflow_box(page)

    def test_with_htmx_only_the_status_box_comes_back(self, client, reporter):
        article = make_article()
        client.force_login(reporter)
        response = client.post(url(article, "submit"), headers=HTMX)
        assert response.status_code == 200
        fragment = response.text
        assert fragment.lstrip().startswith('<section id="workflow"')
        assert "<html" not in fragment
        assert '<p class="workflow__notice" role="status">Submitted for review.' in fragment
        assert "In review</span>" in fragment
        assert "Submit for review</button>" not in fragment
        # The notice is in the fragment, not left over for the next page.
        assert not list(get_messages(response.wsgi_request))

    def test_only_a_draft_can_be_submitted(self, client, reporter):
        article = make_article(status=Article.Status.IN_REVIEW)
        client.force_login(reporter)
        page = client.post(url(article, "submit"), follow=True).text
        assert "Only a draft can be submitted for review; this story is in review." in page

        response = client.post(url(article, "submit"), headers=HTMX)
        assert response.status_code == 409
        assert (
            '<p class="workflow__error" role="alert">Only a draft can be submitted for review; '
            "this story is in review.</p>" in response.text
        )


class TestPublish:
    def test_an_editor_publishes_a_ready_story(self, client, editor):
        article = ready_article(status=Article.Status.IN_REVIEW)
        client.force_login(editor)
        response = client.post(url(article, "publish"))
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.status == Article.Status.PUBLISHED
        assert article.published_by == editor
        assert article.published_at is not None
        page = client.get(response.headers["Location"]).text
        assert "Published. Readers can see it now." in page
        assert "Read it as a reader</a>" in workflow_box(page)

    def test_with_htmx_the_box_shows_the_story_is_live(self, client, editor):
        article = ready_article(status=Article.Status.IN_REVIEW)
        client.force_login(editor)
        response = client.post(url(article, "publish"), headers=HTMX)
        assert response.status_code == 200
        assert '<span class="status-pill status-pill--published">Published</span>' in (
            response.text
        )
        assert "Withdraw</button>" in response.text
        assert status_of(article) == Article.Status.PUBLISHED

    def test_a_refusal_lists_every_reason_each_linking_to_its_claim(self, client, editor):
        article = make_article(status=Article.Status.IN_REVIEW)
        pending = make_claim(article, statement="Kim traveled by train")
        make_request(pending)
        uncited = make_claim(article, statement="Nobody said so", cited=False)
        orphan = make_claim(article, statement="Gone from the text", quote="words cut later")
        estimate = make_claim(article, statement="15,000 troops", cited=False)
        service = make_source("Seoul’s spy agency", kind=Source.Kind.INTELLIGENCE_SERVICE)
        make_citation(estimate, service)
        make_approved_change(estimate, Claim.Status.INTELLIGENCE_ESTIMATE)
        # The registry learns that the source was not an intelligence service after all.
        Source.objects.filter(pk=service.pk).update(kind=Source.Kind.GOVERNMENT)
        verified = make_claim(article, statement="26 leaders will attend", cited=False)
        organizers, beijing = make_source("Organizers"), make_source("Beijing")
        make_citation(verified, organizers)
        make_citation(verified, beijing)
        make_approved_change(verified, Claim.Status.VERIFIED)  # two independent origins
        # …and that one of the verified claim's two origins speaks for the other.
        registry.edit(organizers, editor, seen=organizers.revision, affiliation=beijing)
        client.force_login(editor)

        response = client.post(url(article, "publish"), follow=True)
        page = response.text
        assert status_of(article) == Article.Status.IN_REVIEW
        assert "This story cannot be published yet:" in page
        link = f'<a href="/desk/articles/{article.pk}/#claim-'
        assert (
            f'{link}{pending.pk}">“Kim traveled by train” has a status change waiting for '
            "review.</a>" in page
        )
        assert f'{link}{uncited.pk}">“Nobody said so” cites no source.</a>' in page
        assert (
            f'{link}{orphan.pk}">“Gone from the text”: its quote no longer occurs in the '
            "story.</a>" in page
        )
        assert (
            f'{link}{estimate.pk}">“15,000 troops” is an intelligence estimate but does not '
            "cite the intelligence service that made it.</a>" in page
        )
        assert (
            f'{link}{estimate.pk}">“15,000 troops”: its assessment is by Seoul’s spy agency, '
            "which is not an intelligence service.</a>" in page
        )
        assert (
            f'{link}{verified.pk}">“26 leaders will attend” rests on 2 origins, not independent '
            "(Beijing, Organizers): a verified claim needs two independent origins, or — when "
            "it is about what one party itself said or published — a primary-record note from "
            "the editor who approves it.</a>" in page
        )

    def test_with_htmx_the_refusal_comes_back_in_the_status_box(self, client, editor):
        article = make_article(status=Article.Status.IN_REVIEW)
        claim = make_claim(article)
        make_request(claim)
        client.force_login(editor)
        response = client.post(url(article, "publish"), headers=HTMX)
        assert response.status_code == 409
        fragment = response.text
        assert fragment.lstrip().startswith('<section id="workflow"')
        assert '<div class="workflow__error" role="alert">This story cannot be published yet:' in (
            fragment
        )
        assert f'href="/desk/articles/{article.pk}/#claim-{claim.pk}"' in fragment
        assert "has a status change waiting for review." in fragment
        assert "Publish</button>" in fragment
        assert status_of(article) == Article.Status.IN_REVIEW

    def test_a_reason_without_a_claim_is_listed_without_a_link(self, client, editor):
        article = make_article(body="   ")
        client.force_login(editor)
        page = client.post(url(article, "publish"), follow=True).text
        assert "<li>The story has no body.</li>" in page

    def test_claim_text_in_the_reasons_is_escaped(self, client, editor):
        article = make_article()
        make_claim(article, statement="<script>alert(1)</script>", cited=False)
        client.force_login(editor)
        page = client.post(url(article, "publish"), follow=True).text
        assert "<script>alert(1)</script>" not in page
        assert "“&lt;script&gt;alert(1)&lt;/script&gt;” cites no source." in page
        fragment = client.post(url(article, "publish"), headers=HTMX).text
        assert "<script>alert(1)</script>" not in fragment
        assert "“&lt;script&gt;alert(1)&lt;/script&gt;” cites no source." in fragment

    def test_an_intelligence_estimate_citing_its_service_passes(self, client, editor):
        article = make_article()
        claim = make_claim(article)
        make_citation(claim, make_source("NIS", kind=Source.Kind.INTELLIGENCE_SERVICE))
        make_approved_change(claim, Claim.Status.INTELLIGENCE_ESTIMATE)
        client.force_login(editor)
        client.post(url(article, "publish"))
        assert status_of(article) == Article.Status.PUBLISHED

    def test_publishing_twice_is_refused_with_a_message(self, client, editor):
        article = ready_article(status=Article.Status.PUBLISHED)
        client.force_login(editor)
        page = client.post(url(article, "publish"), follow=True).text
        assert "This story is already published." in page

    def test_a_withdrawn_story_can_be_published_again(self, client, editor):
        article = ready_article(status=Article.Status.PUBLISHED)
        client.force_login(editor)
        client.post(url(article, "withdraw"), REASON)
        assert status_of(article) == Article.Status.WITHDRAWN
        box = workflow_box(client.get(f"/desk/articles/{article.pk}/").text)
        assert '<button type="submit">Publish</button>' in box
        client.post(url(article, "publish"))
        assert status_of(article) == Article.Status.PUBLISHED


class TestWithdraw:
    def test_an_editor_withdraws_a_published_story(self, client, editor):
        article = make_article(status=Article.Status.PUBLISHED)
        client.force_login(editor)
        response = client.post(url(article, "withdraw"), REASON, follow=True)
        assert status_of(article) == Article.Status.WITHDRAWN
        assert "Withdrawn. Readers who open it are told it was withdrawn, and why." in response.text
        assert '<span class="status-pill status-pill--withdrawn">Withdrawn</span>' in (
            response.text
        )

    def test_with_htmx_the_box_swaps(self, client, editor):
        article = make_article(status=Article.Status.PUBLISHED)
        client.force_login(editor)
        response = client.post(url(article, "withdraw"), REASON, headers=HTMX)
        assert response.status_code == 200
        assert "Withdrawn. Readers who open it are told it was withdrawn, and why." in response.text
        assert "<html" not in response.text

    def test_a_withdrawal_without_a_reason_is_refused_at_the_field(self, client, editor):
        article = make_article(status=Article.Status.PUBLISHED)
        client.force_login(editor)
        response = client.post(url(article, "withdraw"), {"reason": "  "}, headers=HTMX)
        assert response.status_code == 422
        assert "Say why the story is withdrawn: readers will see it." in response.text
        assert status_of(article) == Article.Status.PUBLISHED
        page = client.post(url(article, "withdraw"), {"reason": ""}, follow=True).text
        assert "Say why the story is withdrawn: readers will see it." in page
        assert status_of(article) == Article.Status.PUBLISHED

    def test_the_desk_says_who_withdrew_it_and_why(self, client, editor):
        article = make_article(status=Article.Status.PUBLISHED)
        client.force_login(editor)
        client.post(url(article, "withdraw"), REASON)
        box = workflow_box(client.get(f"/desk/articles/{article.pk}/").text)
        assert "Withdrawn by editor on" in box
        assert "The NIS retracted its figure." in box

    def test_only_a_published_story_can_be_withdrawn(self, client, editor):
        article = make_article()
        client.force_login(editor)
        page = client.post(url(article, "withdraw"), REASON, follow=True).text
        assert "Only a published story can be withdrawn." in page
        assert status_of(article) == Article.Status.DRAFT
        response = client.post(url(article, "withdraw"), REASON, headers=HTMX)
        assert response.status_code == 409
        assert "Only a published story can be withdrawn." in response.text
