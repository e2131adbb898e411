"""On PostgreSQL, the database itself refuses to rewrite or delete a decided StatusChange.

The model layer refuses too; this trigger also stops raw SQL and QuerySet.update(), so the
audit trail cannot be rewritten by any path. A pending row may still be decided (UPDATE)
or, with its claim, removed. TRUNCATE (used by test teardown) fires no row trigger.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION claims_statuschange_append_only() RETURNS trigger AS $$
BEGIN
    IF OLD.state <> 'pending' THEN
        RAISE EXCEPTION 'decided status change % is part of the audit trail and cannot be %',
            OLD.id, lower(TG_OP) || 'd'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER claims_statuschange_append_only
    BEFORE UPDATE OR DELETE ON claims_statuschange
    FOR EACH ROW EXECUTE FUNCTION claims_statuschange_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS claims_statuschange_append_only ON claims_statuschange;
DROP FUNCTION IF EXISTS claims_statuschange_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_roles")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
