from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from vfmhub.accounts.services import sign_in_is_locked

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
        # The backend counts the attempt and enforces the lock (vfmhub/accounts/backends.py); this
        # only words the refusal, for an account already locked before this attempt.
        email = (self.data.get("username") or "").strip().lower()
        if email and sign_in_is_locked(email):
            raise forms.ValidationError(locked_message(), code="locked")
        return super().clean()


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """Checks the old password through `authenticate()`, so it counts against the same lock."""

    def __init__(self, user, *args, request=None, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if sign_in_is_locked(self.user.email):
            raise forms.ValidationError(locked_message(), code="locked")
        checked = authenticate(self.request, username=self.user.email, password=old_password)
        if checked is None or checked.pk != self.user.pk:
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class ThrottledAdminPasswordChangeForm(ThrottledPasswordChangeForm):
    """The Django admin's "Change password" form, checked as the site's is."""

    required_css_class = "required"  # as the admin's own form, for its template


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=100,
        help_text="Say what the token is for, such as 'Monthly returns script'.",
    )
