"""Writes of an organisation's figures for an indicator: values (a correction is a new version),
their status, targets (entered, or a trajectory), commentary (append-only) and entered forecasts.

Every figure is checked against the indicator (data type, size, the period's frequency and the
indicator's years) so that bad input is a ValidationError with a plain message, never a crash.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import audit_record, audit_record_created, save_created, snapshot
from vfmhub.organisations.models import Organisation
from vfmhub.performance.calculations import Frequency, Period, Polarity, rag_band
from vfmhub.performance.models import (
    MAX_DIGITS,
    PLACES,
    Commentary,
    DataType,
    EnteredForecast,
    Indicator,
    IndicatorValue,
    Target,
    TargetSource,
    ValueStatus,
)
from vfmhub.performance.services.indicators import rag_rule_current, stored_rule

STEP = Decimal(1).scaleb(-PLACES)
LARGEST = Decimal(10) ** (MAX_DIGITS - PLACES)
TOO_LARGE = "The number is too large: it must be smaller than 100,000,000,000,000 either way."
NOT_A_NUMBER = "Enter a number."
YES_NO = "Enter 1 for yes or 0 for no."
PERCENT_RANGE = "A percentage must be between 0 and 100."
WRONG_FREQUENCY = "{code} is collected each {frequency}: enter a {frequency}, not a {given}."
OUT_OF_YEARS = "{code} is not collected in {year}."
NOT_THIS_ORGANISATIONS = "This indicator is another organisation's local indicator."
NO_VALUE = "Enter a value, or a numerator and a denominator."
NOT_A_RATIO = "Only a ratio indicator has a numerator and a denominator."
BOTH_PARTS = "Enter both the numerator and the denominator."
ZERO_DENOMINATOR = "The denominator cannot be zero."
SAME_AS_CURRENT = "This is the value already recorded for this period: nothing to correct."
REASON_NEEDED = "Say why the value recorded for this period is being corrected."
STATUS_BACKWARDS = "A value's status moves forward only: provisional, final, then approved."
NOT_CURRENT = "Only the current version of a value can change status."
TRAJECTORY_ORDER = "The last period must come after the first."
STATUS_ORDER = [ValueStatus.PROVISIONAL, ValueStatus.FINAL, ValueStatus.APPROVED]


def checked_number(indicator: Indicator, number: Any, *, field: str = "value") -> Decimal:
    """`number` as a Decimal that fits the database and suits the indicator's data type."""
    try:
        value = number if isinstance(number, Decimal) else Decimal(str(number).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: NOT_A_NUMBER}) from None
    if not value.is_finite():
        raise ValidationError({field: NOT_A_NUMBER})
    if abs(value) >= LARGEST:
        raise ValidationError({field: TOO_LARGE})
    value = value.quantize(STEP, rounding=ROUND_HALF_UP)
    if field == "value" and indicator.data_type == DataType.YES_NO and value not in (0, 1):
        raise ValidationError({field: YES_NO})
    if field == "value" and indicator.data_type == DataType.PERCENT and not 0 <= value <= 100:
        raise ValidationError({field: PERCENT_RANGE})
    return value


def check_period(indicator: Indicator, period: Period, *, comparator: bool = False) -> None:
    """The period suits the indicator: its frequency (a comparator may be coarser, as annual
    figures for England beside quarterly ones) and its years."""
    wanted, given = Frequency(indicator.frequency), Frequency(period.frequency)
    coarser_ok = comparator and given.months >= wanted.months
    if given != wanted and not coarser_ok:
        raise ValidationError(
            {
                "period": WRONG_FREQUENCY.format(
                    code=indicator.code, frequency=wanted.value, given=given.value
                )
            }
        )
    first, last = indicator.valid_from, indicator.valid_to
    if (first is not None and period.year < first) or (last is not None and period.year > last):
        raise ValidationError({"period": OUT_OF_YEARS.format(code=indicator.code, year=period)})


def check_organisation(indicator: Indicator, organisation: Organisation | None) -> None:
    """A local indicator takes its own organisation's figures (and comparators: no organisation)."""
    owner = indicator.owner_id
    if owner is not None and organisation is not None and organisation.pk != owner:
        raise ValidationError(NOT_THIS_ORGANISATIONS)


def _figures(
    indicator: Indicator, value: Any, numerator: Any, denominator: Any
) -> tuple[Decimal, Decimal | None, Decimal | None]:
    parts = [p for p in (numerator, denominator) if p not in (None, "")]
    if not parts:
        if value in (None, ""):
            raise ValidationError({"value": NO_VALUE})
        return checked_number(indicator, value), None, None
    if not indicator.is_ratio:
        raise ValidationError({"numerator": NOT_A_RATIO})
    if len(parts) != 2:
        raise ValidationError({"denominator": BOTH_PARTS})
    top = checked_number(indicator, numerator, field="numerator")
    bottom = checked_number(indicator, denominator, field="denominator")
    if bottom == 0:
        raise ValidationError({"denominator": ZERO_DENOMINATOR})
    ratio = top * indicator.ratio_scale / bottom
    return checked_number(indicator, ratio), top, bottom


