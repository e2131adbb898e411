"""What a claim says changes through `claims.editing`: saved at once while nothing reviewed
or published is at stake, otherwise proposed to an editor who took no part in it
(DESIGN.md rules 7–10)."""

import pytest
from django.core.exceptions import PermissionDenied

from articles import publishing
from articles.models import Article
from claims import editing, workflow
from claims.content import citation_entry, content_of
from claims.errors import StaleChange, WorkflowError
from claims.models import Claim, ClaimRevision, Source
from tests.factories import (
    make_approved_change,
    make_article,
    make_citation,
    make_claim,
    make_reporter,
    make_source,
)

pytestmark = pytest.mark.django_db

State = ClaimRevision.State


def edited(claim, user, **changes):
    """Edit the claim as the desk does: from what it says now, at its current revision."""
    claim.refresh_from_db()
    content = {**editing.working_content(claim), **changes}
    return editing.edit(claim, user, content, seen=claim.revision)


def verified_claim(**fields):
    claim = make_claim(**fields)
    make_approved_change(claim, Claim.Status.VERIFIED)
    return claim


class TestSavedAtOnce:
    def test_an_unconfirmed_claim_of_a_draft_changes_at_once_and_keeps_a_record(self, reporter):
        claim = make_claim(statement="Kim went by train.")
        revision = edited(claim, reporter, statement="Kim went by armoured train.")
        claim.refresh_from_db()
        assert claim.statement == "Kim went by armoured train."
        assert revision.state == State.SAVED
        assert (revision.author, revision.before["statement"], revision.after["statement"]) == (
            reporter,
            "Kim went by train.",
            "Kim went by armoured train.",
        )

    def test_nothing_changed_records_nothing(self, reporter):
        claim = make_claim()
        assert edited(claim, reporter) is None
        assert not ClaimRevision.objects.exists()

    def test_an_edit_from_an_older_view_is_refused_with_what_changed(self, reporter, editor):
        claim = make_claim()
        seen = claim.revision
        edited(claim, editor, statement="Someone else's words.")
        with pytest.raises(StaleChange, match=r"editor edited it at \d\d:\d\d"):
            editing.edit(claim, reporter, {**content_of(claim), "statement": "Mine."}, seen=seen)
        claim.refresh_from_db()
        assert claim.statement == "Someone else's words."


