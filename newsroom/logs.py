"""The log: one JSON object a line on standard error, each line of a request carrying its id.

python-json-logger renders the standard library's records, so any module logs with a plain
`logging.getLogger(__name__)` and its `extra={...}` fields become JSON fields: the apps need
nothing from here. Django's loggers and gunicorn's (gunicorn.conf.py) go through the same
formatter. `text` is the readable form for a laptop (`make run`).
"""

import logging
import logging.config
from contextvars import ContextVar

# The id of the request being served by this thread (or task); set by
# newsroom.middleware.request_log, read by RequestContext for every record.
request_id = ContextVar("request_id", default=None)

FORMATS = ("json", "text")


class RequestContext(logging.Filter):
    """A logging filter that stamps each record made while serving a request with its id.

    Django logs a 4xx or 5xx answer (django.request) once the middleware is done and the
    context is gone, but hands the request along: its id is on it too.
    """

    def filter(self, record):
        if not hasattr(record, "request_id"):
            current = request_id.get() or getattr(getattr(record, "request", None), "id", None)
            if current is not None:
                record.request_id = current
        return True


def configure(config):
    """Django's LOGGING_CONFIG: the dictionary, and Python's warnings (a missing static
    directory, a deprecation) through it too rather than straight to stderr as text."""
    logging.config.dictConfig(config)
    logging.captureWarnings(True)


def formatters():
    return {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(process)d %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger", "process": "pid"},
            "timestamp": "time",
        },
        "text": {"format": "%(levelname)s %(name)s: %(message)s"},
    }


def configuration(log_format, level):
    """The `LOGGING` dictionary: everything to standard error in `log_format`."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request": {"()": RequestContext}},
        "formatters": formatters(),
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["request"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's own handlers (a console one for DEBUG, mail to ADMINS, which are
            # none) go: its records reach the one handler above, like everyone's.
            "django": {"handlers": [], "propagate": True},
            # Each request is logged once, by newsroom.middleware, with its id and the user;
            # runserver's own line for it would repeat it.
            "django.server": {"handlers": [], "propagate": True, "level": "ERROR"},
            # django-axes announces itself on every start, management commands included.
            "axes.apps": {"level": "WARNING"},
        },
    }
