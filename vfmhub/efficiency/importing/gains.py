"""Importing one body's gains register from XLSX or CSV: all or nothing, every error by row and
column, idempotent by (description, first year): a row matching a gain already in the register
adds nothing; one with the same description and first year but other figures corrects it.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import transaction

from vfmhub.audit.services import (
    AuditRow,
    acting,
    audit_record,
    audit_rows_bulk,
    changes_between,
    changes_created,
)
from vfmhub.core.bulk import collection_paused, rows_insert, rows_update
from vfmhub.efficiency.importing.columns import GAINS_WANTED, Columns
from vfmhub.efficiency.importing.parse import read_amount, read_year
from vfmhub.efficiency.importing.service import table_read
from vfmhub.efficiency.importing.types import (
    DraftGain,
    ImportIssue,
    ImportResult,
    Location,
    ReturnsDraft,
)
from vfmhub.efficiency.models import EfficiencyProgramme, Gain, GainCategory, Participant
from vfmhub.efficiency.services.common import owners
from vfmhub.efficiency.services.gains import GAIN_FIELDS
from vfmhub.lib import clock
from vfmhub.lib.headings import NO_CHOICES, ColumnChoices
from vfmhub.lib.tabular import SourceRow
from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.models import Organisation

DESCRIPTION_MISSING = "Enter a description of the gain."
FIRST_YEAR_MISSING = "Enter the first year of impact, such as 2009/10."
FIRST_YEAR_OUTSIDE = "{year} is not a year of this programme ({first} to {last})."
NEGATIVE_AMOUNT = "An amount cannot be negative."
BAD_YES_NO = "{text!r} is not yes or no."
NOT_PARTICIPANT = "{name} does not take part in this programme."
DUPLICATE_GAIN = "This gain is already in the file (row {row}), for the same first year."
YES = {"yes", "y", "true", "1", "cash-releasing", "cashable"}
NO = {"no", "n", "false", "0", "non-cash", "non-cashable"}
COMPARED = (
    "gross_annual_value",
    "investment_cost",
    "ongoing_cost",
    "is_cash_releasing",
    "project_label",
    "evidence",
)


def _gain_row(row: SourceRow, columns: Columns, draft: ReturnsDraft, programme) -> DraftGain:
    description, at = columns.at(row, "description")
    if not description:
        draft.error(at, DESCRIPTION_MISSING)
    year_text, year_at = columns.at(row, "first_year")
    year = read_year(year_text, year_at, draft, FIRST_YEAR_MISSING)
    if year is not None and year not in programme.years:
        draft.error(
            year_at,
            FIRST_YEAR_OUTSIDE.format(
                year=financial_year_label(year),
                first=financial_year_label(programme.first_year),
                last=financial_year_label(programme.last_year),
            ),
        )
    amounts = {
        name: read_amount(
            *columns.at(row, name), draft, required=name == "gross", negative=NEGATIVE_AMOUNT
        )
        for name in ("gross", "investment", "ongoing")
    }
    amounts = {
        name: None if amount is None else amount * columns.unit(name)
        for name, amount in amounts.items()
    }
    cash_text, cash_at = columns.at(row, "cash")
    cash = cash_text.strip().casefold() not in NO
    if cash_text and cash_text.strip().casefold() not in YES | NO:
        draft.error(cash_at, BAD_YES_NO.format(text=cash_text))
    return DraftGain(
        location=columns.location(row, None),
        description=description,
        first_year=year,
        category=columns.at(row, "category")[0],
        gross_annual_value=amounts["gross"] or Decimal(0),
        investment_cost=amounts["investment"] or Decimal(0),
        ongoing_cost=amounts["ongoing"] or Decimal(0),
        is_cash_releasing=cash,
        project_label=columns.at(row, "project")[0][:200],
        evidence=columns.at(row, "evidence")[0],
    )


def gains_draft_read(
    content: bytes,
    filename: str,
    programme,
    *,
    sheet: str | None = None,
    choices: ColumnChoices = NO_CHOICES,
) -> ReturnsDraft:
    draft = ReturnsDraft()
    rows, columns = table_read(content, filename, draft, GAINS_WANTED, sheet=sheet, choices=choices)
    if columns is None:
        return draft
    seen: dict[tuple, int] = {}
    for row in columns.data_rows(rows):
        gain = _gain_row(row, columns, draft, programme)
        key = (gain.description.casefold(), gain.first_year)
        if key in seen:
            draft.error(columns.at(row, "description")[1], DUPLICATE_GAIN.format(row=seen[key]))
            continue
        seen[key] = row.number
        draft.rows.append(gain)
    return draft


class _Gain(NamedTuple):
    """A gain in the register, as much as a comparison needs."""

    pk: int
    description: str
    category_id: int | None
    values: dict[str, Any]  # the COMPARED fields


def _register(programme, organisation) -> dict[tuple[str, int], _Gain]:
    """The body's gains by (description folded, first year), read as plain values."""
    gains = Gain.objects.filter(programme=programme, organisation=organisation)
    found = {}
    for pk, description, first_year, category_id, *values in gains.values_list(
        "pk", "description", "first_year", "category_id", *COMPARED
    ).iterator():
        found[(description.casefold(), first_year)] = _Gain(
            pk, description, category_id, dict(zip(COMPARED, values, strict=True))
        )
    return found


@dataclass
class _Plan:
    """What the file would change: new gains, and changed ones with their earlier values."""

    new: list[tuple[DraftGain, GainCategory | None]] = field(default_factory=list)
    changed: list[tuple[_Gain, DraftGain, GainCategory | None]] = field(default_factory=list)
    categories: list[GainCategory] = field(default_factory=list)  # created for the file


