"""The connection pool's check of a connection as a request takes it (newsroom/settings.py).

psycopg_pool's own check (an empty query, one round trip) finds a connection that PostgreSQL
ended; the pool then throws it away and hands out the next. But PostgreSQL ends them all at
once (a restart, a failover, an administrator's pg_terminate_backend), and the pool would
find the others dead one at a time, pausing a second, then two, between them to avoid a
busy loop: a request could wait out its whole timeout on connections known to be dead.
So, once one is found dead, every idle one is checked there and then (the pool's own
check()), and the dead ones are replaced together.
"""

from psycopg_pool import ConnectionPool


def check_connection(connection):
    try:
        ConnectionPool.check_connection(connection)
    except Exception:
        from django.db import connections

        connections["default"].pool.check()
        raise