class TestProposed:
    def test_an_edit_of_a_verified_claim_waits_and_readers_keep_the_approved_words(self, reporter):
        claim = verified_claim(statement="Kim left by train.")
        revision = edited(claim, reporter, statement="Kim stayed in Pyongyang.")
        claim.refresh_from_db()
        assert revision.state == State.PENDING
        assert claim.statement == "Kim left by train."
        assert editing.working_content(claim)["statement"] == "Kim stayed in Pyongyang."

    def test_any_edit_on_a_published_story_waits(self, reporter):
        article = make_article(status=Article.Status.PUBLISHED)
        claim = make_claim(article, statement="Unconfirmed, live.")
        assert edited(claim, reporter, public_note="A note.").state == State.PENDING
        claim.refresh_from_db()
        assert claim.public_note == ""

    def test_removing_the_only_citation_of_a_live_estimate_waits(self, reporter):
        article = make_article(status=Article.Status.PUBLISHED)
        claim = make_claim(article, cited=False)
        make_citation(claim, make_source(kind=Source.Kind.INTELLIGENCE_SERVICE))
        make_approved_change(claim, Claim.Status.INTELLIGENCE_ESTIMATE)
        edited(claim, reporter, citations=[])
        assert claim.citations.count() == 1

    def test_an_edit_of_a_proposal_replaces_it_and_both_stay_on_record(self, reporter):
        claim = verified_claim()
        first = edited(claim, reporter, statement="First try.")
        second = edited(claim, make_reporter(), statement="Second try.")
        first.refresh_from_db()
        assert first.state == State.SUPERSEDED
        assert second.supersedes == first
        assert second.before == first.before  # both against what readers see
        assert list(claim.revisions.pending()) == [second]

    def test_approving_applies_the_words_and_citations_an_editor_saw(self, reporter, editor):
        claim = verified_claim(statement="Old words.")
        tass = make_source("TASS")
        content = editing.working_content(claim)
        content["statement"] = "New words."
        content["citations"] = [*content["citations"], citation_entry(tass, detail="wire")]
        claim.refresh_from_db()
        revision = editing.edit(claim, reporter, content, seen=claim.revision)
        claim.refresh_from_db()
        editing.approve(revision, editor, seen=claim.revision, note="Checked.")
        claim.refresh_from_db()
        revision.refresh_from_db()
        assert claim.statement == "New words."
        assert [c.source.name for c in claim.citations.all()][-1] == "TASS"
        assert (revision.state, revision.decided_by, revision.decision_note) == (
            State.APPROVED,
            editor,
            "Checked.",
        )

    def test_rejecting_keeps_the_approved_content(self, reporter, editor):
        claim = verified_claim(statement="Approved words.")
        revision = edited(claim, reporter, statement="Unreviewed words.")
        claim.refresh_from_db()
        editing.reject(revision, editor, seen=claim.revision, note="Not supported.")
        claim.refresh_from_db()
        assert claim.statement == "Approved words."
        assert editing.working_content(claim)["statement"] == "Approved words."

    def test_nobody_decides_an_edit_they_took_part_in(self, reporter, editor, second_editor):
        claim = verified_claim()
        edited(claim, editor, statement="The editor's words.")
        revision = edited(claim, reporter, statement="Amended by a reporter.")
        claim.refresh_from_db()
        for contributor in (reporter, editor):
            with pytest.raises((WorkflowError, PermissionDenied)):
                editing.approve(revision, contributor, seen=claim.revision)
        editing.approve(revision, second_editor, seen=claim.revision)

    def test_an_approval_of_what_changed_since_is_refused_with_what_changed(self, reporter, editor):
        claim = verified_claim()
        revision = edited(claim, reporter, statement="As the editor saw it.")
        claim.refresh_from_db()
        seen = claim.revision
        newer = edited(claim, reporter, statement="Changed after the editor looked.")
        with pytest.raises(WorkflowError, match="already replaced by a later edit"):
            editing.approve(revision, editor, seen=seen)
        with pytest.raises(StaleChange, match="reporter proposed an edit at"):
            editing.approve(newer, editor, seen=seen)

    def test_a_status_approved_meanwhile_makes_an_edit_approval_stale(
        self, reporter, editor, second_editor
    ):
        claim = verified_claim()
        revision = edited(claim, reporter, statement="New words.")
        claim.refresh_from_db()
        seen = claim.revision
        make_approved_change(claim, Claim.Status.UNCONFIRMED)
        with pytest.raises(StaleChange, match="approved a status change"):
            editing.approve(revision, second_editor, seen=seen)

    def test_the_author_withdraws_a_proposal_nobody_else_can(self, reporter, editor):
        claim = verified_claim()
        revision = edited(claim, reporter, statement="Second thoughts.")
        with pytest.raises(PermissionDenied):
            editing.withdraw(revision, editor)
        editing.withdraw(revision, reporter)
        revision.refresh_from_db()
        assert revision.state == State.WITHDRAWN


