from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm

from vfmhub.accounts.services import sign_in_failed, sign_in_is_locked, sign_in_succeeded

LOCKED = (
    "Too many failed attempts to sign in to this account. Wait {minutes} minutes and try again, "
    "or reset your password."
)


def locked_message() -> str:
    return LOCKED.format(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


class SignInForm(AuthenticationForm):
    """Email and password, with throttling of repeated failures for one account."""

    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].error_messages["required"] = "Enter your password"

    error_messages = {
        "invalid_login": "Enter a correct email address and password.",
        "inactive": "This account has been switched off. Ask your organisation's manager.",
    }

    def clean(self):
        email = (self.data.get("username") or "").strip().lower()
        if email and sign_in_is_locked(email):
            raise forms.ValidationError(locked_message(), code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if email:
                sign_in_failed(email=email, ip_address=_client_ip(self.request))
            raise
        # A form missing its password never authenticates; only a real success clears failures.
        if self.get_user() is not None:
            sign_in_succeeded(email=email)
        return cleaned


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request else None


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=100,
        help_text="Say what the token is for, such as 'Monthly returns script'.",
    )
