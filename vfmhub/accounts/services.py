"""Writes to people, tokens and sign-in attempts."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from vfmhub.accounts.models import ApiToken, FailedSignIn, User, hash_token
from vfmhub.audit.services import audit_record, audit_record_created
from vfmhub.lib import clock

PASSWORD_EMAIL = "accounts/password_reset_email.txt"
PASSWORD_EMAIL_SUBJECT = "accounts/password_reset_subject.txt"
TOKEN_REVOKED_WITH_PASSWORD = "Revoked because the account's password was changed."
PASSWORD_CHANGE_NOTE = "API tokens revoked: {count}."


@transaction.atomic
def user_invite(
    *, acting_user: User | None, email: str, full_name: str = "", url_base: str = ""
) -> User:
    """The user with this email, created (and sent a link to set a password) if new."""
    User = get_user_model()
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as invalid:
        raise ValidationError({"email": invalid.messages}) from None
    user = User.objects.filter(email__iexact=email).first()
    if user:
        return user
    user = User.objects.create_user(email=email, full_name=full_name)
    audit_record_created(
        acting_user=acting_user, action="user.invite", obj=user, fields=["email", "full_name"]
    )
    if url_base:
        _send_set_password_email(user, url_base)
    return user


def _send_set_password_email(user: User, url_base: str) -> None:
    """Reuse Django's reset email so an invited person sets their own password."""
    scheme, _, domain = url_base.partition("://")
    # An invited user has an unusable password, which the reset form's lookup skips; send directly.
    form = PasswordResetForm({"email": user.email})
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": settings.SITE_NAME,
        "uid": _uid(user),
        "user": user,
        "token": _token(user),
        "protocol": scheme or "https",
        "invited": True,
    }
    form.send_mail(
        PASSWORD_EMAIL_SUBJECT,
        PASSWORD_EMAIL,
        context,
        settings.DEFAULT_FROM_EMAIL,
        user.email,
    )


def _uid(user: User) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def _token(user: User) -> str:
    return default_token_generator.make_token(user)


@transaction.atomic
def api_token_create(*, acting_user: User | None, name: str) -> tuple[ApiToken, str]:
    """Create a token for `acting_user`; returns it and the raw value, which is never stored."""
    raw = ApiToken.new_raw_token()
    token = ApiToken(user=acting_user, name=name.strip(), token_hash=hash_token(raw), hint=raw[:8])
    token.full_clean()
    token.save()
    audit_record_created(
        acting_user=acting_user, action="api_token.create", obj=token, fields=["name"]
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, acting_user: User | None, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            acting_user=acting_user,
            action="api_token.revoke",
            obj=token,
            changes={"revoked_at": [None, token.revoked_at]},
        )
    return token


def api_token_authenticate(raw: str) -> User | None:
    """The active user owning this raw token, or None. Records when the token was last used."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def sign_in_is_locked(email: str) -> bool:
    """Whether `email` has used up its attempts: for messages; `sign_in_attempt_begin` enforces."""
    return _recent_failures(_normalised(email)) >= settings.LOGIN_FAILURE_LIMIT


def sign_in_attempt_begin(*, email: str, ip_address: str | None) -> bool:
    """Count an attempt at `email` before its password is checked; False when it is locked.

    The attempt is recorded as a failure first (a success clears it through `sign_in_succeeded`),
    so parallel guesses cannot all pass the check before any of them is counted. The account's row
    is locked while its failures are counted and the new one added, so attempts at one account are
    counted one at a time: no more than LOGIN_FAILURE_LIMIT passwords are checked in the window.
    SQLite's IMMEDIATE transactions (settings.SQLITE_OPTIONS) serialise every writer anyway.
    """
    email = _normalised(email)
    with transaction.atomic():
        # An unknown address has no row to lock; its "password check" runs only a dummy hash.
        list(
            get_user_model()
            .objects.select_for_update()
            .filter(email__iexact=email)
            .values_list("pk", flat=True)
        )
        if _recent_failures(email) >= settings.LOGIN_FAILURE_LIMIT:
            return False
        FailedSignIn.objects.create(email=email, ip_address=ip_address)
    return True


def sign_in_succeeded(*, email: str) -> None:
    FailedSignIn.objects.filter(email=_normalised(email)).delete()


def _normalised(email: str) -> str:
    return email.strip().lower()[:254]


def _recent_failures(email: str) -> int:
    since = clock.now() - datetime.timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    return FailedSignIn.objects.filter(email=email, at__gte=since).count()


@contextmanager
def password_changes_by(acting_user: User | None) -> Iterator[None]:
    """Within this block, a password change is recorded as made by `acting_user` (an admin).

    Outside one, the person whose password changed is the actor: they changed it, or reset it with
    the link emailed to them.
    """
    reset = _password_change_actor.set(acting_user)
    try:
        yield
    finally:
        _password_change_actor.reset(reset)


_password_change_actor: ContextVar = ContextVar("password_change_actor", default=None)


@transaction.atomic
def user_password_replaced(*, user: User, disabled: bool = False) -> list[ApiToken]:
    """After `user`'s password is changed, reset or switched off: revoke their API tokens.

    A token is a second way in; whoever knew the old password may have made one. The account's
    failed sign-ins are cleared too: the new password has not been guessed at, and the lock's
    message tells a locked-out person to reset their password. Called by `User.save`.
    """
    acting_user = _password_change_actor.get() or user
    now = clock.now()
    tokens = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True))
    for token in tokens:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        audit_record(
            acting_user=acting_user,
            action="api_token.revoke",
            obj=token,
            changes={"revoked_at": [None, now]},
            note=TOKEN_REVOKED_WITH_PASSWORD,
        )
    audit_record(
        acting_user=acting_user,
        action="user.password_disable" if disabled else "user.password_change",
        obj=user,
        note=PASSWORD_CHANGE_NOTE.format(count=len(tokens)),
    )
    sign_in_succeeded(email=user.email)
    return tokens
