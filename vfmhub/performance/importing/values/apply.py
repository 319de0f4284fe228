"""Comparing the file's values with the current ones, and writing the difference.

A value matching the current one for its indicator, organisation (or comparator area) and
period adds nothing; one that differs becomes a new version (the old one kept, no longer
current, the new one `version + 1` with the reason "Imported from <file>"). Status and note are
compared only when the file has those columns. Every row written is audited
(`audit_rows_bulk`), in bulk, as is every indicator created.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from vfmhub.audit.services import AuditRow, acting, audit_record_created, audit_rows_bulk
from vfmhub.core.bulk import rows_insert, rows_update
from vfmhub.lib import clock
from vfmhub.organisations.models import Organisation
from vfmhub.performance.calculations import Polarity
from vfmhub.performance.importing.values.resolve import NewIndicator, Resolved
from vfmhub.performance.models import DataType, Indicator, IndicatorValue

REASON = "Imported from {filename}"
COMPARED = ("value", "numerator", "denominator", "status", "quality_note")
FIELDS = [
    "indicator_id",
    "organisation_id",
    "area_code",
    "area_name",
    "frequency",
    "year",
    "period_index",
    *COMPARED,
    "version",
    "is_current",
    "reason",
    "source",
    "entered_by_id",
    "entered_at",
]
PREVIEW_ROWS = 100


def value_key(item: Resolved) -> tuple:
    period = item.draft.period
    owner = ("o", item.organisation_id) if item.organisation_id else ("a", item.area_code)
    indicator = item.indicator if isinstance(item.indicator, int) else id(item.indicator)
    return (*owner, indicator, period.frequency.value, period.year, period.index)


class Current:
    """One current value in the store, as much as a comparison needs."""

    __slots__ = ("area_name", "pk", "values", "version")

    def __init__(self, pk: int, values: tuple, version: int, area_name: str):
        self.pk, self.values, self.version, self.area_name = pk, values, version, area_name


def current_values(indicators: set[int], organisation: Organisation | None) -> dict[tuple, Current]:
    """The current values of `indicators` (the organisation's and comparators', when given),
    by the same key as `value_key`."""
    rows = IndicatorValue.objects.filter(is_current=True, indicator_id__in=sorted(indicators))
    if organisation is not None:
        rows = rows.filter(Q(organisation=organisation) | Q(organisation__isnull=True))
    found: dict[tuple, Current] = {}
    names = ("pk", "indicator_id", "organisation_id", "area_code", "frequency", "year")
    for (
        pk,
        indicator,
        org,
        area,
        freq,
        year,
        index,
        *values,
        version,
        area_name,
    ) in rows.values_list(*names, "period_index", *COMPARED, "version", "area_name").iterator(
        chunk_size=5000
    ):
        owner = ("o", org) if org else ("a", area)
        found[(*owner, indicator, freq, year, index)] = Current(
            pk, tuple(values), version, area_name
        )
    return found


@dataclass
class Plan:
    new: list[Resolved] = field(default_factory=list)
    changed: list[tuple[Resolved, Current]] = field(default_factory=list)


def _same(current: Current, item: Resolved, has_status: bool, has_note: bool) -> bool:
    draft = item.draft
    value, numerator, denominator, status, note = current.values
    return (
        value == draft.value
        and numerator == draft.numerator
        and denominator == draft.denominator
        and (not has_status or status == draft.status)
        and (not has_note or note == draft.note)
    )


def plan_for(
    items: list[Resolved], current: dict[tuple, Current], *, has_status: bool, has_note: bool
) -> tuple[Plan, int]:
    """What the file would add and change, and how many of its values are unchanged."""
    plan, unchanged = Plan(), 0
    for item in items:
        found = current.get(value_key(item)) if isinstance(item.indicator, int) else None
        if found is None:
            plan.new.append(item)
        elif _same(found, item, has_status, has_note):
            unchanged += 1
        else:
            plan.changed.append((item, found))
    return plan, unchanged


def indicators_create(
    new: list[NewIndicator], *, organisation: Organisation, acting_user: Any, filename: str
) -> None:
    """The local indicators the file names but the library lacks, each validated and audited."""
    taken = set(Indicator.objects.filter(owner=organisation).values_list("code", flat=True))
    for item in new:
        code = item.code
        for number in range(2, 1000):
            if code not in taken:
                break
            code = f"{item.code[:36]}-{number}"
        taken.add(code)
        unit = item.unit
        data_type = DataType.PERCENT if "%" in unit else DataType.MONEY if "£" in unit else None
        indicator = Indicator(
            owner=organisation,
            code=code,
            title=item.title[:300],
            unit=unit[:60],
            data_type=data_type or DataType.NUMBER,
            polarity=Polarity.NEITHER.value,
            frequency=item.frequency,
            source=filename[:300],
            created_by=acting(acting_user),
        )
        indicator.full_clean()
        indicator.save()
        item.pk = indicator.pk
        audit_record_created(
            acting_user=acting_user,
            action="performance.indicator.import_add",
            obj=indicator,
            fields=["code", "title", "unit", "data_type", "frequency", "source"],
            note=filename[:500],
            organisation_id=organisation.pk,
        )


def _row(item: Resolved, version: int, reason: str, source: str, user: int | None, now) -> tuple:
    draft, period = item.draft, item.draft.period
    indicator = item.indicator if isinstance(item.indicator, int) else item.indicator.pk
    return (
        indicator,
        item.organisation_id,
        item.area_code,
        draft.area_name if item.organisation_id is None else "",
        period.frequency.value,
        period.year,
        period.index,
        draft.value,
        draft.numerator,
        draft.denominator,
        draft.status,
        draft.note,
        version,
        True,
        reason,
        source,
        user,
        now,
    )


def plan_write(plan: Plan, *, acting_user: Any, filename: str) -> None:
    """Retire the changed values' current versions, insert the new rows, audit each one."""
    actor = acting(acting_user)
    user, now, source = (actor.pk if actor else None), clock.now(), filename[:200]
    reason = REASON.format(filename=filename)
    rows_update(IndicatorValue, ["is_current"], ((False, old.pk) for _, old in plan.changed))
    rows = [_row(item, 1, "", source, user, now) for item in plan.new]
    rows += [_row(item, old.version + 1, reason, source, user, now) for item, old in plan.changed]
    keys = rows_insert(IndicatorValue, FIELDS, rows, returning=True)
    added = (
        AuditRow(key, _text(item), _changes(row), item.organisation_id)
        for key, item, row in zip(keys, plan.new, rows, strict=False)
    )
    changed = (
        AuditRow(key, _text(item), _corrected(old, row), item.organisation_id)
        for key, (item, old), row in zip(
            keys[len(plan.new) :], plan.changed, rows[len(plan.new) :], strict=True
        )
    )
    for action, audited in (
        ("performance.value.import_add", added),
        ("performance.value.import_change", changed),
    ):
        audit_rows_bulk(
            acting_user=acting_user, action=action, model=IndicatorValue, rows=audited, note=source
        )


def _text(item: Resolved) -> str:
    code = item.draft.indicator_code or item.draft.indicator_title
    return f"{code} {item.draft.period.label}: {item.draft.value}"


AUDITED = frozenset({"area_code", "area_name", *COMPARED, "version", "reason"})


def _changes(row: tuple) -> dict[str, list]:
    """A new value's audited fields (its indicator, organisation and period are the event's
    object and text)."""
    return {
        name: [None, value]
        for name, value in zip(FIELDS, row, strict=True)
        if name in AUDITED and value is not None and value != ""
    }


def _corrected(old: Current, row: tuple) -> dict[str, list]:
    after = dict(zip(FIELDS, row, strict=True))
    changes = {
        name: [before, after[name]]
        for name, before in zip(COMPARED, old.values, strict=True)
        if before != after[name]
    }
    return {
        **changes,
        "version": [old.version, after["version"]],
        "reason": [None, after["reason"]],
    }
