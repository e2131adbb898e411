"""A live story changes through corrections: readers see an edit only once another editor
approved it, and then read it under Updates, dated, with the editor's note (DESIGN.md 9–11).
"""

import pytest

from articles import publishing, revisions
from articles.models import Article
from claims import editing
from claims.content import content_of
from claims.errors import StaleChange, WorkflowError
from claims.models import Claim
from tests.articles.reader_helpers import clock, page, story_with_claims, utc
from tests.factories import make_editor, make_reporter

pytestmark = pytest.mark.django_db

VERIFIED, UNCONFIRMED, ESTIMATE = Claim.Status


def propose_text(article, user, **changes):
    article.refresh_from_db()
    text = {**revisions.working_text(article), **changes}
    return revisions.edit(article, user, text, seen=article.revision)


def approve_text(revision, user, note="We corrected the story."):
    article = Article.objects.get(pk=revision.article_id)
    return revisions.approve(revision, user, seen=article.revision, public_note=note)


def propose_claim(claim, user, **changes):
    claim.refresh_from_db()
    content = {**editing.working_content(claim), **changes}
    return editing.edit(claim, user, content, seen=claim.revision)


def approve_claim(revision, user, note):
    claim = Claim.objects.get(pk=revision.claim_id)
    return editing.approve(revision, user, seen=claim.revision, public_note=note)


def updates(client, article):
    return [li.words for li in page(client, article).by_id("updates").parent.find_all("li")]


@pytest.fixture
def story():
    with clock(utc(2025, 9, 1, 8, 0)):
        return story_with_claims([VERIFIED, UNCONFIRMED], published_at=utc(2025, 9, 1, 12, 0))


class TestTheStorysText:
    def test_readers_see_a_correction_only_once_it_is_approved(self, client, story):
        article, _ = story
        with clock(utc(2025, 9, 2, 9, 0)):
            proposal = propose_text(article, make_reporter(), title="A corrected headline")
        assert page(client, article).find("h1").text != "A corrected headline"
        with clock(utc(2025, 9, 2, 10, 30)):
            approve_text(proposal, make_editor(), "We corrected the headline.")
        assert page(client, article).find("h1").text == "A corrected headline"
        assert updates(client, article) == [
            "Corrected 2 Sept 2025 10:30: We corrected the headline."
        ]

    def test_the_author_cannot_approve_and_a_stale_view_is_refused(self, story):
        article, _ = story
        author, other = make_editor(), make_editor()
        proposal = propose_text(article, author, title="First fix")
        with pytest.raises(WorkflowError, match="four-eyes"):
            approve_text(proposal, author)
        article.refresh_from_db()
        seen = article.revision
        newer = propose_text(article, make_reporter(), title="Second fix")
        with pytest.raises(StaleChange, match="saved this story at"):
            revisions.approve(newer, other, seen=seen, public_note="Fixed.")

    def test_a_correction_that_takes_away_a_claims_words_is_refused(self, story):
        article, _ = story
        proposal = propose_text(article, make_reporter(), body="Everything was rewritten.")
        with pytest.raises(WorkflowError, match="removes words claims are about"):
            approve_text(proposal, make_editor())
        article.refresh_from_db()
        assert "Fact number 0" in article.body

    def test_rejecting_keeps_the_published_text(self, client, story):
        article, _ = story
        proposal = propose_text(article, make_reporter(), standfirst="Unreviewed.")
        article.refresh_from_db()
        revisions.reject(proposal, make_editor(), seen=article.revision, note="No.")
        article.refresh_from_db()
        assert article.standfirst != "Unreviewed."
        assert revisions.working_text(article)["standfirst"] == article.standfirst