def _category(row: DraftGain, categories: dict, plan: _Plan, programme, dry_run: bool):
    """The row's category; one the programme lacks is created (not on a dry run)."""
    if not row.category:
        return None
    key = row.category.casefold()
    if key not in categories and not dry_run:
        categories[key] = GainCategory.objects.create(programme=programme, name=row.category)
        plan.categories.append(categories[key])
    return categories.get(key)


def _compare(programme, organisation, rows: list[DraftGain], result: ImportResult) -> _Plan:
    categories = {c.name.casefold(): c for c in GainCategory.objects.filter(programme=programme)}
    existing = _register(programme, organisation)
    plan = _Plan()
    for row in rows:
        assert row.first_year is not None  # a row without one is an error, never applied
        category = _category(row, categories, plan, programme, result.dry_run)
        gain = existing.get((row.description.casefold(), row.first_year))
        if gain is None:
            plan.new.append((row, category))
        elif gain.category_id != (category.pk if category else None) or any(
            gain.values[name] != getattr(row, name) for name in COMPARED
        ):
            plan.changed.append((gain, row, category))
        else:
            result.unchanged += 1
    result.created, result.updated = len(plan.new), len(plan.changed)
    return plan


GAIN_COLUMNS = ["programme_id", "organisation_id", "category_id", "description", "first_year"]
GAIN_COLUMNS += [*COMPARED, "created_by_id"]


def _write(acting_user, programme, organisation, plan: _Plan) -> list[int]:
    """Add the new gains (their keys, in order) and correct the changed ones."""
    actor = acting(acting_user)
    user = actor.pk if actor else None
    rows = (
        (
            programme.pk,
            organisation.pk,
            category.pk if category else None,
            row.description,
            row.first_year,
            *(getattr(row, name) for name in COMPARED),
            user,
        )
        for row, category in plan.new
    )
    keys = rows_insert(Gain, GAIN_COLUMNS, rows, returning=True)
    now = clock.now()
    corrected = (
        (
            *(getattr(row, name) for name in COMPARED),
            category.pk if category else None,
            now,
            gain.pk,
        )
        for gain, row, category in plan.changed
    )
    rows_update(Gain, [*COMPARED, "category_id", "updated_at"], corrected)
    return keys


def _history_values(row: DraftGain, category: GainCategory | None) -> dict[str, Any]:
    """A gain's values as the gains service records them."""
    values = {name: getattr(row, name) for name in GAIN_FIELDS if name != "category"}
    return {**values, "category": category.name if category else None}


def _changes(gain: _Gain, row: DraftGain, category, names: dict[int, str]) -> dict[str, list]:
    """What a changed row changes in the gain, old and new."""
    before = {**gain.values, "category": names.get(gain.category_id) if gain.category_id else None}
    after = {name: getattr(row, name) for name in COMPARED}
    return changes_between(before, {**after, "category": category.name if category else None})


def _record(acting_user, programme, organisation, plan: _Plan, keys: list[int], note: str):
    """Each new category and gain with its values, each changed gain with what changed."""
    names = {c.pk: c.name for c in GainCategory.objects.filter(programme=programme)}
    filed = owners(programme, organisation.pk)
    added = (
        AuditRow(key, row.description[:80], changes_created(_history_values(row, category)))
        for key, (row, category) in zip(keys, plan.new, strict=True)
    )
    changed = (
        AuditRow(gain.pk, gain.description[:80], _changes(gain, row, category, names))
        for gain, row, category in plan.changed
    )
    categories = (AuditRow(c.pk, str(c), {"name": [None, c.name]}) for c in plan.categories)
    for action, model, rows in (
        ("efficiency.category.import_add", GainCategory, categories),
        ("efficiency.gain.import_add", Gain, added),
        ("efficiency.gain.import_change", Gain, changed),
    ):
        audit_rows_bulk(
            acting_user=acting_user, action=action, model=model, rows=rows, note=note, **filed
        )


def _apply(acting_user, programme, organisation, rows: list[DraftGain], result: ImportResult):
    plan = _compare(programme, organisation, rows, result)
    if result.dry_run or not (plan.new or plan.changed):
        return
    keys = _write(acting_user, programme, organisation, plan)
    _record(acting_user, programme, organisation, plan, keys, result.filename[:500])
    audit_record(
        acting_user=acting_user,
        action="efficiency.gains.import",
        obj=programme,
        changes={"created": [None, len(plan.new)], "updated": [None, len(plan.changed)]},
        note=result.filename[:500],
        organisation_id=organisation.pk,
        partnership_id=programme.partnership_id,
    )
    result.saved = True


def gains_import(
    *,
    acting_user,
    programme: EfficiencyProgramme,
    organisation: Organisation,
    content: bytes,
    filename: str,
    dry_run: bool = False,
    sheet: str | None = None,
    choices: ColumnChoices = NO_CHOICES,
) -> ImportResult:
    """Import a body's gains register file (XLSX, XLS or CSV): the sheet that fits best unless
    `sheet` names one, unrecognised columns left out or read as `choices` says; with any error,
    or on a dry run, nothing is saved."""
    result = ImportResult(filename=filename, dry_run=dry_run)
    if not Participant.objects.filter(programme=programme, organisation=organisation).exists():
        result.errors = [ImportIssue(Location(row=0), NOT_PARTICIPANT.format(name=organisation))]
        return result
    with collection_paused():
        draft = gains_draft_read(content, filename, programme, sheet=sheet, choices=choices)
        result.errors, result.sheet = draft.sorted_errors(), draft.sheet
        if result.errors:
            return result
        if dry_run:  # reads only: no transaction, so no write lock held while comparing
            _apply(acting_user, programme, organisation, draft.rows, result)
            return result
        with transaction.atomic():
            _apply(acting_user, programme, organisation, draft.rows, result)
        return result