class TestLiveCorrections:
    """An approval on a published story is a correction readers see at once."""

    def story(self):
        article = make_article(status=Article.Status.PUBLISHED)
        return article, make_claim(article)

    def test_it_needs_a_note_for_readers(self, reporter, editor):
        _, claim = self.story()
        revision = edited(claim, reporter, statement="Sharper words.")
        claim.refresh_from_db()
        with pytest.raises(WorkflowError, match="write the correction note"):
            editing.approve(revision, editor, seen=claim.revision)
        editing.approve(revision, editor, seen=claim.revision, public_note="We sharpened it.")
        revision.refresh_from_db()
        assert revision.public_note == "We sharpened it."

    def test_it_must_leave_the_claim_as_the_gate_would_have_it(self, reporter, editor):
        _, claim = self.story()
        for change, refusal in (
            ({"quote": "words that are not there"}, "its quote no longer occurs"),
            ({"citations": []}, "cites no source"),
        ):
            revision = edited(claim, reporter, **change)
            claim.refresh_from_db()
            with pytest.raises(WorkflowError, match=refusal):
                editing.approve(revision, editor, seen=claim.revision, public_note="Fixed.")
            editing.withdraw(revision, reporter)

    def test_an_estimate_status_needs_the_service_that_made_it(self, reporter, editor):
        _, claim = self.story()
        change = workflow.request_status_change(
            claim, reporter, Claim.Status.INTELLIGENCE_ESTIMATE, "Per the NIS."
        )
        with pytest.raises(WorkflowError, match="does not cite the intelligence service"):
            workflow.approve(change, editor)
        assert Claim.objects.get(pk=claim.pk).status == Claim.Status.UNCONFIRMED

    def test_a_claim_logged_on_a_published_story_waits_to_be_added(self, reporter, editor):
        article, _ = self.story()
        content = {
            **content_of(make_claim(article, quote="from Pyongyang")),
            "statement": "A new claim.",
        }
        claim = editing.log_claim(article, reporter, content)
        assert claim.presence == Claim.Presence.PROPOSED
        assert claim not in Claim.objects.live()
        with pytest.raises(WorkflowError, match="not part of the story yet"):
            workflow.request_status_change(claim, reporter, Claim.Status.VERIFIED, "Checked.")
        addition = claim.revisions.pending().get()
        claim.refresh_from_db()
        editing.approve(addition, editor, seen=claim.revision, public_note="We added a claim.")
        claim.refresh_from_db()
        assert claim.presence == Claim.Presence.LIVE

    def test_a_rejected_addition_is_dropped(self, reporter, editor):
        article, claim = self.story()
        added = editing.log_claim(article, reporter, content_of(claim))
        added.refresh_from_db()
        editing.reject(added.revisions.pending().get(), editor, seen=added.revision)
        added.refresh_from_db()
        assert added.presence == Claim.Presence.DROPPED
        assert added not in Claim.objects.current()


class TestProposedAdditions:
    """A claim logged on a published story is a proposal: an edit before it is decided
    replaces the proposal, so what an editor approves is what they reviewed."""

    def proposed(self, reporter):
        article = make_article(status=Article.Status.PUBLISHED)
        content = {
            **content_of(make_claim(article, quote="from Pyongyang")),
            "statement": "Kim went by train.",
        }
        return editing.log_claim(article, reporter, content)

    def test_an_edit_replaces_the_proposal_that_an_editor_then_sees(self, reporter, editor):
        claim = self.proposed(reporter)
        first = claim.revisions.pending().get()
        edited(claim, reporter, statement="Kim went by armoured train.")
        first.refresh_from_db()
        assert first.state == State.SUPERSEDED
        proposal = claim.revisions.pending().get()
        assert (proposal.is_addition, proposal.supersedes, proposal.after["statement"]) == (
            True,
            first,
            "Kim went by armoured train.",
        )
        claim.refresh_from_db()
        with pytest.raises(WorkflowError, match="replaced by a later edit"):
            editing.approve(first, editor, seen=claim.revision, public_note="Added.")
        editing.approve(proposal, editor, seen=claim.revision, public_note="Added.")
        claim.refresh_from_db()
        assert (claim.presence, claim.statement) == (
            Claim.Presence.LIVE,
            "Kim went by armoured train.",
        )

    def test_an_edit_cannot_take_the_citations_away_unseen(self, reporter, editor):
        claim = self.proposed(reporter)
        edited(claim, reporter, citations=[], quote="words that are not there")
        claim.refresh_from_db()
        with pytest.raises(WorkflowError, match="cites no source"):
            editing.approve(
                claim.revisions.pending().get(), editor, seen=claim.revision, public_note="Added."
            )
        assert Claim.objects.get(pk=claim.pk).presence == Claim.Presence.PROPOSED

    def test_whoever_edited_it_may_not_decide_it(self, reporter, editor, second_editor):
        claim = self.proposed(reporter)
        edited(claim, second_editor, statement="Words of the second editor.")
        claim.refresh_from_db()
        with pytest.raises(WorkflowError, match="four-eyes"):
            editing.approve(
                claim.revisions.pending().get(),
                second_editor,
                seen=claim.revision,
                public_note="Added.",
            )
        editing.approve(
            claim.revisions.pending().get(), editor, seen=claim.revision, public_note="Added."
        )
        assert Claim.objects.get(pk=claim.pk).statement == "Words of the second editor."


