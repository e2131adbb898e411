"""On PostgreSQL, every change to an article row tells listening processes at commit.

Every change a reader can see renews the article's content version (articles.story_cache),
so this one statement-level trigger covers them all: the desk's saves, workflow approvals,
source renames, admin edits, even raw SQL. Each web process listens (NOTIFY is delivered
when the transaction commits, never for one rolled back) and stops trusting the versions it
has already checked, so a warm page costs no query at all.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION articles_notify_story_changed() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('newsroom_stories', '');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER articles_article_notify_story_changed
    AFTER INSERT OR UPDATE OR DELETE ON articles_article
    FOR EACH STATEMENT EXECUTE FUNCTION articles_notify_story_changed();
"""

DROP = """
DROP TRIGGER IF EXISTS articles_article_notify_story_changed ON articles_article;
DROP FUNCTION IF EXISTS articles_notify_story_changed();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_article_content_version")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
