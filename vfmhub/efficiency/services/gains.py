"""The gains register: adding, changing, removing (history kept) and confirming persistence."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import acting, audit_record_changed, save_created
from vfmhub.core.concurrency import check_unchanged
from vfmhub.efficiency.models import EfficiencyProgramme, Gain, GainCategory
from vfmhub.efficiency.services.common import (
    Version,
    check_programme_year,
    fields_saved,
    owners,
    participant_of,
)
from vfmhub.organisations.models import Organisation

GAIN_FIELDS = [
    "description",
    "category",
    "project_label",
    "first_year",
    "gross_annual_value",
    "investment_cost",
    "ongoing_cost",
    "is_cash_releasing",
    "evidence",
]
AMOUNT_NEGATIVE = "Enter an amount of £0 or more."
CATEGORY_NOT_IN_PROGRAMME = "Choose a category of this programme."
ALREADY_REMOVED = "This gain has already been removed."
REMOVED_BEFORE_FIRST_YEAR = "A gain can only be removed from a year after its first year."
REASON_REQUIRED = "Give the reason the gain no longer persists."
DATE_REQUIRED = "Enter the date the gain was removed."
CONFIRM_REMOVED = "A removed gain cannot be confirmed as persisting."
CONFIRM_DATE_REQUIRED = "Enter the date the gain was checked."


def _check_amounts(fields: dict) -> None:
    errors = {
        name: AMOUNT_NEGATIVE
        for name in ("gross_annual_value", "investment_cost", "ongoing_cost")
        if name in fields and (fields[name] is None or Decimal(fields[name]) < 0)
    }
    if errors:
        raise ValidationError(errors)


def _check_category(programme: EfficiencyProgramme, category: GainCategory | None) -> None:
    if category is not None and category.programme_id != programme.pk:
        raise ValidationError({"category": CATEGORY_NOT_IN_PROGRAMME})


@transaction.atomic
def gain_add(
    *,
    acting_user: User | None,
    programme: EfficiencyProgramme,
    organisation: Organisation,
    description: str,
    first_year: int,
    gross_annual_value: Decimal,
    investment_cost: Decimal = Decimal(0),
    ongoing_cost: Decimal = Decimal(0),
    is_cash_releasing: bool = True,
    category: GainCategory | None = None,
    project_label: str = "",
    evidence: str = "",
) -> Gain:
    participant_of(programme, organisation)
    check_programme_year(programme, first_year, "first_year")
    _check_amounts(
        {
            "gross_annual_value": gross_annual_value,
            "investment_cost": investment_cost,
            "ongoing_cost": ongoing_cost,
        }
    )
    _check_category(programme, category)
    gain = Gain(
        programme=programme,
        organisation=organisation,
        description=description.strip(),
        first_year=first_year,
        gross_annual_value=gross_annual_value,
        investment_cost=investment_cost,
        ongoing_cost=ongoing_cost,
        is_cash_releasing=is_cash_releasing,
        category=category,
        project_label=project_label.strip(),
        evidence=evidence.strip(),
        created_by=acting(acting_user),
    )
    return save_created(
        gain,
        acting_user=acting_user,
        action="efficiency.gain.add",
        fields=GAIN_FIELDS,
        **owners(programme, organisation.pk),
    )


def _locked(gain: Gain) -> Gain:
    return Gain.objects.select_for_update(of=("self",)).select_related("programme").get(pk=gain.pk)


def _changed(
    acting_user: User | None,
    gain: Gain,
    action: str,
    values: dict[str, Any],
    expected_updated_at: Version,
    check: Callable[[Gain], None] = lambda gain: None,
) -> Gain:
    """Change a gain at the version the user read: lock it, `check` it as it now stands, save
    `values` and record what changed."""
    gain = _locked(gain)
    check_unchanged(gain, expected_updated_at)
    check(gain)
    before = fields_saved(gain, values)
    filed = owners(gain.programme, gain.organisation_id)
    audit_record_changed(acting_user=acting_user, action=action, obj=gain, before=before, **filed)
    return gain


@transaction.atomic
def gain_update(
    *, acting_user: User | None, gain: Gain, expected_updated_at: Version = None, **fields: Any
) -> Gain:
    unknown = set(fields) - set(GAIN_FIELDS)
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")

    def check(gain: Gain) -> None:
        if "first_year" in fields:
            check_programme_year(gain.programme, fields["first_year"], "first_year")
        _check_amounts(fields)
        _check_category(gain.programme, fields.get("category"))

    return _changed(acting_user, gain, "efficiency.gain.update", fields, expected_updated_at, check)


@transaction.atomic
def gain_remove(
    *,
    acting_user: User | None,
    gain: Gain,
    removed_from_year: int,
    removed_on: datetime.date,
    reason: str,
    expected_updated_at: Version = None,
) -> Gain:
    """Stop a gain counting from `removed_from_year`; earlier years still count it."""

    def check(gain: Gain) -> None:
        if gain.removed_from_year is not None:
            raise ValidationError(ALREADY_REMOVED)
        errors = {}
        if removed_from_year is None or removed_from_year <= gain.first_year:
            errors["removed_from_year"] = REMOVED_BEFORE_FIRST_YEAR
        if removed_on is None:
            errors["removed_on"] = DATE_REQUIRED
        if not (reason or "").strip():
            errors["reason"] = REASON_REQUIRED
        if errors:
            raise ValidationError(errors)

    removal = {
        "removed_from_year": removed_from_year,
        "removed_on": removed_on,
        "removal_reason": reason,
    }
    return _changed(
        acting_user, gain, "efficiency.gain.remove", removal, expected_updated_at, check
    )


@transaction.atomic
def gain_confirm_persistence(
    *,
    acting_user: User | None,
    gain: Gain,
    confirmed_on: datetime.date,
    expected_updated_at: Version = None,
) -> Gain:
    """Record that the gain was checked as sustained for two full years after its first."""

    def check(gain: Gain) -> None:
        if gain.removed_from_year is not None:
            raise ValidationError(CONFIRM_REMOVED)
        if confirmed_on is None:
            raise ValidationError({"confirmed_on": CONFIRM_DATE_REQUIRED})

    confirmed = {"persistence_confirmed_on": confirmed_on}
    return _changed(
        acting_user, gain, "efficiency.gain.confirm", confirmed, expected_updated_at, check
    )
