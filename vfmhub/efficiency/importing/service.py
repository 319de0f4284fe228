"""The returns import service: read a file, compare it with the programme, write all or nothing."""

from django.db import transaction

from vfmhub.core.bulk import collection_paused
from vfmhub.core.importing import file_location
from vfmhub.efficiency.importing.apply import returns_apply
from vfmhub.efficiency.importing.columns import RETURNS_WANTED, Columns, Wanted, columns_read
from vfmhub.efficiency.importing.parse import returns_read
from vfmhub.efficiency.importing.types import ImportResult, Location, ReturnsDraft
from vfmhub.efficiency.importing.validate import UNCHANGED, ReturnChange, changes_for, value_text
from vfmhub.efficiency.models import EfficiencyProgramme, Rating
from vfmhub.lib.headings import NO_CHOICES, ColumnChoices
from vfmhub.lib.tabular import EMPTY_FILE, SourceRow, TabularError, read_sheets
from vfmhub.lib.years import financial_year_label

NO_ROWS = "The file has a header row but no returns below it."


def table_read(
    content: bytes,
    filename: str,
    draft: ReturnsDraft,
    wanted: Wanted,
    *,
    sheet: str | None = None,
    choices: ColumnChoices = NO_CHOICES,
) -> tuple[list[SourceRow], Columns | None]:
    """The rows and columns of the sheet that fits `wanted` best (or the one named), with the
    sheet's name on the draft; a file that cannot be read, or has no fitting header, gives no
    columns and the reason as an error on the draft."""
    try:
        sheets = read_sheets(content, filename, sheet=sheet)
    except TabularError as exc:
        draft.error(file_location(exc), exc.detail)
        return [], None
    if all(row.is_blank for s in sheets for row in s.rows):
        draft.error(Location(row=0), EMPTY_FILE)
        return [], None
    chosen, columns = columns_read(sheets, draft, wanted, choices)
    draft.sheet = chosen.name if len(sheets) > 1 or sheet else ""
    return chosen.rows, columns


def returns_draft_read(
    content: bytes,
    filename: str,
    *,
    sheet: str | None = None,
    choices: ColumnChoices = NO_CHOICES,
) -> ReturnsDraft:
    draft = ReturnsDraft()
    rows, columns = table_read(
        content, filename, draft, RETURNS_WANTED, sheet=sheet, choices=choices
    )
    if columns is not None:
        returns_read(rows, columns, draft)
        if not draft.rows and not draft.errors:
            draft.error(columns.location(columns.row, None), NO_ROWS)
    return draft


def _preview(changes: list[ReturnChange]) -> list[dict]:
    labels = dict(Rating.choices)
    return [
        {
            "row": c.draft.location.row,
            "body": c.name,
            "year": financial_year_label(c.draft.year or 0),
            "kind": c.draft.kind,
            "value": value_text(c.draft.value),
            "ratings": ", ".join(
                f"{financial_year_label(y)} {labels[r]}" for y, r in sorted(c.draft.ratings.items())
            ),
            "action": c.action,
        }
        for c in changes
    ]


def returns_import(
    *,
    acting_user,
    programme: EfficiencyProgramme,
    content: bytes,
    filename: str,
    dry_run: bool = False,
    sheet: str | None = None,
    choices: ColumnChoices = NO_CHOICES,
) -> ImportResult:
    """Import a partnership's returns file (XLSX, XLS or CSV): all or nothing, idempotent.

    Each row is a body's submitted return for a year and kind, or (in a Returned column) a body
    that sent none, which stays missing; a row matching what the body has already submitted adds
    nothing. The sheet that fits best is read unless `sheet` names one; `choices` says which
    unrecognised columns to leave out or read as known ones. On a dry run, or with any error,
    nothing is saved.
    """
    with collection_paused():
        draft = returns_draft_read(content, filename, sheet=sheet, choices=choices)
        result = ImportResult(filename=filename, dry_run=dry_run, sheet=draft.sheet)
        if dry_run:  # reads only: no transaction, so no write lock held while comparing
            _compare(programme, draft, result)
            return result
        with transaction.atomic():
            programme = EfficiencyProgramme.objects.select_for_update().get(pk=programme.pk)
            changes = _compare(programme, draft, result)
            if result.errors:
                return result
            counts = returns_apply(
                acting_user=acting_user, programme=programme, changes=changes, filename=filename
            )
            result.created, result.updated = counts["created"], counts["updated"]
            result.saved = True
        return result


def _compare(programme, draft: ReturnsDraft, result: ImportResult) -> list[ReturnChange]:
    """What the file would change, with every error and the counts, on `result`."""
    changes, missing = changes_for(programme, draft) if draft.rows else ([], [])
    result.errors = draft.sorted_errors()
    result.preview = _preview(changes)
    result.missing = sorted(c.name for c in missing)
    result.unchanged = sum(c.action == UNCHANGED for c in changes)
    result.created = sum(c.action == "create" for c in changes)
    result.updated = sum(c.action == "update" for c in changes)
    return changes
