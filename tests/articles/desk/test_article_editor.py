"""Writing a story on the desk: new story, the editor with its preview, stale-edit refusal."""

import threading
import uuid
from contextlib import nullcontext

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from articles import revisions
from articles.models import Article
from claims.models import Claim
from tests.factories import (
    make_approved_change,
    make_article,
    make_citation,
    make_claim,
    make_editor,
    make_reporter,
    make_request,
    make_user,
)
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db


def story_fields(article, **changes):
    """What the form on the article page posts, as loaded, with `changes` typed in."""
    fields = {
        name: getattr(article, name)
        for name in ["title", "standfirst", "dateline", "byline", "body", "revision"]
    }
    return {**fields, **changes}


def article_url(article):
    return f"/desk/articles/{article.pk}/"


class TestNewStory:
    def test_anonymous_visitors_are_sent_to_sign_in(self, client):
        response = client.get("/desk/articles/new/")
        assert response.status_code == 302
        assert response.headers["Location"] == "/accounts/login/?next=/desk/articles/new/"

    def test_people_without_a_desk_role_may_not_write(self, client):
        client.force_login(make_user())
        assert client.get("/desk/articles/new/").status_code == 403
        assert client.post("/desk/articles/new/", {"title": "Mine"}).status_code == 403
        assert not Article.objects.exists()

    def test_the_form_has_a_label_and_help_for_every_field(self, client, reporter):
        client.force_login(reporter)
        response = client.get("/desk/articles/new/")
        assert response.status_code == 200
        page = response.text
        for name, label in [
            ("title", "Title"),
            ("standfirst", "Standfirst"),
            ("dateline", "Dateline"),
            ("byline", "Byline"),
            ("body", "Body"),
        ]:
            assert f'<label for="id_{name}">{label}</label>' in page
        assert "Markdown: a blank line between paragraphs" in page
        assert '<button type="submit">Create story</button>' in page

    def test_creating_a_story_records_who_and_opens_it(self, client, reporter):
        client.force_login(reporter)
        response = client.post(
            "/desk/articles/new/",
            {
                "title": "Kim arrives in Beijing",
                "standfirst": "By armoured train.",
                "dateline": "BEIJING",
                "byline": "Desk reporter",
                "body": "Kim Jong Un arrived on Tuesday.",
            },
        )
        article = Article.objects.get()
        assert response.status_code == 302
        assert response.headers["Location"] == article_url(article)
        assert article.created_by == reporter
        assert article.updated_by == reporter
        assert article.slug == "kim-arrives-in-beijing"
        assert article.status == Article.Status.DRAFT
        assert article.revision == 1

        page = client.get(response.headers["Location"]).text
        assert "Story created." in page
        assert "<p>Kim Jong Un arrived on Tuesday.</p>" in page

    def test_editors_write_too(self, client, editor):
        client.force_login(editor)
        response = client.post("/desk/articles/new/", {"title": "Editor's note"})
        assert response.status_code == 302
        assert Article.objects.get().created_by == editor

    def test_a_story_without_a_title_is_refused_next_to_the_field_keeping_the_text(
        self, client, reporter
    ):
        client.force_login(reporter)
        response = client.post(
            "/desk/articles/new/",
            {"title": "  ", "dateline": "SEOUL", "body": "Three paragraphs of hard work."},
        )
        assert response.status_code == 422
        page = response.text
        assert (
            '<ul class="errorlist" id="id_title_error"><li>Give the story a title.</li></ul>'
            in page
        )
        assert 'aria-invalid="true"' in page
        assert "Three paragraphs of hard work.</textarea>" in page
        assert 'value="SEOUL"' in page
        assert not Article.objects.exists()

    def test_a_title_too_long_is_refused(self, client, reporter):
        client.force_login(reporter)
        response = client.post("/desk/articles/new/", {"title": "x" * 201})
        assert response.status_code == 422
        assert "Ensure this value has at most 200 characters (it has 201)." in response.text


