"""The gains register: adding, changing, removing (history kept) and confirming persistence."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.audit.services import snapshot
from vfmhub.core.concurrency import check_unchanged
from vfmhub.efficiency.models import EfficiencyProgramme, Gain, GainCategory
from vfmhub.efficiency.services.common import (
    actor,
    check_programme_year,
    owners,
    participant_of,
    record,
    record_created,
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
REMOVAL_FIELDS = ["removed_from_year", "removed_on", "removal_reason"]
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
    acting_user,
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
        created_by=actor(acting_user),
    )
    gain.full_clean()
    gain.save()
    record_created(
        acting_user, "efficiency.gain.add", gain, GAIN_FIELDS, **owners(programme, organisation.pk)
    )
    return gain


def _locked(gain: Gain) -> Gain:
    return Gain.objects.select_for_update(of=("self",)).select_related("programme").get(pk=gain.pk)


@transaction.atomic
def gain_update(*, acting_user, gain: Gain, expected_updated_at=None, **fields) -> Gain:
    gain = _locked(gain)
    check_unchanged(gain, expected_updated_at)
    unknown = set(fields) - set(GAIN_FIELDS)
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")
    if "first_year" in fields:
        check_programme_year(gain.programme, fields["first_year"], "first_year")
    _check_amounts(fields)
    _check_category(gain.programme, fields.get("category"))
    before = snapshot(gain, GAIN_FIELDS)
    for name, value in fields.items():
        setattr(gain, name, value.strip() if isinstance(value, str) else value)
    gain.full_clean()
    gain.save()
    filed = owners(gain.programme, gain.organisation_id)
    record(
        acting_user, "efficiency.gain.update", gain, before, snapshot(gain, GAIN_FIELDS), **filed
    )
    return gain


@transaction.atomic
def gain_remove(
    *,
    acting_user,
    gain: Gain,
    removed_from_year: int,
    removed_on: datetime.date,
    reason: str,
    expected_updated_at=None,
) -> Gain:
    """Stop a gain counting from `removed_from_year`; earlier years still count it."""
    gain = _locked(gain)
    check_unchanged(gain, expected_updated_at)
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
    before = snapshot(gain, REMOVAL_FIELDS)
    gain.removed_from_year = removed_from_year
    gain.removed_on = removed_on
    gain.removal_reason = reason.strip()
    gain.full_clean()
    gain.save()
    filed = owners(gain.programme, gain.organisation_id)
    after = snapshot(gain, REMOVAL_FIELDS)
    record(acting_user, "efficiency.gain.remove", gain, before, after, **filed)
    return gain


@transaction.atomic
def gain_confirm_persistence(
    *, acting_user, gain: Gain, confirmed_on: datetime.date, expected_updated_at=None
) -> Gain:
    """Record that the gain was checked as sustained for two full years after its first."""
    gain = _locked(gain)
    check_unchanged(gain, expected_updated_at)
    if gain.removed_from_year is not None:
        raise ValidationError(CONFIRM_REMOVED)
    if confirmed_on is None:
        raise ValidationError({"confirmed_on": CONFIRM_DATE_REQUIRED})
    fields = ["persistence_confirmed_on"]
    before = snapshot(gain, fields)
    gain.persistence_confirmed_on = confirmed_on
    gain.full_clean()
    gain.save()
    filed = owners(gain.programme, gain.organisation_id)
    record(acting_user, "efficiency.gain.confirm", gain, before, snapshot(gain, fields), **filed)
    return gain
