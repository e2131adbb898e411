"""What many tests share: the htmx header, and the mark for what only PostgreSQL can test."""

import pytest
from django.db import connection

# The header htmx sends with every request it makes (the test client's `headers=`).
HTMX = {"HX-Request": "true"}

# Row locks, the append-only triggers and LISTEN/NOTIFY are PostgreSQL's (the production
# database, and CI's): SQLite ignores select_for_update and has none of the rest.
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: the production database's own"
)
