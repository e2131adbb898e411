"""What many tests share: the htmx header, the mark for what only PostgreSQL can test, and
a race of jobs on separate connections."""

import threading

import pytest
from django.db import connection

from claims.errors import WorkflowError

# The header htmx sends with every request it makes (the test client's `headers=`).
HTMX = {"HX-Request": "true"}

# Row locks, the append-only triggers and LISTEN/NOTIFY are PostgreSQL's (the production
# database, and CI's): SQLite ignores select_for_update and has none of the rest.
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: the production database's own"
)


def race(*jobs):
    """Run each job in its own thread, all released together by a barrier, each on its own
    database connection (Django's are per thread), given back when it is done.

    Returns one outcome per job, in order: ("done", result), ("refused", WorkflowError) or
    ("crashed", any other exception) — the last must never happen.
    """
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            outcomes[index] = ("done", job())
        except WorkflowError as error:
            outcomes[index] = ("refused", error)
        except Exception as error:  # reported by the callers' assertions
            outcomes[index] = ("crashed", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
