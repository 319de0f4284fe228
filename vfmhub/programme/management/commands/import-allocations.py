"""vfmhub import-allocations PATH --partnership ID --year YYYY [--sheet NAME] [--ignore-column C]
[--use-column "HEADING=name"] [--mapping NAME] [--dry-run] [--json]"""

import argparse
from typing import Any

from django.core.management.base import CommandError

from vfmhub.core.importing import ImportCommand
from vfmhub.imports.commands import add_mapping_argument, command_choices
from vfmhub.lib.headings import ColumnChoices
from vfmhub.lib.years import ENTER_A_YEAR, year_or_none
from vfmhub.organisations.models import Partnership
from vfmhub.programme.importing.funding import AllocationDraft, allocation_import

NO_PARTNERSHIP = "There is no partnership {pk}."
KIND = "allocation"  # the kind of import its remembered column choices are kept under


def _year(text: str) -> int:
    year = year_or_none(text)
    if year is None:
        raise argparse.ArgumentTypeError(ENTER_A_YEAR)
    return year


class Command(ImportCommand):
    help = (
        "Import a year's allocation list in £k from XLSX, XLS or CSV: a name column and an "
        "amount column, with depth from a Level column or the name's indentation; a workbook may "
        "hold the year's funding streams on another sheet. Stated totals ('Total X', a parent "
        "row with an amount, GRAND TOTAL) are kept and checked. All or nothing; importing the "
        "same file again changes nothing."
    )

    def add_target_arguments(self, parser: Any) -> None:
        parser.add_argument("--partnership", type=int, required=True, help="The partnership's id.")
        parser.add_argument("--year", type=_year, required=True, help="Financial year, e.g. 2009.")
        add_mapping_argument(parser)

    def handle(self, *args: Any, path: str, partnership: int, year: int, **options: Any) -> None:
        content, filename = self.file_read(path)
        found = Partnership.objects.filter(pk=partnership).first()
        if found is None:
            raise CommandError(NO_PARTNERSHIP.format(pk=partnership))
        dry_run = options["dry_run"]
        draft = allocation_import(
            content,
            filename,
            partnership=found,
            year=year,
            dry_run=dry_run,
            sheet=options.get("sheet") or None,
            choices=self._choices(found, options),
        )
        read_from = [read_from_line(draft)] if draft.sheet and not options["json"] else []
        self.finish(
            draft.issues,
            summary=draft.as_dict() | {"dry_run": dry_run},
            as_json=options["json"],
            dry_run=dry_run,
            counts=counts_line(draft),
            lines=read_from,
            after=[*nothing_changed_line(draft), *(f"Check: {c}" for c in draft.checks)],
        )

    def _choices(self, partnership: Partnership, options: dict[str, Any]) -> ColumnChoices:
        return command_choices(
            self.column_choices(options), owner=partnership, kind=KIND, name=options.get("mapping")
        )


def read_from_line(draft: AllocationDraft) -> str:
    """Which sheets were read: "Read the allocation from the ‘Allocation’ sheet (…)"."""
    line = f"Read the allocation from the ‘{draft.sheet}’ sheet"
    if draft.funding_sheet:
        line += f" and the funding streams from the ‘{draft.funding_sheet}’ sheet"
    return line + "."


def counts_line(draft: AllocationDraft) -> str:
    text = (
        f"{len(draft.nodes)} lines: {draft.created} new, {draft.updated} changed, "
        f"{draft.deleted} removed, {draft.unchanged} unchanged"
    )
    if draft.streams:
        text += (
            f"; {len(draft.streams)} funding streams: {draft.streams_created} new, "
            f"{draft.streams_updated} changed, {draft.streams_unchanged} unchanged"
        )
    return text


def nothing_changed_line(draft: AllocationDraft) -> list[str]:
    """A plain statement when the file holds nothing new."""
    if draft.errors or draft.changed:
        return []
    what = f"{len(draft.nodes)} lines"
    if draft.streams:
        what += f" and {len(draft.streams)} funding streams"
    return [f"Nothing changed: the file's {what} are already recorded."]
