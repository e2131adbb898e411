"""Decisions racing on PostgreSQL (DESIGN.md rule 3): separate connections, released at once.

SQLite takes no row locks (it ignores select_for_update), so these run on PostgreSQL,
the production database and CI's. Each thread has its own connection (Django's are per
thread) and gives it back when it is done.
"""

import threading
import time
from functools import partial
from itertools import pairwise

import pytest
from django.db import transaction

from articles import publishing
from articles.models import Article
from claims import editing, workflow
from claims.content import content_of
from claims.models import Claim, ClaimRevision, StatusChange
from claims.workflow import WorkflowError
from tests.factories import (
    make_article,
    make_claim,
    make_editor,
    make_reporter,
    make_well_sourced_claim,
)
from tests.helpers import postgresql_only, race

pytestmark = [
    postgresql_only,
    pytest.mark.django_db(transaction=True),
]

# The pool holds 10 connections (settings): 8 racers and the test's own fit.
THREADS = 8
STATUSES = list(Claim.Status)


def kinds(outcomes):
    return [kind for kind, _ in outcomes]


def people(make, count):
    """Users whose permissions are loaded here, before any thread reads them."""
    users = [make() for _ in range(count)]
    for user in users:
        user.get_all_permissions()
    return users


def test_editors_racing_to_approve_reject_and_withdraw_one_request():
    reporter = people(make_reporter, 1)[0]
    editors = people(make_editor, THREADS)
    for round_ in range(5):
        claim = make_well_sourced_claim(make_article(created_by=reporter))
        change = workflow.request_status_change(
            claim, reporter, Claim.Status.VERIFIED, f"Round {round_}: two sources."
        )
        jobs = [
            *(partial(workflow.approve, change, editor) for editor in editors[:3]),
            *(partial(workflow.reject, change, editor) for editor in editors[3:6]),
            *(partial(workflow.withdraw, change, reporter) for _ in range(THREADS - 6)),
        ]

        outcomes = race(*jobs)

        assert "crashed" not in kinds(outcomes), outcomes
        assert kinds(outcomes).count("done") == 1
        (winner,) = [result for kind, result in outcomes if kind == "done"]
        change.refresh_from_db()
        assert (change.state, change.decided_by) == (winner.state, winner.decided_by)
        for kind, error in outcomes:
            if kind == "refused":
                assert str(error) == (
                    f"This request was already {workflow.describe_decision(change)}."
                )
        claim.refresh_from_db()
        expected = (
            Claim.Status.VERIFIED
            if change.state == StatusChange.State.APPROVED
            else Claim.Status.UNCONFIRMED
        )
        assert claim.status == expected
        assert claim.status_changes.count() == 1


def test_requests_and_approvals_racing_on_one_claim_keep_one_consistent_history():
    reporters = people(make_reporter, THREADS)
    editors = people(make_editor, THREADS)
    claim = make_well_sourced_claim(make_article(created_by=reporters[0]))
    decisions = []

    for round_ in range(6):

        def request_then_approve(i, round_=round_):
            """Ask for a status; whether or not the request went in, approve the latest."""
            target = STATUSES[(i + round_) % len(STATUSES)]
            try:
                change = workflow.request_status_change(claim, reporters[i], target, "New facts.")
            except WorkflowError:
                change = claim.status_changes.order_by("-pk").first()
                if change is None:
                    raise
            return workflow.approve(change, editors[i])

        outcomes = race(*(lambda i=i: request_then_approve(i) for i in range(THREADS)))

        assert "crashed" not in kinds(outcomes), outcomes
        approvals = [result.pk for kind, result in outcomes if kind == "done"]
        assert approvals, "every round decides at least one request"
        decisions += approvals

    # Exactly one decision per request: no request was approved twice, none is left open.
    assert len(decisions) == len(set(decisions))
    changes = list(claim.status_changes.order_by("pk"))
    assert {change.state for change in changes} == {StatusChange.State.APPROVED}
    assert sorted(decisions) == [change.pk for change in changes]
    # The history is one chain: each approval starts where the one before it ended ...
    assert changes[0].from_status == Claim.Status.UNCONFIRMED
    for before, after in pairwise(changes):
        assert after.from_status == before.to_status
    # ... and the claim is where the last one left it.
    claim.refresh_from_db()
    assert claim.status == changes[-1].to_status
    # Four-eyes held under the race too.
    assert all(change.requested_by_id != change.decided_by_id for change in changes)


def test_an_edit_racing_publication_lands_before_the_gate_or_after_it_as_a_proposal():
    """Publishing takes the story's lock, the first lock every claim change takes: an edit
    made while the gate runs waits, and lands after publication, as a proposal (rule 6)."""
    reporter, editor = people(make_reporter, 1)[0], people(make_editor, 1)[0]
    article = make_article(created_by=reporter)
    claim = make_claim(article)
    gate_holding, edit_started = threading.Event(), threading.Event()
    order = []

    def publish():
        with transaction.atomic():
            Article.objects.select_for_update().get(pk=article.pk)  # as publish() does
            gate_holding.set()
            edit_started.wait(timeout=5)
            time.sleep(0.3)  # the edit is waiting on the story's lock meanwhile
            publishing.publish(article, editor)
            order.append("published")

    def edit():
        gate_holding.wait(timeout=5)
        edit_started.set()
        content = {**content_of(claim), "statement": "Edited while publishing."}
        revision = editing.edit(claim, reporter, content, seen=claim.revision)
        order.append(revision.state)

    outcomes = race(publish, edit)
    assert kinds(outcomes) == ["done", "done"], outcomes
    assert order == ["published", ClaimRevision.State.PENDING]
    claim.refresh_from_db()
    assert claim.statement != "Edited while publishing."
