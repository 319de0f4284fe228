"""vfmhub import-allocations PATH --partnership ID --year YYYY [--dry-run] [--json]"""

import argparse
from typing import Any

from django.core.management.base import CommandError

from vfmhub.core.importing import ImportCommand
from vfmhub.lib.years import ENTER_A_YEAR, year_or_none
from vfmhub.organisations.models import Partnership
from vfmhub.programme.importing.funding import AllocationDraft, allocation_import

NO_PARTNERSHIP = "There is no partnership {pk}."


def _year(text: str) -> int:
    year = year_or_none(text)
    if year is None:
        raise argparse.ArgumentTypeError(ENTER_A_YEAR)
    return year


class Command(ImportCommand):
    help = (
        "Import a year's allocation list in £k from XLSX or CSV: a name column and an amount "
        "column, with depth from a Level column or the name's leading spaces. Stated totals "
        "('Total X', a parent row with an amount, GRAND TOTAL) are kept and checked. All or "
        "nothing; importing the same file again changes nothing."
    )

    def add_target_arguments(self, parser: Any) -> None:
        parser.add_argument("--partnership", type=int, required=True, help="The partnership's id.")
        parser.add_argument("--year", type=_year, required=True, help="Financial year, e.g. 2009.")

    def handle(self, *args: Any, path: str, partnership: int, year: int, **options: Any) -> None:
        content, filename = self.file_read(path)
        found = Partnership.objects.filter(pk=partnership).first()
        if found is None:
            raise CommandError(NO_PARTNERSHIP.format(pk=partnership))
        dry_run = options["dry_run"]
        draft = allocation_import(content, filename, partnership=found, year=year, dry_run=dry_run)
        self.finish(
            draft.issues,
            summary=draft.as_dict() | {"dry_run": dry_run},
            as_json=options["json"],
            dry_run=dry_run,
            counts=_counts(draft),
            after=[f"Check: {check}" for check in draft.checks],
        )


def _counts(draft: AllocationDraft) -> str:
    return (
        f"{len(draft.nodes)} lines: {draft.created} new, {draft.updated} changed, "
        f"{draft.deleted} removed, {draft.unchanged} unchanged"
    )
