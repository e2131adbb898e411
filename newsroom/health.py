"""Is this process alive, and is it ready for traffic? For compose, a load balancer, an operator.

`/healthz` (liveness) answers as long as the process serves requests at all: it touches no
database, so a database outage never gets healthy processes restarted. `/readyz`
(readiness) answers 200 only when this process can serve the desk and the stories right
now: the database answers within a second, every migration is applied, and — on PostgreSQL,
in a web server's process that listens for story changes — that listener is connected.
Otherwise 503, with the reason (for the listener: connecting, reconnecting after how many
failed attempts and when it tries next, or silent for how long). Both are JSON, public
(they say nothing about the content) and never cached.
"""

import contextvars
import logging
import threading
import time

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from articles.story_cache.listener import changes

logger = logging.getLogger(__name__)

# How long readiness waits for the database: a process whose database takes longer than
# this to say SELECT 1 is not ready, whatever the reason (down, unreachable, locked).
DATABASE_DEADLINE = 1.0

_probing = threading.Lock()
_probe = None  # the database check under way, if one has not finished yet


class DatabaseProbe:
    """SELECT 1, then the migrations not yet applied, in a thread of its own, so that a
    database that never answers (a connection attempt into the void, a pool waiting for a
    free connection, a table locked by a migration) costs readiness one second, not the
    driver's own timeouts. A probe that hangs is not abandoned for a new one: until it
    ends, every check reports it, so hung probes cannot pile up."""

    def __init__(self):
        self.started = time.monotonic()
        self.pending = None
        self.error = None
        self.thread = threading.Thread(
            # In the request's context, so what it logs carries the request's id.
            target=contextvars.copy_context().run,
            args=(self._run,),
            name="readiness-probe",
            daemon=True,
        )
        self.thread.start()

    def _run(self):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
            self.pending = [f"{migration.app_label}.{migration.name}" for migration, _ in plan]
        except Exception as error:  # Any failure to answer makes the process unready.
            self.error = error
        finally:
            # This thread's own connection (back to the pool on PostgreSQL).
            connection.close()

    def wait(self, seconds):
        self.thread.join(seconds)
        return not self.thread.is_alive()


def database_problems():
    """Reasons the database is not fit to serve from, as (check, reason) pairs."""
    global _probe
    with _probing:
        if _probe is not None and _probe.thread.is_alive():
            waited = time.monotonic() - _probe.started
            return [("database", f"the database has not answered a check begun {waited:.0f} s ago")]
        _probe = probe = DatabaseProbe()
    if not probe.wait(DATABASE_DEADLINE):
        return [("database", f"the database did not answer within {DATABASE_DEADLINE:g} s")]
    if probe.error is not None:
        # The details (host names, addresses) go to the log, not to whoever asks.
        logger.warning("Readiness: the database check failed.", exc_info=probe.error)
        return [("database", f"the database check failed ({type(probe.error).__name__})")]
    if probe.pending:
        count = len(probe.pending)
        return [
            (
                "migrations",
                f"{count} migration{'s' if count > 1 else ''} not applied: "
                + ", ".join(probe.pending),
            )
        ]
    return []


def listener_state():
    """The story-change listener, where this process uses one (articles.story_cache)."""
    if not changes.enabled or connection.vendor != "postgresql":
        return "not used", None
    # A server that does not start it as a worker boots (gunicorn.conf.py does) would
    # otherwise start it only with the first story request, which an unready process
    # never gets.
    changes.start()
    return changes.describe()


@login_not_required
@require_safe
@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@login_not_required
@require_safe
@never_cache
def readyz(request):
    problems = database_problems()
    listener, listener_problem = listener_state()
    if listener_problem:
        problems.append(("story_listener", listener_problem))
    failed = dict(problems)
    checks = {
        "database": failed.get("database", "ok"),
        "migrations": failed.get("migrations", "unknown" if "database" in failed else "ok"),
        "story_listener": listener,
    }
    if problems:
        reason = "; ".join(reason for _, reason in problems)
        return JsonResponse(
            {"status": "unavailable", "reason": reason, "checks": checks}, status=503
        )
    return JsonResponse({"status": "ok", "checks": checks})
