"""The desk dashboard: my drafts, stories in review, the queue for editors, decisions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from claims import workflow
from claims.models import Claim, StatusChange
from tests.factories import (
    make_approved_change,
    make_article,
    make_claim,
    make_editor,
    make_reporter,
    make_request,
    make_user,
)

pytestmark = pytest.mark.django_db


def dashboard(client, user):
    client.force_login(user)
    response = client.get("/desk/")
    assert response.status_code == 200
    return response.text


def section(page, title_id):
    """The HTML of one dashboard card, so an assertion cannot match another card."""
    start = page.index(f'id="{title_id}"')
    return page[start : page.index("</section>", start)]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/desk/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")


def test_people_without_a_desk_role_are_refused(client):
    client.force_login(make_user())
    assert client.get("/desk/").status_code == 403


def test_my_drafts_lists_the_drafts_i_wrote_or_last_saved_and_nothing_else(client, reporter):
    colleague = make_reporter()
    mine = make_article(created_by=reporter, title="My own draft")
    make_claim(mine)
    make_claim(mine)
    Article.objects.create(
        title="Colleague's draft I edited", created_by=colleague, updated_by=reporter
    )
    make_article(created_by=colleague, title="A colleague's draft")
    make_article(created_by=reporter, title="My story in review", status=Article.Status.IN_REVIEW)

    page = dashboard(client, reporter)
    drafts = section(page, "drafts-title")
    assert f'<a href="/desk/articles/{mine.pk}/">My own draft</a>' in drafts
    assert "Colleague&#x27;s draft I edited" in drafts
    assert "A colleague&#x27;s draft" not in drafts
    assert "My story in review" not in drafts
    assert '<td class="num">2</td>' in drafts
    # Colleagues' drafts are listed apart, each a click away.
    others = section(page, "other-drafts-title")
    assert "A colleague&#x27;s draft</a>" in others
    assert f"by {colleague.username}, saved " in others
    assert "My own draft" not in others
    assert "I edited" not in others


def test_an_empty_desk_says_what_to_do_next(client, reporter):
    page = dashboard(client, reporter)
    assert "No drafts of yours yet." in section(page, "drafts-title")
    assert '<a class="button" href="/desk/articles/new/">Write a new story</a>' in page
    assert "No stories are waiting for review." in page
    assert "None of your requests has been decided yet." in page


def test_stories_in_review_show_their_reporter_claims_and_waiting_requests(client, editor):
    author = make_reporter("kim")
    story = make_article(created_by=author, title="Parade", status=Article.Status.IN_REVIEW)
    make_request(make_claim(story))
    make_request(make_claim(story))
    make_claim(story)
    make_article(title="Still a draft")

    in_review = section(dashboard(client, editor), "review-title")
    assert f'<a href="/desk/articles/{story.pk}/">Parade</a>' in in_review
    assert "<td>kim</td>" in in_review
    assert '<td class="num">3</td>' in in_review
    assert '<td class="num"><strong>2</strong></td>' in in_review
    assert "Still a draft" not in in_review


def test_editors_see_how_many_requests_wait_and_how_long_the_oldest_has(client, editor):
    make_request(make_claim())
    oldest = make_request(make_claim())
    StatusChange.objects.filter(pk=oldest.pk).update(
        requested_at=timezone.now() - timedelta(hours=3, minutes=5)
    )
    make_request(make_claim())

    queue = section(dashboard(client, editor), "queue-title")
    assert '<span class="queue-count__number">3</span> requests wait for an editor.' in queue
    assert "The oldest has waited <strong>3\xa0hours, 5\xa0minutes</strong>." in queue
    assert 'href="/desk/reviews/">Open the review queue</a>' in queue


def test_an_editor_with_an_empty_queue_is_told_so(client, editor):
    queue = section(dashboard(client, editor), "queue-title")
    assert "No requests are waiting." in queue


def test_reporters_get_no_review_queue(client, reporter):
    make_request(make_claim())
    page = dashboard(client, reporter)
    assert 'id="queue-title"' not in page
    assert "/desk/reviews/" not in page


def test_editors_see_recent_decisions_with_their_outcome_and_note(client, editor):
    asker = make_reporter("kim")
    story = make_article(title="Parade")
    approved_claim = make_claim(story, statement="Kim took the train.")
    make_approved_change(approved_claim, Claim.Status.VERIFIED, requested_by=asker)
    rejected = make_request(make_claim(story, statement="15,000 troops"), requested_by=asker)
    workflow.reject(rejected, make_editor("lee"), "Only one source so far.")
    make_request(make_claim(story, statement="Still pending"))

    decisions = section(dashboard(client, editor), "decisions-title")
    assert "Recent decisions" in decisions
    assert decisions.index("15,000 troops") < decisions.index("Kim took the train.")
    assert '<span class="outcome outcome--rejected">Rejected</span>' in decisions
    assert '<span class="outcome outcome--approved">Approved</span>' in decisions
    assert "Rejected</span> by lee, " in decisions
    assert " ago · asked by kim · in Parade</p>" in decisions
    assert "“Only one source so far.”" in decisions
    assert f'href="/desk/articles/{story.pk}/#claim-{approved_claim.pk}"' in decisions
    assert 'data-claim-status="verified"' in decisions
    assert "Still pending" not in decisions


def test_a_reporter_sees_the_decisions_on_their_own_requests_only(client, reporter):
    make_approved_change(make_claim(statement="Mine"), Claim.Status.VERIFIED, requested_by=reporter)
    make_approved_change(make_claim(statement="Someone else's"), Claim.Status.VERIFIED)
    withdrawn = make_request(make_claim(statement="Taken back"), requested_by=reporter)
    workflow.withdraw(withdrawn, reporter)

    decisions = section(dashboard(client, reporter), "decisions-title")
    assert "Decisions on your requests" in decisions
    assert "Mine" in decisions
    assert "Someone else&#x27;s" not in decisions
    assert "Taken back" not in decisions


def test_published_and_withdrawn_stories_are_listed_for_corrections(client, reporter):
    live = make_article(title="Live story", status=Article.Status.PUBLISHED)
    make_article(title="Pulled story", status=Article.Status.WITHDRAWN, published_at=timezone.now())
    published = section(dashboard(client, reporter), "out-title")
    assert f'<a href="/desk/articles/{live.pk}/">Live story</a>' in published
    assert '<span class="status-pill status-pill--withdrawn">Withdrawn</span>' in published


def test_user_text_on_the_dashboard_is_escaped(client, editor):
    story = make_article(created_by=editor, title="<script>alert(1)</script>")
    claim = make_claim(story, statement="<img src=x onerror=alert(1)>")
    make_approved_change(claim, Claim.Status.VERIFIED)
    page = dashboard(client, editor)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page


def test_the_dashboard_makes_the_same_few_queries_however_busy_the_desk(
    client, django_assert_max_num_queries
):
    editor = make_editor()
    for n in range(15):
        draft = make_article(created_by=editor, title=f"Draft {n}")
        make_claim(draft)
        make_article(title=f"Colleague's draft {n}")
        story = make_article(title=f"In review {n}", status=Article.Status.IN_REVIEW)
        make_request(make_claim(story))
        make_claim(story)
        make_approved_change(make_claim(story), Claim.Status.VERIFIED)
        make_article(title=f"Published {n}", status=Article.Status.PUBLISHED)
    client.force_login(editor)

    # Session, user, the user's permissions (2), my drafts, colleagues' drafts, in review,
    # published, decisions, and the queue's count and age.
    with django_assert_max_num_queries(11):
        response = client.get("/desk/")
    assert response.status_code == 200
    assert section(response.text, "review-title").count("<tr>") == 16
    assert section(response.text, "drafts-title").count("<tr>") == 16
    assert section(response.text, "other-drafts-title").count("<li>") == 8
    assert response.text.count('class="decision decision--approved"') == 8
