"""Every decision of the desk logged once it commits, in one shape (README, Logs).

A decision rolled back never happened, so the line is written by `transaction.on_commit`.
Fields a log search can use: `event` ("<thing>.<what happened>"), `actor`, `actor_id`, the
ids of what it is about, and where there is one the state before and after. No free text:
rationales and notes may name confidential sources, and a log is read more widely than the
desk.
"""

from django.db import transaction


def log_decision(logger, message, *, event, actor, **fields):
    """Log `message` at INFO with `event`, the acting user and `fields`, after the commit."""
    record = {"event": event, "actor": actor.get_username(), "actor_id": actor.pk, **fields}
    transaction.on_commit(lambda: logger.info(message, extra=record))
