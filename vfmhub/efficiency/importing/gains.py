"""Importing one body's gains register from XLSX or CSV: all or nothing, every error by row and
column, idempotent by (description, first year): a row matching a gain already in the register
adds nothing; one with the same description and first year but other figures corrects it.
"""

from decimal import Decimal

from django.db import transaction

from vfmhub.audit.services import audit_record
from vfmhub.efficiency.importing.columns import GAIN_HEADINGS, GAIN_REQUIRED, Columns, columns_read
from vfmhub.efficiency.importing.parse import read_amount, read_year
from vfmhub.efficiency.importing.service import rows_read_file
from vfmhub.efficiency.importing.types import (
    DraftGain,
    ImportIssue,
    ImportResult,
    Location,
    ReturnsDraft,
)
from vfmhub.efficiency.models import EfficiencyProgramme, Gain, GainCategory, Participant
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
    cash_text, cash_at = columns.at(row, "cash")
    cash = cash_text.strip().casefold() not in NO
    if cash_text and cash_text.strip().casefold() not in YES | NO:
        draft.error(cash_at, BAD_YES_NO.format(text=cash_text))
    return DraftGain(
        location=Location(row=row.number),
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


def gains_draft_read(content: bytes, filename: str, programme) -> ReturnsDraft:
    draft = ReturnsDraft()
    rows = rows_read_file(content, filename, draft)
    columns = rows and columns_read(rows, draft, GAIN_HEADINGS, GAIN_REQUIRED)
    if not rows or not columns:
        return draft
    seen: dict[tuple, int] = {}
    for row in rows:
        if row.number <= columns.header.number or row.is_blank:
            continue
        gain = _gain_row(row, columns, draft, programme)
        key = (gain.description.casefold(), gain.first_year)
        if key in seen:
            draft.error(columns.at(row, "description")[1], DUPLICATE_GAIN.format(row=seen[key]))
            continue
        seen[key] = row.number
        draft.rows.append(gain)
    return draft


def _differs(gain: Gain, row: DraftGain, category: GainCategory | None) -> bool:
    wanted = {name: getattr(row, name) for name in COMPARED}
    return gain.category_id != (category.pk if category else None) or any(
        getattr(gain, name) != value for name, value in wanted.items()
    )


def _apply(acting_user, programme, organisation, rows: list[DraftGain], result: ImportResult):
    categories = {c.name.casefold(): c for c in GainCategory.objects.filter(programme=programme)}
    existing = {
        (g.description.casefold(), g.first_year): g
        for g in Gain.objects.filter(programme=programme, organisation=organisation)
    }
    new, changed = [], []
    for row in rows:
        assert row.first_year is not None  # a row without one is an error, never applied
        category = None
        if row.category:
            key = row.category.casefold()
            if key not in categories and not result.dry_run:
                categories[key] = GainCategory.objects.create(
                    programme=programme, name=row.category
                )
            category = categories.get(key)
        fields = {name: getattr(row, name) for name in COMPARED}
        gain = existing.get((row.description.casefold(), row.first_year))
        if gain is None:
            new.append(
                Gain(
                    programme=programme,
                    organisation=organisation,
                    category=category,
                    description=row.description,
                    first_year=row.first_year,
                    created_by=acting_user if getattr(acting_user, "pk", None) else None,
                    **fields,
                )
            )
        elif _differs(gain, row, category):
            for name, value in fields.items():
                setattr(gain, name, value)
            gain.category = category
            changed.append(gain)
        else:
            result.unchanged += 1
    result.created, result.updated = len(new), len(changed)
    if result.dry_run or not (new or changed):
        return
    Gain.objects.bulk_create(new)
    Gain.objects.bulk_update(changed, [*COMPARED, "category"])
    audit_record(
        acting_user=acting_user,
        action="efficiency.gains.import",
        obj=programme,
        changes={"created": [None, len(new)], "updated": [None, len(changed)]},
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
) -> ImportResult:
    """Import a body's gains register file; with any error, or on a dry run, nothing is saved."""
    result = ImportResult(filename=filename, dry_run=dry_run)
    if not Participant.objects.filter(programme=programme, organisation=organisation).exists():
        result.errors = [ImportIssue(Location(row=0), NOT_PARTICIPANT.format(name=organisation))]
        return result
    draft = gains_draft_read(content, filename, programme)
    result.errors = draft.sorted_errors()
    if result.errors:
        return result
    if dry_run:  # reads only: no transaction, so no write lock held while comparing
        _apply(acting_user, programme, organisation, draft.rows, result)
        return result
    with transaction.atomic():
        _apply(acting_user, programme, organisation, draft.rows, result)
    return result
