"""The one way a password is checked: Django's model backend behind the sign-in throttle."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from vfmhub.accounts.services import sign_in_attempt_begin, sign_in_succeeded

LOCKED = "Too many failed attempts to sign in to this account."


class ThrottledModelBackend(ModelBackend):
    """Every `django.contrib.auth.authenticate()` call counts against the email's attempts.

    So the site's sign-in, the Django admin's, the old password when changing it and anything added
    later share one lock. A locked account is refused before its password is checked, even the
    right one; `authenticate()` then returns None and sends `user_login_failed`.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or password is None:
            return None  # nothing is checked, so nothing is counted
        if not sign_in_attempt_begin(email=username, ip_address=client_ip(request)):
            raise PermissionDenied(LOCKED)
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None:
            sign_in_succeeded(email=username)
        return user


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None
