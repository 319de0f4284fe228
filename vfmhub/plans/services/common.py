"""Checks the plan services share."""

import datetime
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model

from vfmhub.accounts.models import User
from vfmhub.organisations.models import Organisation, OrganisationMembership

M = TypeVar("M", bound=Model)

NOT_A_MEMBER = "Choose someone who holds a role at {organisation}."


def check_member(user: User | None, organisation: Organisation, field: str) -> None:
    """A linked officer or owner must hold a role at the body (so "my actions" can show it)."""
    if user is None:
        return
    if not OrganisationMembership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError({field: NOT_A_MEMBER.format(organisation=organisation.name)})


def fields_save(
    instance: M,
    fields: dict[str, Any],
    allowed: list[str],
    check: Callable[[M], None] | None = None,
) -> M:
    """Set `fields` (only `allowed` ones; text stripped), `check` the result, validate, save."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(instance, name, value.strip() if isinstance(value, str) else value)
    if check is not None:
        check(instance)
    instance.full_clean()
    instance.save()
    return instance


# The version a form or API client read, to refuse a save over a newer change (see
# `vfmhub.core.concurrency`): a datetime, its text, or None for no check.
Version = datetime.datetime | str | None
