"""Every workflow decision is logged at INFO once it commits: who, and on what (README, Logs)."""

import logging
from functools import partial

import pytest
from django.db import transaction

from articles import revisions
from articles.models import Article
from claims import editing, workflow
from claims.content import content_of
from claims.models import Claim
from claims.workflow import WorkflowError
from tests.factories import (
    make_approved_change,
    make_article,
    make_claim,
    make_well_sourced_claim,
)

pytestmark = pytest.mark.django_db

RATIONALE = "Our source inside the ministry confirmed it."


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """A block whose on-commit callbacks run at its end, as the real commit would run them
    (the test's own transaction never commits)."""
    return partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture
def decisions(caplog):
    caplog.set_level(logging.INFO, logger="claims.workflow")
    return lambda: [r for r in caplog.records if r.name == "claims.workflow"]


def requested(reporter):
    # Two independent origins: a verified claim needs no primary-record note (rule 12).
    claim = make_well_sourced_claim()
    return workflow.request_status_change(claim, reporter, "verified", RATIONALE)


def test_a_request_names_the_reporter_the_claim_and_the_change_asked_for(
    reporter, committed, decisions
):
    with committed():
        change = requested(reporter)
    (record,) = decisions()
    assert record.levelname == "INFO"
    assert {
        name: getattr(record, name)
        for name in ("event", "actor", "actor_id", "status_change", "claim", "article")
    } == {
        "event": "status_change.requested",
        "actor": "reporter",
        "actor_id": reporter.pk,
        "status_change": change.pk,
        "claim": change.claim_id,
        "article": change.claim.article_id,
    }
    assert (record.from_status, record.to_status) == ("unconfirmed", "verified")
    assert record.getMessage() == (
        f"status change {change.pk} of claim {change.claim_id} requested by reporter: "
        "unconfirmed → verified"
    )


@pytest.mark.parametrize(
    ("decide", "event"),
    [(workflow.approve, "status_change.approved"), (workflow.reject, "status_change.rejected")],
)
def test_an_editors_decision(reporter, editor, committed, decisions, decide, event):
    with committed():
        change = requested(reporter)
        decide(change, editor, "Checked.")
    record = decisions()[-1]
    assert (record.event, record.actor, record.actor_id) == (event, "editor", editor.pk)
    assert (record.status_change, record.claim) == (change.pk, change.claim_id)
    assert (record.from_status, record.to_status) == ("unconfirmed", "verified")


def test_a_withdrawal(reporter, committed, decisions):
    with committed():
        change = requested(reporter)
        workflow.withdraw(change, reporter)
    record = decisions()[-1]
    assert (record.event, record.actor, record.status_change) == (
        "status_change.withdrawn",
        "reporter",
        change.pk,
    )


def test_a_refused_decision_logs_nothing(editor, committed, decisions):
    with committed():
        change = workflow.request_status_change(make_claim(), editor, "verified", RATIONALE)
        with pytest.raises(WorkflowError):
            workflow.approve(change, editor)  # four-eyes: their own request
    assert [r.event for r in decisions()] == ["status_change.requested"]


def test_a_decision_rolled_back_never_happened(reporter, editor, committed, decisions):
    with committed():
        change = requested(reporter)
        with pytest.raises(RuntimeError), transaction.atomic():
            workflow.approve(change, editor)
            raise RuntimeError("the caller's transaction fails after the approval")
    assert [r.event for r in decisions()] == ["status_change.requested"]
    assert Claim.objects.get(pk=change.claim_id).status == "unconfirmed"


def test_no_free_text_reaches_the_log(reporter, editor, committed, decisions):
    """Rationales and notes may name confidential sources; the log is read more widely."""
    with committed():
        workflow.approve(requested(reporter), editor, "Cleared with the source's handler.")
    assert len(decisions()) == 2
    for record in decisions():
        written = record.getMessage() + repr(vars(record))
        assert RATIONALE not in written
        assert "handler" not in written


def test_an_edit_proposed_and_approved_is_logged_as_such(reporter, editor, committed, caplog):
    caplog.set_level(logging.INFO, logger="claims.editing")
    claim = make_claim()
    make_approved_change(claim, Claim.Status.VERIFIED)
    claim.refresh_from_db()
    with committed():
        revision = editing.edit(
            claim, reporter, {**content_of(claim), "statement": "Sharper."}, seen=claim.revision
        )
    claim.refresh_from_db()
    with committed():
        editing.approve(revision, editor, seen=claim.revision, note="The ministry said so.")
    lines = [r for r in caplog.records if r.name == "claims.editing"]
    assert [(r.event, r.actor, r.claim_revision, r.claim) for r in lines] == [
        ("claim_revision.proposed", "reporter", revision.pk, claim.pk),
        ("claim_revision.approved", "editor", revision.pk, claim.pk),
    ]
    assert all("ministry" not in r.getMessage() for r in lines)


def test_a_correction_of_a_story_is_logged_when_decided(reporter, editor, committed, caplog):
    caplog.set_level(logging.INFO, logger="articles.revisions")
    article = make_article(status=Article.Status.PUBLISHED)
    with committed():
        revision = revisions.edit(
            article, reporter, {**revisions.text_of(article), "title": "Fixed"}, seen=1
        )
    article.refresh_from_db()
    with committed():
        revisions.reject(revision, editor, seen=article.revision)
    events = [r.event for r in caplog.records if r.name == "articles.revisions"]
    assert events == ["article_revision.proposed", "article_revision.rejected"]
