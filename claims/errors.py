"""The refusals of the claims domain, written for the person who is refused."""

from django.core.exceptions import PermissionDenied


class WorkflowError(Exception):
    """A refusal a person can act on; its message is written for them."""


class StaleChange(WorkflowError):
    """What the person saw changed since they opened it; the message says what changed."""


def require(user, permission, action):
    if not user.has_perm(permission):
        raise PermissionDenied(f"You do not have permission to {action}.")
