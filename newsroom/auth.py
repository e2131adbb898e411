"""Sign-in throttling with django-axes: the backend that asks it, and two limits.

Axes counts failures under each of `AXES_LOCKOUT_PARAMETERS` and compares the largest count
with one limit. We want two: five wrong passwords for one account from one address (a
colleague mistyping is not locked out everywhere), and twenty from one address whatever
the accounts (someone trying many accounts from one place).
"""

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.db.models import Sum


class SignInForm(AuthenticationForm):
    """Django's sign-in form, holding the username to its length.

    Django sets the username field's max_length after the field is made, so the limit
    reaches the page but not validation: a longer name went on to authenticate(), and
    axes, recording the failure, could not store it (a 500 on PostgreSQL).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


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