def _current(
    indicator: Indicator, organisation: Organisation | None, area_code: str, period: Period
) -> IndicatorValue | None:
    rows = IndicatorValue.objects.select_for_update().filter(
        indicator=indicator,
        frequency=period.frequency.value,
        year=period.year,
        period_index=period.index,
        is_current=True,
    )
    if organisation is not None:
        return rows.filter(organisation=organisation).first()
    return rows.filter(organisation__isnull=True, area_code=area_code).first()


@transaction.atomic
def value_record(
    *,
    acting_user: User | None,
    indicator: Indicator,
    period: Period,
    organisation: Organisation | None = None,
    area_code: str = "",
    area_name: str = "",
    value: Any = None,
    numerator: Any = None,
    denominator: Any = None,
    status: str = ValueStatus.PROVISIONAL,
    quality_note: str = "",
    reason: str = "",
    source: str = "Entered",
) -> IndicatorValue:
    """Record a period's value (for a ratio, the value is recomputed from numerator and
    denominator). Where a current value exists this is a correction: a new version with a
    `reason`, the old one kept as history."""
    check_organisation(indicator, organisation)
    check_period(indicator, period, comparator=organisation is None)
    figure, top, bottom = _figures(indicator, value, numerator, denominator)
    current = _current(indicator, organisation, area_code, period)
    if current is not None:
        if (current.value, current.numerator, current.denominator) == (figure, top, bottom):
            raise ValidationError({"value": SAME_AS_CURRENT})
        if not reason.strip():
            raise ValidationError({"reason": REASON_NEEDED})
        current.is_current = False
        current.save(update_fields=["is_current"])
    row = IndicatorValue(
        indicator=indicator,
        organisation=organisation,
        area_code=area_code if organisation is None else (organisation.gss_code or ""),
        area_name=area_name,
        frequency=period.frequency.value,
        year=period.year,
        period_index=period.index,
        value=figure,
        numerator=top,
        denominator=bottom,
        status=status,
        quality_note=quality_note,
        version=current.version + 1 if current else 1,
        reason=reason.strip() if current else "",
        source=source,
        entered_by=acting_user,
    )
    return save_created(
        row,
        acting_user=acting_user,
        action="performance.value_corrected" if current else "performance.value_recorded",
        fields=["value", "numerator", "denominator", "status", "version", "reason"],
    )


@transaction.atomic
def value_set_status(
    *, acting_user: User | None, value: IndicatorValue, status: str
) -> IndicatorValue:
    """Move a value on: provisional → final → approved for publication (the audit records who)."""
    row = IndicatorValue.objects.select_for_update().get(pk=value.pk)
    if not row.is_current:
        raise ValidationError({"status": NOT_CURRENT})
    if status not in STATUS_ORDER or STATUS_ORDER.index(ValueStatus(status)) <= STATUS_ORDER.index(
        ValueStatus(row.status)
    ):
        raise ValidationError({"status": STATUS_BACKWARDS})
    before = snapshot(row, ["status"])
    row.status = status
    row.full_clean()
    row.save(update_fields=["status"])
    audit_record(
        acting_user=acting_user,
        action="performance.value_status_changed",
        obj=row,
        changes={"status": [before["status"], status]},
    )
    return row


def _upsert_target(
    *,
    acting_user: User | None,
    indicator: Indicator,
    organisation: Organisation,
    period: Period,
    value: Decimal,
    source: str,
    note: str,
) -> Target:
    row, created = Target.objects.select_for_update().get_or_create(
        indicator=indicator,
        organisation=organisation,
        frequency=period.frequency.value,
        year=period.year,
        period_index=period.index,
        defaults={"value": value, "source": source, "note": note, "set_by": acting_user},
    )
    if created:
        row.full_clean()
        audit_record_created(
            acting_user=acting_user,
            action="performance.target_set",
            obj=row,
            fields=["value", "source", "note"],
        )
        return row
    before = snapshot(row, ["value", "source", "note"])
    row.value, row.source, row.note, row.set_by = value, source, note, acting_user
    row.full_clean()
    row.save()
    audit_record(
        acting_user=acting_user,
        action="performance.target_changed",
        obj=row,
        changes={k: [v, snapshot(row, [k])[k]] for k, v in before.items()},
    )
    return row


@transaction.atomic
def target_set(
    *,
    acting_user: User | None,
    indicator: Indicator,
    organisation: Organisation,
    period: Period,
    value: Any,
    note: str = "",
) -> Target:
    """The organisation's target for one period (replacing any target for it)."""
    check_organisation(indicator, organisation)
    check_period(indicator, period)
    return _upsert_target(
        acting_user=acting_user,
        indicator=indicator,
        organisation=organisation,
        period=period,
        value=checked_number(indicator, value),
        source=TargetSource.ENTERED,
        note=note,
    )


def periods_between(first: Period, last: Period) -> list[Period]:
    periods = [first]
    while periods[-1] < last:
        periods.append(periods[-1].following())
    return periods


