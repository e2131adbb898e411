"""Existing data stays valid when rule 12 arrives (claims migration 0007): estimates get
their assessment from the intelligence service they cite, pending proposals gain the new
fields, and verified claims on one origin are left as they were, for editors to review."""

import datetime
import importlib

import pytest
from django.apps import apps

from claims.content import content_of
from claims.models import Claim, ClaimRevision, Source
from tests.factories import make_citation, make_claim, make_reporter, make_source

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "claims.migrations.0007_existing_estimates_get_their_assessment"
)
ESTIMATE = Claim.Status.INTELLIGENCE_ESTIMATE


def legacy(claim, status):
    """A claim as it stood before rule 12: a status, no assessment."""
    Claim.objects.filter(pk=claim.pk).update(status=status)
    return Claim.objects.get(pk=claim.pk)


def test_an_estimate_gets_its_services_assessment_confidence_not_stated():
    nis = make_source("NIS", kind=Source.Kind.INTELLIGENCE_SERVICE)
    dated = make_claim(cited=False)
    make_citation(dated, make_source("Yonhap"))
    make_citation(dated, nis, date=datetime.date(2025, 9, 1))
    undated = make_claim(cited=False)
    make_citation(undated, nis)
    uncited = make_claim()  # cites no intelligence service: nothing to take it from
    for claim in (dated, undated, uncited):
        legacy(claim, ESTIMATE)

    migration.forwards(apps, None)

    dated, undated, uncited = (Claim.objects.get(pk=c.pk) for c in (dated, undated, uncited))
    assert (dated.assessment_by, dated.assessment_confidence, dated.assessment_date) == (
        nis,
        Claim.Confidence.NOT_STATED,
        datetime.date(2025, 9, 1),
    )
    assert undated.assessment_date == undated.created_at.date()
    assert uncited.assessment_by is None


def test_pending_proposals_gain_the_new_fields_as_the_claim_has_them():
    nis = make_source("NIS", kind=Source.Kind.INTELLIGENCE_SERVICE)
    claim = make_claim(cited=False)
    make_citation(claim, nis)
    claim = legacy(claim, ESTIMATE)
    written_before = {
        key: value
        for key, value in content_of(claim).items()
        if key not in ("assessment", "recheck_by", "no_named_source")
    }
    proposal = ClaimRevision.objects.create(
        claim=claim,
        author=make_reporter(),
        before=written_before,
        after={**written_before, "statement": "Edited."},
    )

    migration.forwards(apps, None)

    proposal.refresh_from_db()
    assert proposal.after["assessment"]["by"] == nis.pk
    assert proposal.after["assessment"]["confidence"] == "not_stated"
    assert (proposal.after["recheck_by"], proposal.after["no_named_source"]) == (None, False)
    assert "assessment" not in proposal.before  # what it recorded stays as it was


def test_a_verified_claim_on_one_origin_is_not_changed():
    claim = legacy(make_claim(), Claim.Status.VERIFIED)
    migration.forwards(apps, None)
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.VERIFIED