class TestArticlePage:
    def test_anonymous_visitors_are_sent_to_sign_in(self, client):
        article = make_article()
        response = client.get(article_url(article))
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/accounts/login/?next=")

    def test_people_without_a_desk_role_are_refused(self, client):
        article = make_article()
        client.force_login(make_user())
        assert client.get(article_url(article)).status_code == 403
        assert client.post(article_url(article), story_fields(article)).status_code == 403

    def test_a_story_that_does_not_exist_is_404(self, client, reporter):
        client.force_login(reporter)
        assert client.get("/desk/articles/999999/").status_code == 404

    def test_any_desk_member_opens_any_story(self, client, editor):
        article = make_article(title="Someone else's story")
        client.force_login(editor)
        assert client.get(article_url(article)).status_code == 200

    def test_the_page_shows_the_form_the_preview_and_the_claims_panel(self, client, reporter):
        article = make_article(
            created_by=reporter,
            title="Parade",
            dateline="BEIJING",
            body="Kim *traveled* by special train.\n\n## Troops\n\nAbout 15,000.",
        )
        claim = make_claim(article, statement="He took the train")
        client.force_login(reporter)
        response = client.get(article_url(article))
        assert response.status_code == 200
        page = response.text
        assert '<h1 class="page-head__title">Parade</h1>' in page
        assert f'<input type="hidden" name="revision" value="{article.revision}"' in page
        assert 'value="BEIJING"' in page
        # The preview, rendered from the Markdown, is what the quote picker reads.
        assert (
            '<div id="article-preview" class="story-preview__body" data-quote-source>'
            "<p>Kim <em>traveled</em> by special train.</p>\n<h2>Troops</h2>" in page
        )
        assert 'id="claims-panel"' in page
        assert f'id="claim-{claim.pk}"' in page
        assert "He took the train" in page

    def test_the_preview_refreshes_as_you_type_through_htmx(self, client, reporter):
        article = make_article()
        client.force_login(reporter)
        page = client.get(article_url(article)).text
        assert f'hx-post="/desk/articles/{article.pk}/preview/"' in page
        assert 'hx-trigger="input delay:500ms"' in page
        assert 'hx-target="#preview-pane"' in page
        # Every htmx request carries the CSRF token from <body>.
        token = client.cookies["csrftoken"].value
        assert token
        assert 'hx-headers=\'{"X-CSRFToken": "' in page

    def test_no_script_from_the_body_reaches_the_page(self, client, reporter):
        article = make_article(
            title="<script>alert('title')</script>",
            body="<script>alert('body')</script>\n\n[click](javascript:alert(1))",
        )
        client.force_login(reporter)
        page = client.get(article_url(article)).text
        assert "<script>alert(" not in page
        assert 'href="javascript:' not in page
        assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in page

    def test_the_page_says_who_saved_last_and_when(self, client, reporter):
        lee = make_reporter("lee")
        article = make_article(created_by=reporter)
        Article.objects.filter(pk=article.pk).update(updated_by=lee)
        client.force_login(reporter)
        page = client.get(article_url(article)).text
        saved_at = date_format(timezone.localtime(Article.objects.get().updated_at), "H:i")
        assert f"Last saved by lee at {saved_at}" in page

    def test_the_article_page_with_fifty_claims_makes_a_fixed_number_of_queries(
        self, client, django_assert_max_num_queries
    ):
        editor = make_editor()
        reporter = make_reporter()
        article = make_article(created_by=reporter)
        for n in range(50):
            claim = make_claim(article, statement=f"Claim number {n}", created_by=reporter)
            make_citation(claim, via=make_citation(claim).source)
            if n % 2:
                make_request(claim, requested_by=reporter)
            elif n % 5 == 0:
                make_approved_change(
                    claim, Claim.Status.VERIFIED, requested_by=reporter, decided_by=editor
                )
        client.force_login(editor)

        # The page's own: session, user, permissions (2), the article with its last editor,
        # its correction waiting and its history. The claims panel (panel_context): claims,
        # citations with their sources, status changes and edits waiting with their people,
        # the sources and dismissals of the suggested claims; one to spare for its forms.
        with django_assert_max_num_queries(13):
            response = client.get(article_url(article))
        assert response.status_code == 200
        assert response.text.count('id="claim-') == 50


