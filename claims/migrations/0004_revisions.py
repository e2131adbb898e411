"""Revisions of what claims say (the content an editor approved, proposals, and saved
edits), a claim's presence in its story (a claim added to a published story is proposed
until approved) and its revision count.

On PostgreSQL, triggers hold two rules below the ORM: a decided revision is append-only, as
a decided status change is (0003); and a claim never moves to another story, nor a
citation to another claim.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def append_only_sql(table, what):
    """A trigger that refuses to rewrite or delete a decided row of `table`."""
    return f"""
CREATE FUNCTION {table}_append_only() RETURNS trigger AS $$
BEGIN
    IF OLD.state <> 'pending' THEN
        RAISE EXCEPTION 'decided {what} % is part of the audit trail and cannot be %',
            OLD.id, lower(TG_OP) || 'd'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER {table}_append_only
    BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {table}_append_only();
"""


def drop_append_only_sql(table):
    return f"""
DROP TRIGGER IF EXISTS {table}_append_only ON {table};
DROP FUNCTION IF EXISTS {table}_append_only();
"""


REPARENTING = """
CREATE FUNCTION claims_refuse_reparenting() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% % cannot be moved to another parent', TG_TABLE_NAME, OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER claims_claim_stays_in_its_story
    BEFORE UPDATE OF article_id ON claims_claim
    FOR EACH ROW WHEN (OLD.article_id IS DISTINCT FROM NEW.article_id)
    EXECUTE FUNCTION claims_refuse_reparenting();

CREATE TRIGGER claims_citation_stays_with_its_claim
    BEFORE UPDATE OF claim_id ON claims_citation
    FOR EACH ROW WHEN (OLD.claim_id IS DISTINCT FROM NEW.claim_id)
    EXECUTE FUNCTION claims_refuse_reparenting();
"""

DROP_REPARENTING = """
DROP TRIGGER IF EXISTS claims_claim_stays_in_its_story ON claims_claim;
DROP TRIGGER IF EXISTS claims_citation_stays_with_its_claim ON claims_citation;
DROP FUNCTION IF EXISTS claims_refuse_reparenting();
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(append_only_sql("claims_claimrevision", "revision"), params=None)
        schema_editor.execute(REPARENTING, params=None)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(drop_append_only_sql("claims_claimrevision"), params=None)
        schema_editor.execute(DROP_REPARENTING, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0003_statuschange_append_only"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ClaimRevision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("saved", "Saved"),
                            ("pending", "Waiting for review"),
                            ("approved", "Approved"),
                            ("rejected", "Rejected"),
                            ("withdrawn", "Withdrawn"),
                            ("superseded", "Replaced by a later edit"),
                        ],
                        default="pending",
                        max_length=20,
                    ),
                ),
                ("before", models.JSONField(blank=True, null=True)),
                ("after", models.JSONField()),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                ("decision_note", models.TextField(blank=True, help_text="For the desk.")),
                (
                    "public_note",
                    models.TextField(
                        blank=True,
                        help_text="The correction as readers read it under the story's Updates.",
                    ),
                ),
            ],
            options={
                "ordering": ["created_at", "pk"],
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="claim",
            name="presence",
            field=models.CharField(
                choices=[
                    ("live", "In the story"),
                    ("proposed", "Proposed for the published story"),
                    ("dropped", "Not added to the story"),
                ],
                default="live",
                editable=False,
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="revision",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.CheckConstraint(
                condition=models.Q(("presence__in", ["live", "proposed", "dropped"])),
                name="claim_presence_valid",
            ),
        ),
        migrations.AddField(
            model_name="claimrevision",
            name="author",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="claimrevision",
            name="claim",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="revisions",
                to="claims.claim",
            ),
        ),
        migrations.AddField(
            model_name="claimrevision",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="claimrevision",
            name="supersedes",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="claims.claimrevision",
            ),
        ),
        migrations.AddIndex(
            model_name="claimrevision",
            index=models.Index(fields=["state", "created_at"], name="claimrevision_queue"),
        ),
        migrations.AddConstraint(
            model_name="claimrevision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "state__in",
                        ["saved", "pending", "approved", "rejected", "withdrawn", "superseded"],
                    )
                ),
                name="claimrevision_state_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="claimrevision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("decided_at__isnull", True), ("state", "pending")),
                    models.Q(
                        models.Q(("state", "pending"), _negated=True), ("decided_at__isnull", False)
                    ),
                    _connector="OR",
                ),
                name="claimrevision_decided_when_not_pending",
            ),
        ),
        migrations.AddConstraint(
            model_name="claimrevision",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state", "pending")),
                fields=("claim",),
                name="one_pending_revision_per_claim",
                violation_error_message="This claim already has an edit waiting for review.",
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
