"""Existing data stays valid under the new rules (DESIGN.md rule 12).

- Every intelligence estimate gets its assessment from the intelligence service it cites as
  origin (its first such citation): confidence "not stated", since nobody recorded one,
  dated by that citation's date, or else the day the claim was logged (the assessment
  existed by then). An estimate citing no intelligence service gets none: the publication
  gate lists it, as it already did.
- Pending proposals' content gains the new fields (assessment, re-check moment, no named
  source), as the claim would have them, so that approving one leaves the claim as it is.
  Decided revisions are history and keep the content they recorded.
- Verified claims on fewer than two independent origins are not changed here: no editor
  wrote a primary-record note for them. `manage.py verification_gaps` lists them.
"""

from django.db import migrations

ESTIMATE = "intelligence_estimate"
INTELLIGENCE_SERVICE = "intelligence_service"


def _assessment(claim):
    if claim.assessment_by_id is None:
        return None
    return {
        "by": claim.assessment_by_id,
        "by_name": claim.assessment_by.name,
        "confidence": claim.assessment_confidence,
        "assessed_on": claim.assessment_date.isoformat(),
    }


def forwards(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    Citation = apps.get_model("claims", "Citation")
    ClaimRevision = apps.get_model("claims", "ClaimRevision")
    for claim in Claim.objects.filter(status=ESTIMATE, assessment_by__isnull=True):
        citation = (
            Citation.objects.filter(claim=claim, source__kind=INTELLIGENCE_SERVICE)
            .order_by("pk")
            .first()
        )
        if citation is None:
            continue
        claim.assessment_by_id = citation.source_id
        claim.assessment_confidence = "not_stated"
        claim.assessment_date = citation.date or claim.created_at.date()
        claim.save(update_fields=["assessment_by", "assessment_confidence", "assessment_date"])
    for revision in ClaimRevision.objects.filter(state="pending").select_related(
        "claim__assessment_by"
    ):
        after = revision.after
        assessment = _assessment(revision.claim)
        cited = {entry["source"] for entry in after.get("citations", [])}
        if assessment and assessment["by"] not in cited:
            assessment = None
        after.setdefault("assessment", assessment)
        after.setdefault("recheck_by", None)
        after.setdefault("no_named_source", False)
        revision.save(update_fields=["after"])


class Migration(migrations.Migration):
    dependencies = [("claims", "0006_affiliations_assessments_recheck")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
