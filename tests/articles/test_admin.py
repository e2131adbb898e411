"""The articles admin: publication only through the gate, with every reason it refuses."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles import publishing
from articles.demo.claims import PARADE_STORY
from articles.models import Article
from tests.claims.helpers import (
    change_page,
    changelist,
    make_staff,
    make_superuser,
    messages_of,
    run_action,
)
from tests.factories import make_article, make_claim, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(make_superuser())
    return client


def status_of(article):
    return Article.objects.values_list("status", flat=True).get(pk=article.pk)


def article_form(article, **changes):
    data = {
        "title": article.title,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "dateline": article.dateline,
        "byline": article.byline,
        "claims-TOTAL_FORMS": 0,
        "claims-INITIAL_FORMS": 0,
    }
    return {**data, **changes}


class TestList:
    def test_it_shows_status_claims_and_waiting_requests(self, admin_client):
        article = make_article(title="Kim heads to Beijing")
        claims = [make_claim(article) for _ in range(3)]
        make_request(claims[0])
        make_request(claims[2])
        response = admin_client.get(changelist(Article))
        (row,) = response.context["cl"].result_list
        assert (row.claim_count, row.pending_count) == (3, 2)
        assert "Kim heads to Beijing" in response.text

    @pytest.mark.parametrize(
        ("query", "shown", "hidden"),
        [
            ("?status__exact=published", "Out story", "Draft story"),
            ("?status__exact=draft", "Draft story", "Out story"),
            ("?q=Draft", "Draft story", "Out story"),
        ],
    )
    def test_filtered_by_status_and_searched(self, admin_client, query, shown, hidden):
        make_article(title="Out story", status=Article.Status.PUBLISHED)
        make_article(title="Draft story")
        content = admin_client.get(changelist(Article) + query).text
        assert shown in content
        assert hidden not in content

    def test_it_takes_a_fixed_number_of_queries(self, admin_client, django_assert_max_num_queries):
        for _ in range(20):
            make_request(make_claim(make_article()))
        with django_assert_max_num_queries(7):
            assert admin_client.get(changelist(Article)).status_code == 200


class TestArticlePage:
    def test_nothing_of_a_story_can_be_set_by_hand(self, admin_client):
        """Text changes on the desk, where each save is a revision (and on a published
        story a correction an editor approves); status only through the workflow."""
        article = make_article(title="As written")
        make_claim(article, cited=False)
        page = admin_client.get(change_page(article))
        for field in ("title", "body", "status", "published_at", "published_by", "created_by"):
            assert f'name="{field}"' not in page.text

        response = admin_client.post(
            change_page(article),
            article_form(
                article,
                title="Rewritten in the admin",
                status=Article.Status.PUBLISHED,
                published_at="2025-09-01 21:00:00",
                **{"claims-INITIAL_FORMS": 1, "claims-TOTAL_FORMS": 1},
            ),
        )
        assert response.status_code < 500
        article.refresh_from_db()
        assert (article.title, article.status, article.published_at) == (
            "As written",
            Article.Status.DRAFT,
            None,
        )

    def test_stories_are_not_added_here(self, admin_client):
        assert admin_client.get(reverse("admin:articles_article_add")).status_code == 403

    def test_the_demo_story_shows_with_its_claims_citations_and_audit_trail(self, admin_client):
        call_command("load_demo", "--force", stdout=io.StringIO())
        article = Article.objects.get(slug=PARADE_STORY.slug)

        page = admin_client.get(change_page(article))
        assert page.status_code == 200
        assert article.title in page.text
        assert "Foreign Minister Choe Son Hui is in Kim’s delegation." in page.text
        inline = page.context["inline_admin_formsets"][0].formset
        assert inline.queryset.count() == article.claims.count()

        claim = article.claims.get(statement__startswith="Kremlin aide Yuri Ushakov says")
        claim_page = admin_client.get(change_page(claim)).text
        assert "Yuri Ushakov" in claim_page
        assert "TASS" in claim_page
        assert "Status history (audit trail)" in claim_page
        assert "Ushakov’s words as TASS carried them." in claim_page
        assert "Ushakov’s own words, as TASS published them" in claim_page


class TestPublishAction:
    def test_publish_selected_articles(self, admin_client):
        articles = [make_article(), make_article()]
        make_claim(articles[0])
        response = run_action(admin_client, Article, "publish_selected", articles)
        assert messages_of(response) == [("success", "Published 2 articles.")]
        assert {status_of(a) for a in articles} == {Article.Status.PUBLISHED}
        assert {a.published_by.username for a in Article.objects.all()} == {"admin"}

    def test_every_reason_the_gate_refuses_is_its_own_message(self, admin_client):
        refused = make_article(title="Not ready")
        make_claim(refused, statement="Uncited.", cited=False)
        make_request(make_claim(refused, statement="Waiting."))
        ready = make_article(title="Ready")

        response = run_action(admin_client, Article, "publish_selected", [refused, ready])

        assert sorted(messages_of(response)) == sorted(
            [
                ("error", "“Not ready” was not published: “Uncited.” cites no source."),
                (
                    "error",
                    "“Not ready” was not published: “Waiting.” has a status change waiting "
                    "for review.",
                ),
                ("success", "Published 1 article."),
            ]
        )
        assert status_of(refused) == Article.Status.DRAFT
        assert status_of(ready) == Article.Status.PUBLISHED

    def test_an_article_already_out_is_reported(self, admin_client, editor):
        article = publishing.publish(make_article(title="Out"), editor)
        response = run_action(admin_client, Article, "publish_selected", [article])
        assert messages_of(response) == [
            ("error", "“Out” was not published: This story is already published.")
        ]
        article.refresh_from_db()
        assert article.published_by == editor

    def test_withdrawing_is_not_offered_here_it_needs_a_reason(self, admin_client, editor):
        publishing.publish(make_article(title="Out"), editor)
        page = admin_client.get(changelist(Article))
        assert "publish_selected" in page.text
        assert "withdraw_selected" not in page.text


class TestWhoMayPublish:
    def test_a_staff_member_without_the_permission_is_not_offered_publishing(self, client):
        article = make_article()
        client.force_login(make_staff("articles.view_article", "articles.change_article"))
        page = client.get(changelist(Article))
        assert page.status_code == 200
        assert page.context["action_form"] is None

        response = run_action(client, Article, "publish_selected", [article])
        assert response.status_code == 200
        assert status_of(article) == Article.Status.DRAFT

    def test_a_reporter_is_sent_to_sign_in(self, client, reporter):
        article = make_article()
        client.force_login(reporter)
        response = run_action(client, Article, "publish_selected", [article])
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
        assert status_of(article) == Article.Status.DRAFT