class TestWithdrawnStories:
    """A story withdrawn after publication has had readers: what it says changes by
    correction, so it cannot come back changed unseen."""

    def withdrawn(self, editor):
        article = make_article(status=Article.Status.PUBLISHED)
        claim = make_claim(article)
        publishing.withdraw(article, editor, "A source disowned the briefing.")
        article.refresh_from_db()
        return article, claim

    def test_a_claim_edit_waits_for_an_editor(self, reporter, editor):
        _, claim = self.withdrawn(editor)
        revision = edited(claim, reporter, statement="Changed while withdrawn.")
        assert revision.state == State.PENDING
        assert Claim.objects.get(pk=claim.pk).statement != "Changed while withdrawn."

    def test_a_new_claim_waits_to_be_added(self, reporter, editor):
        article, claim = self.withdrawn(editor)
        added = editing.log_claim(article, reporter, content_of(claim))
        assert added.presence == Claim.Presence.PROPOSED

    def test_an_approval_needs_the_note_readers_will_read(self, reporter, editor, second_editor):
        _, claim = self.withdrawn(editor)
        revision = edited(claim, reporter, statement="Sharper words.")
        claim.refresh_from_db()
        with pytest.raises(WorkflowError, match="write the correction note"):
            editing.approve(revision, second_editor, seen=claim.revision)


class TestPublicationGate:
    def test_the_gate_reads_the_approved_claim_and_holds_back_for_the_edit(self, reporter, editor):
        article = make_article()
        claim = verified_claim(article=article)
        edited(claim, reporter, quote="words not in the body")
        problems = [p.message for p in publishing.publication_problems(article)]
        assert problems == [f"{claim.label} has an edit waiting for review."]

    def test_an_edit_made_after_publication_is_a_proposal(self, reporter, editor):
        article = make_article()
        claim = make_claim(article)
        publishing.publish(article, editor)
        assert edited(claim, reporter, statement="After publication.").state == State.PENDING


def test_a_primary_record_does_not_outlive_the_origin_it_vouched_for(reporter, editor):
    kcna, china = make_source("KCNA"), make_source("Government of China")
    article = make_article(status=Article.Status.PUBLISHED)
    claim = make_claim(article, cited=False)
    make_citation(claim, kcna)
    make_approved_change(claim, Claim.Status.VERIFIED, primary_record="KCNA's own report.")
    claim.refresh_from_db()
    content = editing.working_content(claim)
    swapped = {**content, "citations": [{**content["citations"][0], "source": china.pk}]}
    revision = editing.edit(claim, reporter, swapped, seen=claim.revision)
    claim.refresh_from_db()
    with pytest.raises(WorkflowError, match="rests on 1 origin"):
        editing.approve(revision, editor, seen=claim.revision, public_note="New source.")
    # The same origin, cited again with more detail, keeps the note.
    editing.withdraw(revision, reporter)
    claim.refresh_from_db()
    detailed = {**content, "citations": [{**content["citations"][0], "detail": "Its report."}]}
    revision = editing.edit(claim, reporter, detailed, seen=claim.revision)
    claim.refresh_from_db()
    editing.approve(revision, editor, seen=claim.revision, public_note="More detail.")
