"""Revisions of a story's text (proposed corrections on a published story), and the
reason a story was withdrawn. On PostgreSQL decided revisions are append-only, as decided
status changes are (claims 0003).

Stories withdrawn before reasons were recorded get one saying so, and the time of their
last change as the time of withdrawal, so that the new rule (a withdrawn story says why)
holds for every row.
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


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(append_only_sql("articles_articlerevision", "revision"), params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(drop_append_only_sql("articles_articlerevision"), params=None)


def give_past_withdrawals_a_reason(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.filter(status="withdrawn", withdrawn_at__isnull=True):
        Article.objects.filter(pk=article.pk).update(
            withdrawn_at=article.updated_at,
            withdrawal_reason="Withdrawn before the desk recorded reasons.",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_notify_story_changes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleRevision",
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
            model_name="article",
            name="withdrawal_reason",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="article",
            name="withdrawn_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="withdrawn_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="articlerevision",
            name="article",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="revisions",
                to="articles.article",
            ),
        ),
        migrations.AddField(
            model_name="articlerevision",
            name="author",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="articlerevision",
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
            model_name="articlerevision",
            name="supersedes",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="articles.articlerevision",
            ),
        ),
        migrations.AddIndex(
            model_name="articlerevision",
            index=models.Index(fields=["state", "created_at"], name="articlerevision_queue"),
        ),
        migrations.AddConstraint(
            model_name="articlerevision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "state__in",
                        ["saved", "pending", "approved", "rejected", "withdrawn", "superseded"],
                    )
                ),
                name="articlerevision_state_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="articlerevision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("decided_at__isnull", True), ("state", "pending")),
                    models.Q(
                        models.Q(("state", "pending"), _negated=True), ("decided_at__isnull", False)
                    ),
                    _connector="OR",
                ),
                name="articlerevision_decided_when_not_pending",
            ),
        ),
        migrations.AddConstraint(
            model_name="articlerevision",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state", "pending")),
                fields=("article",),
                name="one_pending_revision_per_article",
                violation_error_message="This story already has an edit waiting for review.",
            ),
        ),
        migrations.RunPython(give_past_withdrawals_a_reason, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "withdrawn"), _negated=True),
                    models.Q(
                        ("withdrawn_at__isnull", False),
                        models.Q(("withdrawal_reason", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="article_withdrawn_has_reason",
            ),
        ),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
