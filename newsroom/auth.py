"""Sign-in throttling with django-axes: the backend that asks it, and two limits.

Axes counts failures under each of `AXES_LOCKOUT_PARAMETERS` and compares the largest count
with one limit. We want two: five wrong passwords for one account from one address (a
colleague mistyping is not locked out everywhere), and twenty from one address whatever
the accounts (someone trying many accounts from one place).
"""

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check on sign-ins that come from a client.

    authenticate() without a request (the test client's login(), the shell, management
    commands) has no client address to throttle, and axes would refuse it outright.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


class LoginThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit of its own for the address alone.

    The lockout parameters are [(username, address), address]: the failures of the pair
    count against AXES_FAILURE_LIMIT, those of the address against
    AXES_ADDRESS_FAILURE_LIMIT, expressed in the pair's units for axes' one comparison.
    """

    def get_failures(self, request, credentials=None):
        pair, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        # failures ≥ pair limit exactly when pair ≥ pair limit or address ≥ address limit.
        scaled = address * settings.AXES_FAILURE_LIMIT // settings.AXES_ADDRESS_FAILURE_LIMIT
        return max(pair, scaled)
