"""`values_import`: read a file of indicator values, look up its areas and indicators, compare
with the current values and write the difference, all or nothing.

Two rows for the same area, indicator and period: the same value twice is imported once (the
second reported as skipped); different values are an error naming both rows, unless the two rows
give one code to two differently named areas (a slip in the source, as ONS's file gives
E13000002 to both Inner and Outer London): then neither can be trusted, and both are skipped
and reported.
"""

from django.db import IntegrityError, transaction

from vfmhub.audit.services import audit_record
from vfmhub.core.bulk import collection_paused
from vfmhub.core.importing import Location
from vfmhub.lib.headings import NO_CHOICES, ColumnChoices
from vfmhub.organisations.models import Organisation
from vfmhub.performance.importing.values.apply import (
    PREVIEW_ROWS,
    Plan,
    current_values,
    indicators_create,
    plan_for,
    plan_write,
    value_key,
)
from vfmhub.performance.importing.values.read import NO_ROWS, values_read
from vfmhub.performance.importing.values.resolve import NEEDS_OWNER, Resolved, Resolver
from vfmhub.performance.importing.values.types import ValuesImportResult

DUPLICATE = "Row {row} has another value for the same area, indicator and period as row {first}."
SAME_TWICE = "The same value as row {first}: imported once."
TWO_AREAS = (
    "Rows {first} and {row} give the code {code} to two areas ({one}, {other}) for the same "
    "indicator and period: neither is imported."
)
CHANGED_SINCE = "The values changed while the file was imported: nothing was saved. Try again."


def _deduplicated(resolver: Resolver, items: list[Resolved]) -> list[Resolved]:
    result, reader = resolver.result, resolver.reader
    first: dict[tuple, Resolved] = {}
    dropped: set[tuple] = set()
    for item in items:
        key = value_key(item)
        seen = first.get(key)
        if seen is None:
            first[key] = item
            continue
        a, b = seen.draft, item.draft
        where = reader.at(b.row, b.column)
        if (a.value, a.numerator, a.denominator) == (b.value, b.numerator, b.denominator):
            result.skip(where, SAME_TWICE.format(first=a.row))
        elif a.area_name and b.area_name and a.area_name.casefold() != b.area_name.casefold():
            dropped.add(key)
            message = TWO_AREAS.format(
                first=a.row, row=b.row, code=b.area_code, one=a.area_name, other=b.area_name
            )
            result.skip(where, message)
        else:
            result.error(where, DUPLICATE.format(row=b.row, first=a.row))
    return [item for key, item in first.items() if key not in dropped]


def _resolved(resolver: Resolver, rows) -> list[Resolved]:
    items = []
    for draft in resolver.reader.rows(rows):
        item = resolver.resolved(draft)
        if item is not None:
            items.append(item)
    resolver.report_unknown()
    return _deduplicated(resolver, items)


def _preview(plan: Plan) -> list[dict]:
    rows = [(item, "New") for item in plan.new[:PREVIEW_ROWS]]
    rows += [(item, "Changed") for item, _ in plan.changed[: PREVIEW_ROWS - len(rows)]]
    return [
        {
            "row": item.draft.row,
            "area": item.draft.area_name or item.area_code,
            "comparator": item.organisation_id is None,
            "indicator": item.draft.indicator_code or item.draft.indicator_title,
            "period": item.draft.period.label,
            "value": item.draft.value,
            "action": action,
        }
        for item, action in rows
    ]


def _compare(resolver: Resolver, items: list[Resolved], result: ValuesImportResult) -> Plan:
    known = {item.indicator for item in items if isinstance(item.indicator, int)}
    current = current_values(known, resolver.organisation)
    layout = resolver.reader.layout
    plan, result.unchanged = plan_for(
        items,
        current,
        has_status=layout.column("status") is not None,
        has_note=layout.column("note") is not None,
    )
    result.created, result.updated = len(plan.new), len(plan.changed)
    result.comparators = sum(item.organisation_id is None for item in plan.new) + sum(
        item.organisation_id is None for item, _ in plan.changed
    )
    result.indicators_created = [new.code for new in resolver.found.new.values()]
    result.preview = _preview(plan)
    return plan


def _write(resolver: Resolver, plan: Plan, result: ValuesImportResult, acting_user) -> None:
    organisation = resolver.organisation
    if resolver.found.new:
        assert organisation is not None  # only created for an organisation
        indicators_create(
            list(resolver.found.new.values()),
            organisation=organisation,
            acting_user=acting_user,
            filename=result.filename,
        )
    plan_write(plan, acting_user=acting_user, filename=result.filename)
    if organisation is not None:
        audit_record(
            acting_user=acting_user,
            action="performance.values.import",
            obj=organisation,
            changes={"created": [None, result.created], "updated": [None, result.updated]},
            note=result.filename[:500],
        )
    result.saved = True


def values_import(
    *,
    acting_user,
    content: bytes,
    filename: str,
    organisation: Organisation | None = None,
    indicator: str = "",
    create_indicators: bool = False,
    dry_run: bool = False,
    sheet: str | None = None,
    choices: ColumnChoices = NO_CHOICES,
) -> ValuesImportResult:
    """Import a file of indicator values (CSV, XLSX or XLS; long or wide): for `organisation`
    (and comparator areas) when given, else for every organisation the file names by GSS code.
    `indicator` names the indicator of a file without an indicator column; `create_indicators`
    creates the ones the library lacks as local indicators of `organisation`. With any error,
    or on a dry run, nothing is saved."""
    result = ValuesImportResult(filename=filename, dry_run=dry_run)
    if create_indicators and organisation is None:
        result.error(Location(row=0), NEEDS_OWNER)
        return result
    with collection_paused():
        read = values_read(
            content,
            filename,
            result,
            indicator=indicator,
            has_organisation=organisation is not None,
            sheet=sheet,
            choices=choices,
        )
        if read is None:
            result.errors = result.sorted_errors()
            return result
        resolver = Resolver(read[0], organisation, create=create_indicators)
        items = _resolved(resolver, read[1])
        if not items and not result.errors and not result.skipped_count:
            result.error(
                Location(row=read[0].layout.header.row.number, sheet=result.sheet), NO_ROWS
            )
        result.errors = result.sorted_errors()
        result.skipped.sort(key=lambda skip: (skip.location.sheet, skip.location.row))
        if result.errors:
            return result
        plan = _compare(resolver, items, result)
        if dry_run or not result.changed:
            return result
        try:
            with transaction.atomic():
                _write(resolver, plan, result, acting_user)
        except IntegrityError:
            result.saved = False
            result.error(Location(row=0), CHANGED_SINCE)
        return result