@transaction.atomic
def target_trajectory_set(
    *,
    acting_user: User | None,
    indicator: Indicator,
    organisation: Organisation,
    first: Period,
    last: Period,
    start_value: Any,
    end_value: Any,
    replace_entered: bool = False,
) -> list[Target]:
    """Targets moving in a straight line from `start_value` in `first` to `end_value` in `last`,
    one per period of the indicator's frequency. Entered targets are kept unless
    `replace_entered`; the targets written are returned."""
    check_organisation(indicator, organisation)
    check_period(indicator, first)
    check_period(indicator, last)
    if last <= first:
        raise ValidationError({"last": TRAJECTORY_ORDER})
    start = checked_number(indicator, start_value)
    end = checked_number(indicator, end_value)
    periods = periods_between(first, last)
    entered = set(
        Target.objects.filter(
            indicator=indicator, organisation=organisation, source=TargetSource.ENTERED
        ).values_list("frequency", "year", "period_index")
    )
    written = []
    steps = len(periods) - 1
    for position, period in enumerate(periods):
        key = (period.frequency.value, period.year, period.index)
        if key in entered and not replace_entered:
            continue
        value = start + (end - start) * position / steps
        written.append(
            _upsert_target(
                acting_user=acting_user,
                indicator=indicator,
                organisation=organisation,
                period=period,
                value=value.quantize(STEP, rounding=ROUND_HALF_UP),
                source=TargetSource.TRAJECTORY,
                note=f"Trajectory from {start} in {first} to {end} in {last}",
            )
        )
    return written


@transaction.atomic
def commentary_add(
    *,
    acting_user: User | None,
    indicator: Indicator,
    organisation: Organisation,
    period: Period,
    what_happened: str,
    what_is_being_done: str = "",
) -> Commentary:
    """Add commentary for a period; earlier commentary is kept as its history."""
    check_organisation(indicator, organisation)
    check_period(indicator, period)
    row = Commentary(
        indicator=indicator,
        organisation=organisation,
        frequency=period.frequency.value,
        year=period.year,
        period_index=period.index,
        what_happened=what_happened.strip(),
        what_is_being_done=what_is_being_done.strip(),
        written_by=acting_user,
    )
    return save_created(
        row,
        acting_user=acting_user,
        action="performance.commentary_added",
        fields=["what_happened", "what_is_being_done"],
    )


@transaction.atomic
def forecast_enter(
    *,
    acting_user: User | None,
    indicator: Indicator,
    organisation: Organisation,
    year: int,
    value: Any,
    note: str = "",
) -> EnteredForecast:
    """Enter (or replace) the year-end forecast for a financial year."""
    check_organisation(indicator, organisation)
    check_period(indicator, Period(Frequency.YEAR, year, 1), comparator=True)
    figure = checked_number(indicator, value)
    row = EnteredForecast.objects.select_for_update().filter(
        indicator=indicator, organisation=organisation, year=year
    ).first() or EnteredForecast(indicator=indicator, organisation=organisation, year=year)
    before = snapshot(row, ["value", "note"]) if row.pk else {"value": None, "note": ""}
    row.value, row.note, row.entered_by = figure, note, acting_user
    row.full_clean()
    row.save()
    audit_record(
        acting_user=acting_user,
        action="performance.forecast_entered",
        obj=row,
        changes={k: [v, snapshot(row, [k])[k]] for k, v in before.items()},
    )
    return row


def rag_for(
    indicator: Indicator, organisation: Organisation, period: Period
) -> tuple[IndicatorValue | None, str | None, bool]:
    """The current value of a period, the key of its RAG band (None without value or target or
    rule) and whether it is in the rule's worst band."""
    current = IndicatorValue.objects.filter(
        indicator=indicator,
        organisation=organisation,
        frequency=period.frequency.value,
        year=period.year,
        period_index=period.index,
        is_current=True,
    ).first()
    target = Target.objects.filter(
        indicator=indicator,
        organisation=organisation,
        frequency=period.frequency.value,
        year=period.year,
        period_index=period.index,
    ).first()
    version = rag_rule_current(indicator, period.year)
    if current is None or target is None or version is None or current.value is None:
        return current, None, False
    rule = stored_rule(version)
    band = rag_band(current.value, target.value, rule, Polarity(indicator.polarity))
    worst = band is not None and band.key == rule.bands[-1].key
    return current, band.key if band else None, worst


def needs_commentary(*, indicator: Indicator, organisation: Organisation, period: Period) -> bool:
    """True when the period's current value is red (the rule's worst band) and no commentary
    has been written since that value was entered."""
    current, _key, worst = rag_for(indicator, organisation, period)
    if not worst or current is None:
        return False
    written_since = Commentary.objects.filter(
        indicator=indicator,
        organisation=organisation,
        frequency=period.frequency.value,
        year=period.year,
        period_index=period.index,
        written_at__gte=current.entered_at,
    )
    return not written_since.exists()