class TestSaving:
    def test_saving_bumps_the_revision_and_records_who(self, client, reporter):
        article = make_article()
        client.force_login(reporter)
        response = client.post(
            article_url(article), story_fields(article, title="New title", body="New body.")
        )
        assert response.status_code == 302
        assert response.headers["Location"] == article_url(article)
        article.refresh_from_db()
        assert article.title == "New title"
        assert article.body == "New body."
        assert article.revision == 2
        assert article.updated_by == reporter
        page = client.get(article_url(article)).text
        assert "Saved." in page
        assert "<p>New body.</p>" in page

    def test_saving_a_draft_records_a_revision_with_before_and_after(self, client, reporter):
        article = make_article(body="First words.")
        client.force_login(reporter)
        client.post(article_url(article), story_fields(article, body="Second words."))
        revision = article.revisions.get()
        assert revision.state == revision.State.SAVED
        assert (revision.author, revision.before["body"], revision.after["body"]) == (
            reporter,
            "First words.",
            "Second words.",
        )

    def test_a_published_story_saved_is_a_correction_readers_do_not_see_yet(self, client, reporter):
        article = make_article(status=Article.Status.PUBLISHED, body="As published.")
        before = article.content_version
        client.force_login(reporter)
        response = client.post(article_url(article), story_fields(article, body="Corrected."))
        assert response.status_code == 302
        article.refresh_from_db()
        assert (article.body, article.content_version) == ("As published.", before)
        assert article.status == Article.Status.PUBLISHED
        assert article.revisions.pending().get().after["body"] == "Corrected."
        page = client.get(article_url(article)).text
        assert "Correction saved for review" in page
        assert "Correction waiting for review" in page
        # The form holds the correction, to go on with it.
        assert "Corrected.</textarea>" in page

    def test_an_approved_correction_renews_what_readers_are_served(
        self, client, reporter, second_editor
    ):
        article = make_article(status=Article.Status.PUBLISHED)
        before = article.content_version
        client.force_login(reporter)
        client.post(article_url(article), story_fields(article, body="Corrected."))
        article.refresh_from_db()
        revisions.approve(
            article.revisions.pending().get(),
            second_editor,
            seen=article.revision,
            public_note="We corrected the second paragraph.",
        )
        article.refresh_from_db()
        assert article.body == "Corrected."
        assert article.content_version != before
        assert isinstance(article.content_version, uuid.UUID)

    def test_the_slug_stays_when_the_title_changes(self, client, reporter):
        article = make_article(title="First title")
        client.force_login(reporter)
        client.post(article_url(article), story_fields(article, title="Second title"))
        article.refresh_from_db()
        assert article.slug == "first-title"

    def test_an_empty_title_is_refused_next_to_the_field_and_nothing_is_lost(
        self, client, reporter
    ):
        article = make_article(title="Kept title", body="Old body.")
        client.force_login(reporter)
        response = client.post(
            article_url(article), story_fields(article, title="", body="My new paragraph.")
        )
        assert response.status_code == 422
        page = response.text
        assert "Give the story a title." in page
        assert "My new paragraph.</textarea>" in page
        # The preview still shows the last save, and the story is unchanged.
        assert "<p>Old body.</p>" in page
        article.refresh_from_db()
        assert (article.title, article.body, article.revision) == ("Kept title", "Old body.", 1)

    def test_a_form_without_its_revision_is_refused(self, client, reporter):
        article = make_article()
        client.force_login(reporter)
        fields = story_fields(article, body="Typed text.")
        del fields["revision"]
        response = client.post(article_url(article), fields)
        assert response.status_code == 422
        assert "lost track of which version you opened; reload the page." in response.text
        assert "Typed text.</textarea>" in response.text
        article.refresh_from_db()
        assert article.body != "Typed text."

    def test_saving_over_a_newer_edit_is_refused_with_who_and_when_and_the_text_kept(
        self, client, reporter
    ):
        lee = make_reporter("lee")
        article = make_article(body="Original.")
        opened_by_me = story_fields(article)

        other = Client()
        other.force_login(lee)
        assert other.post(article_url(article), story_fields(article, body="Lee's edit."))
        saved_at = date_format(timezone.localtime(Article.objects.get().updated_at), "H:i")

        client.force_login(reporter)
        response = client.post(article_url(article), {**opened_by_me, "body": "My edit."})
        assert response.status_code == 409
        page = response.text
        assert (
            f"lee saved this story at {saved_at}, after you opened it. Your text is below; "
            "copy what you need and reload." in page
        )
        assert "My edit.</textarea>" in page
        # The preview shows what lee saved, so the two can be compared.
        assert "<p>Lee's edit.</p>" in page
        article.refresh_from_db()
        assert article.body == "Lee's edit."
        assert article.updated_by == lee
        assert article.revision == 2

        # Sending the same form again is refused again: never a silent overwrite.
        again = client.post(article_url(article), {**opened_by_me, "body": "My edit."})
        assert again.status_code == 409
        article.refresh_from_db()
        assert article.body == "Lee's edit."


