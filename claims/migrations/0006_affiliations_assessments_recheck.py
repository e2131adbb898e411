"""Independence and provenance (DESIGN.md rule 12): sources' affiliations, the registry's
audit trail, a claim's assessment, re-check moment and "no named source", and the
primary-record note an editor writes on an approval to Verified.

On PostgreSQL a trigger makes the registry's audit trail append-only: every row is final
once written, so it refuses any UPDATE or DELETE (TRUNCATE, used by test teardown, fires
no row trigger).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

APPEND_ONLY = """
CREATE FUNCTION claims_sourcechange_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'source change % is part of the audit trail and cannot be %',
        OLD.id, lower(TG_OP) || 'd'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER claims_sourcechange_append_only
    BEFORE UPDATE OR DELETE ON claims_sourcechange
    FOR EACH ROW EXECUTE FUNCTION claims_sourcechange_append_only();
"""

DROP_APPEND_ONLY = """
DROP TRIGGER IF EXISTS claims_sourcechange_append_only ON claims_sourcechange;
DROP FUNCTION IF EXISTS claims_sourcechange_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_APPEND_ONLY, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_revisions_and_withdrawal"),
        ("claims", "0005_source_aliases"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SourceChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("added", "Added"),
                            ("edited", "Edited"),
                            ("merged_in", "A duplicate merged into it"),
                            ("merged_away", "Merged into another source"),
                        ],
                        max_length=20,
                    ),
                ),
                ("before", models.JSONField(blank=True, null=True)),
                ("after", models.JSONField(blank=True, null=True)),
                ("other_name", models.CharField(blank=True, max_length=200)),
                ("moved", models.JSONField(blank=True, default=dict)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.AlterModelOptions(
            name="source",
            options={
                "ordering": ["name"],
                "permissions": [("merge_source", "Can merge a duplicate source into another")],
            },
        ),
        migrations.AddField(
            model_name="claim",
            name="assessment_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="assessments",
                to="claims.source",
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="assessment_confidence",
            field=models.CharField(
                blank=True,
                choices=[
                    ("high", "High"),
                    ("moderate", "Moderate"),
                    ("low", "Low"),
                    ("not_stated", "Not stated"),
                ],
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="assessment_date",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="claim",
            name="no_named_source",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="claim",
            name="recheck_by",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="source",
            name="affiliation",
            field=models.ForeignKey(
                blank=True,
                help_text="Who this source belongs to or speaks for: Yuri Ushakov → the Kremlin.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="affiliates",
                to="claims.source",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="affiliation_root",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="claims.source",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="revision",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="statuschange",
            name="primary_record",
            field=models.TextField(blank=True),
        ),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("assessment_by__isnull", True),
                        ("assessment_confidence", ""),
                        ("assessment_date__isnull", True),
                    ),
                    models.Q(
                        ("assessment_by__isnull", False),
                        ("assessment_confidence__in", ["high", "moderate", "low", "not_stated"]),
                        ("assessment_date__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="claim_assessment_complete",
            ),
        ),
        migrations.AddConstraint(
            model_name="source",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("affiliation__isnull", True),
                    models.Q(("affiliation", models.F("id")), _negated=True),
                    _connector="OR",
                ),
                name="source_not_affiliated_with_itself",
                violation_error_message="A source cannot be affiliated with itself.",
            ),
        ),
        migrations.AddConstraint(
            model_name="source",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("affiliation__isnull", True), ("affiliation_root__isnull", True)),
                    models.Q(("affiliation__isnull", False), ("affiliation_root__isnull", False)),
                    _connector="OR",
                ),
                name="source_root_follows_affiliation",
            ),
        ),
        migrations.AddConstraint(
            model_name="statuschange",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("primary_record", ""),
                    models.Q(("state", "approved"), ("to_status", "verified")),
                    _connector="OR",
                ),
                name="statuschange_primary_record_on_verified_approval",
            ),
        ),
        migrations.AddField(
            model_name="sourcechange",
            name="author",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="sourcechange",
            name="other",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="claims.source",
            ),
        ),
        migrations.AddField(
            model_name="sourcechange",
            name="source",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="changes",
                to="claims.source",
            ),
        ),
        migrations.AddIndex(
            model_name="sourcechange",
            index=models.Index(fields=["source", "created_at"], name="sourcechange_history"),
        ),
        migrations.AddConstraint(
            model_name="sourcechange",
            constraint=models.CheckConstraint(
                condition=models.Q(("action__in", ["added", "edited", "merged_in", "merged_away"])),
                name="sourcechange_action_valid",
            ),
        ),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
