"""`make backup` and `make restore` (pg_dump/pg_restore, custom format): a restored copy of the
demo holds everything the original does, its rules included — the append-only trigger on
decided status changes, and every claim's status explained by its approved changes."""

import os
import secrets
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from tests.helpers import postgresql_only

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent

TRIGGERS = """
    SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2
"""
# Each claim's status beside the to_status of its last approved change (NULL if none).
STATUS_AND_LAST_APPROVED = """
    SELECT claim.id, claim.status, (
        SELECT change.to_status FROM claims_statuschange change
        WHERE change.claim_id = claim.id AND change.state = 'approved'
        ORDER BY change.decided_at DESC, change.id DESC LIMIT 1
    )
    FROM claims_claim claim ORDER BY claim.id
"""
COUNTS = """
    SELECT (SELECT count(*) FROM articles_article), (SELECT count(*) FROM claims_claim),
           (SELECT count(*) FROM claims_citation), (SELECT count(*) FROM claims_statuschange),
           (SELECT count(*) FROM django_migrations)
"""


@pytest.fixture(autouse=True)
def client_tools():
    missing = [tool for tool in ("pg_dump", "pg_restore", "make") if not shutil.which(tool)]
    if missing:
        message = f"{', '.join(missing)} not found: install postgresql-client (and make)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def url_for(name):
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "127.0.0.1"
    return f"postgres://{settings['USER']}{password}@{host}:{settings['PORT'] or 5432}/{name}"


def make(target, database_url, backup):
    result = subprocess.run(
        ["make", "--no-print-directory", target, f"BACKUP={backup}"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def fresh_database():
    """A new, empty database next to the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored_{secrets.token_hex(4)}"
    with psycopg.connect(url_for("postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield name
        finally:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def read(database_url, query):
    with psycopg.connect(database_url) as database:
        return database.execute(query).fetchall()


def test_the_demo_backed_up_and_restored_keeps_its_rules(tmp_path, fresh_database):
    call_command("load_demo", force=True, verbosity=0)
    original, restored = url_for(connection.settings_dict["NAME"]), url_for(fresh_database)
    backup = tmp_path / "newsroom.dump"

    assert f"Backed up to {backup}" in make("backup", original, backup)
    assert f"Restored {backup}" in make("restore", restored, backup)

    assert read(restored, COUNTS) == read(original, COUNTS)
    triggers = read(restored, TRIGGERS)
    assert triggers == read(original, TRIGGERS)
    assert ("claims_statuschange", "claims_statuschange_append_only") in triggers

    statuses = read(restored, STATUS_AND_LAST_APPROVED)
    assert {status for _, status, _ in statuses} == {
        "verified",
        "unconfirmed",
        "intelligence_estimate",
    }
    unexplained = [
        (claim, status, last)
        for claim, status, last in statuses
        if last != status and not (last is None and status == "unconfirmed")
    ]
    assert unexplained == []

    # The trigger is not only there: it refuses to rewrite the restored audit trail.
    with (
        psycopg.connect(restored) as database,
        pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="audit trail"),
    ):
        database.execute(
            "UPDATE claims_statuschange SET decision_note = 'Rewritten.' WHERE state = 'approved'"
        )