class TestAClaim:
    def test_an_edit_of_a_verified_claim_shows_once_approved_with_its_note(self, client, story):
        article, (verified, _) = story
        with clock(utc(2025, 9, 3, 9, 0)):
            proposal = propose_claim(verified, make_reporter(), statement="Claim 0, sharper")
        assert "Claim 0, sharper" not in page(client, article).by_id(f"claim-{verified.pk}").words
        with clock(utc(2025, 9, 3, 11, 0)):
            approve_claim(proposal, make_editor(), "We sharpened the claim.")
        item = page(client, article).by_id(f"claim-{verified.pk}")
        assert "Claim 0, sharper" in item.words
        assert "Corrected 3 Sept 11:00: We sharpened the claim." in item.words
        assert updates(client, article)[0] == (
            "Corrected 3 Sept 2025 11:00: the claim “Claim 0, sharper”: We sharpened the claim."
        )

    def test_a_claim_added_to_the_live_story_shows_once_approved(self, client, story):
        article, (verified, _) = story
        content = {**content_of(verified), "statement": "An added claim"}
        added = editing.log_claim(article, make_reporter(), content)
        assert f"claim-{added.pk}" not in page(client, article).text
        assert (
            client.get(f"{article.get_absolute_url()}claims.json").json()["claims"][-1]["statement"]
            != "An added claim"
        )
        with clock(utc(2025, 9, 4, 8, 0)):
            approve_claim(added.revisions.get(), make_editor(), "We added what Seoul said.")
        assert "An added claim" in page(client, article).by_id(f"claim-{added.pk}").words
        assert updates(client, article)[0] == (
            "Added 4 Sept 2025 08:00: the claim “An added claim”: We added what Seoul said."
        )
        assert page(client, article).find("p", class_="story__counts").words == (
            "1 verified · 2 unconfirmed"
        )

    def test_claims_json_carries_the_corrections(self, client, story):
        article, (verified, _) = story
        proposal = propose_claim(verified, make_reporter(), public_note="A clearer note.")
        approve_claim(proposal, make_editor(), "We clarified the note.")
        story_proposal = propose_text(article, make_reporter(), standfirst="Clearer.")
        approve_text(story_proposal, make_editor(), "We clarified the standfirst.")
        document = client.get(f"{article.get_absolute_url()}claims.json").json()
        assert [fix["note"] for fix in document["claims"][0]["corrections"]] == [
            "We clarified the note."
        ]
        assert [fix["note"] for fix in document["story"]["corrections"]] == [
            "We clarified the standfirst."
        ]


class TestWithdrawal:
    def test_the_story_answers_410_with_a_notice_and_comes_back_when_republished(
        self, client, story
    ):
        article, _ = story
        editor = make_editor()
        with clock(utc(2025, 9, 5, 9, 0)):
            publishing.withdraw(article, editor, "Our only source retracted <the> claim.")
        response = client.get(article.get_absolute_url())
        assert response.status_code == 410
        notice = page(client, article, status=410)
        assert notice.find("h1").text == article.title
        assert "We withdrew this story on 5 Sept 2025." in notice.words
        assert "Our only source retracted <the> claim." in notice.words
        assert "<the>" not in response.text  # escaped

        document = client.get(f"{article.get_absolute_url()}claims.json")
        assert document.status_code == 410
        assert document.json()["story"]["reason"] == "Our only source retracted <the> claim."
        assert article.title not in client.get("/feed/").text

        publishing.publish(Article.objects.get(pk=article.pk), editor)
        assert client.get(article.get_absolute_url()).status_code == 200

    def test_what_changes_while_withdrawn_comes_back_only_approved_and_dated(self, client, story):
        article, (_, unconfirmed) = story
        editor, reporter, other = make_editor(), make_reporter(), make_editor()
        with clock(utc(2025, 9, 5, 9, 0)):
            publishing.withdraw(article, editor, "A source disowned the briefing.")
        with clock(utc(2025, 9, 5, 10, 0)):
            text = propose_text(article, reporter, title="A title no editor saw")
            claim_edit = propose_claim(unconfirmed, reporter, statement="Words no editor saw")
        article.refresh_from_db()
        assert (text.state, claim_edit.state) == ("pending", "pending")
        assert article.title != "A title no editor saw"

        # The gate holds the story back until both are decided, then it comes back with
        # the approved correction dated and the rejected edit left out.
        assert [problem.message for problem in publishing.publication_problems(article)] == [
            "The story's text has an edit waiting for review.",
            f"{unconfirmed.label} has an edit waiting for review.",
        ]
        with clock(utc(2025, 9, 5, 11, 0)):
            approve_text(text, other, "We corrected the headline.")
            unconfirmed.refresh_from_db()
            editing.reject(claim_edit, other, seen=unconfirmed.revision, note="No source.")
        publishing.publish(Article.objects.get(pk=article.pk), editor)
        assert page(client, article).find("h1").text == "A title no editor saw"
        assert "Words no editor saw" not in page(client, article).words
        assert "Corrected 5 Sept 2025 11:00: We corrected the headline." in updates(client, article)
