"""Gunicorn serving the claim desk: `gunicorn -c gunicorn.conf.py` (the Docker image's command).

Options given on the command line win over this file (bench/run.py binds to a free port that
way). The environment variables read here are in the README's configuration table.
"""

import os

from gunicorn import glogging

from newsroom import logs


def _env_int(name, default):
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}.") from None


def _cpus():
    # Where the system tells (Linux), only the CPUs this process may run on (a cpuset).
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


wsgi_app = "newsroom.wsgi:application"
# Every address of the container; compose's proxy is the only thing that reaches it.
bind = ["0.0.0.0:8000"]
# Gunicorn's runtime control socket (gunicornc) is not used: workers are managed with
# signals, and several servers on one host (bench/, a developer's replicas) would fight
# over its default path.
control_socket_disable = True

# Gunicorn's own rule of thumb, 2 × CPUs + 1, counting only the CPUs this process may run
# on. Sync workers (GUNICORN_THREADS=1) serve one request at a time and keep one database
# connection each; threads let a worker wait on several slow requests at once, each thread
# taking a connection from its worker's pool (DATABASE_POOL_MAX_SIZE). Replicas × workers
# × threads must stay below PostgreSQL's max_connections (100 by default), with one more
# connection per worker for the story-change listener.
workers = _env_int("GUNICORN_WORKERS", 2 * _cpus() + 1)
threads = _env_int("GUNICORN_THREADS", 1)

# A worker silent for this long is killed and replaced (a request stuck on a lock, a hung
# connection); every page the desk serves answers in well under a second.
timeout = _env_int("GUNICORN_TIMEOUT", 30)
# On SIGTERM (a deploy, `docker compose stop`), requests under way get this long to finish.
graceful_timeout = 30

# Graceful restarts: each worker is replaced after about a thousand requests, at different
# moments thanks to the jitter, so a slow leak cannot grow and the workers never all
# restart at once. The new worker starts with a cold page cache and its own listener.
max_requests = 1000
max_requests_jitter = 100

# preload_app stays off: each worker imports the app itself after the fork. With it on,
# the master would import it once (faster boot, memory shared copy-on-write), but then
# must not have opened a database connection a worker could inherit, and a HUP reloads
# the configuration, not the code: a deploy would need a full restart. The story-change
# listener behaves the same either way: wsgi.py only enables it, and the listening thread
# (threads do not survive a fork) is started in each worker by post_worker_init below.
preload_app = False

# Logs: one JSON object a line on stderr, in the same format as the app's (newsroom/logs.py).
_format = os.environ.get("DJANGO_LOG_FORMAT", "").strip().lower() or "json"
if _format not in logs.FORMATS:
    raise SystemExit(f"DJANGO_LOG_FORMAT must be one of {', '.join(logs.FORMATS)}.")
_level = os.environ.get("DJANGO_LOG_LEVEL", "INFO").upper()
loglevel = _level.lower()
errorlog = "-"
logconfig_dict = logs.configuration(_format, _level)
# Gunicorn's own lines: boot, worker restarts, timeouts, signals.
logconfig_dict["loggers"]["gunicorn.error"] = {
    "level": _level,
    "handlers": ["console"],
    "propagate": False,
}


class AccessLoggedByTheApp(glogging.Logger):
    """Gunicorn's logger, but the access log is the app's: newsroom.middleware writes one
    line a request, in this format, with what gunicorn's line would hold (method, path,
    status, duration) and what gunicorn does not know (the request id, the user). A second
    line would repeat it, and gunicorn would spend time building one to throw away."""

    def access(self, resp, req, environ, request_time):
        pass


logger_class = AccessLoggedByTheApp


def post_worker_init(worker):
    """Listen for story changes from the moment the worker is up, not from its first story
    request, so that /readyz can tell the listener is connected before traffic comes."""
    from articles.story_cache.listener import changes

    changes.start()


def worker_exit(server, worker):
    """Hang up the listener's connection cleanly rather than dropping it with the process."""
    from articles.story_cache.listener import changes

    changes.stop()