def save_all_at_once(clients, article):
    """Every client posts the form as loaded now, with its own name as the body, released
    together by a barrier; each thread has its own connection. Returns name → status."""
    loaded = story_fields(article)
    # SQLite lets one writer in at a time (a file on disk makes the others wait); the
    # in-memory database of the test run reports that lock as an error instead of waiting,
    # so there the writers take turns, as they would on disk.
    one_writer = threading.Lock() if connection.vendor == "sqlite" else nullcontext()
    start = threading.Barrier(len(clients))
    statuses, failures = {}, []

    def save(name):
        try:
            start.wait()
            with one_writer:
                response = clients[name].post(article_url(article), {**loaded, "body": name})
            statuses[name] = response.status_code
        except Exception as error:  # Reported below: a thread's exception is otherwise lost.
            failures.append(error)
            start.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(name,)) for name in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    return statuses


@pytest.mark.django_db(transaction=True)
def test_of_saves_made_at_once_from_the_same_revision_exactly_one_wins():
    """Six writers who opened the same revision save at the same moment: exactly one save
    lands, every other writer is told who got there first. On PostgreSQL they truly race
    (the pool's 10 connections hold the six and the test's own)."""
    clients = {}
    for n in range(6):
        writer = make_reporter(f"writer{n}")
        clients[writer.username] = Client()
        clients[writer.username].force_login(writer)

    for round_ in range(3):
        article = make_article(body="Original.")
        statuses = save_all_at_once(clients, article)
        assert sorted(statuses.values()) == [302] + [409] * (len(clients) - 1), round_
        winner = next(name for name, status in statuses.items() if status == 302)
        article.refresh_from_db()
        assert (article.body, article.updated_by.username) == (winner, winner)
        assert article.revision == 2


class TestPreview:
    def test_typed_text_comes_back_rendered_as_a_fragment(self, client, reporter):
        article = make_article(body="Saved body.")
        client.force_login(reporter)
        response = client.post(
            f"/desk/articles/{article.pk}/preview/",
            {"title": "Draft title", "dateline": "SEOUL", "body": "Typed *now*."},
            headers=HTMX,
        )
        assert response.status_code == 200
        fragment = response.text
        assert "<html" not in fragment
        assert 'id="article-preview"' in fragment
        assert "data-quote-source" in fragment
        assert "<p>Typed <em>now</em>.</p>" in fragment
        assert "Draft title" in fragment
        assert "Saved body." not in fragment
        # Previewing saves nothing.
        article.refresh_from_db()
        assert article.body == "Saved body."

    def test_without_typed_text_it_shows_the_last_save(self, client, reporter):
        article = make_article(body="Saved **body**.")
        client.force_login(reporter)
        response = client.get(f"/desk/articles/{article.pk}/preview/", headers=HTMX)
        assert response.status_code == 200
        assert "<p>Saved <strong>body</strong>.</p>" in response.text

    def test_the_preview_is_sanitized(self, client, reporter):
        article = make_article()
        client.force_login(reporter)
        response = client.post(
            f"/desk/articles/{article.pk}/preview/",
            {"title": "<b>bold</b>", "body": '<img src=x onerror="alert(1)">'},
            headers=HTMX,
        )
        # Raw HTML in Markdown is shown as the text it is, never as markup.
        assert "<img" not in response.text
        assert '<p>&lt;img src=x onerror="alert(1)"&gt;</p>' in response.text
        assert "&lt;b&gt;bold&lt;/b&gt;" in response.text

    def test_an_empty_body_says_so(self, client, reporter):
        article = make_article()
        client.force_login(reporter)
        response = client.post(f"/desk/articles/{article.pk}/preview/", {"title": "T"})
        assert "Nothing in the body yet." in response.text

    def test_the_preview_is_private_to_the_desk(self, client):
        article = make_article()
        url = f"/desk/articles/{article.pk}/preview/"
        assert client.post(url, {"body": "x"}).status_code == 302
        client.force_login(make_user())
        assert client.post(url, {"body": "x"}).status_code == 403

    def test_the_preview_needs_the_csrf_token_that_htmx_sends(self, reporter):
        article = make_article()
        client = Client(enforce_csrf_checks=True)
        client.force_login(reporter)
        token = client.get(article_url(article)).cookies["csrftoken"].value
        url = f"/desk/articles/{article.pk}/preview/"
        assert client.post(url, {"body": "x"}, headers=HTMX).status_code == 403
        answered = client.post(url, {"body": "x"}, headers={**HTMX, "X-CSRFToken": token})
        assert answered.status_code == 200
