"""vfmhub import-allocations PATH --partnership ID --year YYYY [--dry-run] [--json]"""

import argparse
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vfmhub.lib.years import ENTER_A_YEAR, year_or_none
from vfmhub.organisations.models import Partnership
from vfmhub.programme.importing.funding import allocation_import

NO_PARTNERSHIP = "There is no partnership {pk}."
NO_FILE = "There is no file at {path}."


def _year(text: str) -> int:
    year = year_or_none(text)
    if year is None:
        raise argparse.ArgumentTypeError(ENTER_A_YEAR)
    return year


class Command(BaseCommand):
    help = (
        "Import a year's allocation list in £k from XLSX or CSV: a name column and an amount "
        "column, with depth from a Level column or the name's leading spaces. Stated totals "
        "('Total X', a parent row with an amount, GRAND TOTAL) are kept and checked. All or "
        "nothing; importing the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The XLSX or CSV file.")
        parser.add_argument("--partnership", type=int, required=True, help="The partnership's id.")
        parser.add_argument("--year", type=_year, required=True, help="Financial year, e.g. 2009.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; save nothing."
        )
        parser.add_argument("--json", action="store_true", help="Print the summary as JSON.")

    def handle(self, *args, path: str, partnership: int, year: int, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(NO_FILE.format(path=path))
        found = Partnership.objects.filter(pk=partnership).first()
        if found is None:
            raise CommandError(NO_PARTNERSHIP.format(pk=partnership))
        draft = allocation_import(
            file.read_bytes(),
            file.name,
            partnership=found,
            year=year,
            dry_run=options["dry_run"],
        )
        summary = draft.as_dict() | {"dry_run": options["dry_run"]}
        if options["json"]:
            self.stdout.write(json.dumps(summary, indent=2))
        else:
            for error in draft.errors:
                where = f"row {error['row']}" + (
                    f", column {error['column']}" if error["column"] else ""
                )
                self.stderr.write(f"{where}: {error['message']}")
            if not draft.errors:
                verb = "Would import" if options["dry_run"] else "Imported"
                self.stdout.write(
                    f"{verb} {summary['nodes']} lines: {draft.created} new, {draft.updated} "
                    f"changed, {draft.deleted} removed, {draft.unchanged} unchanged."
                )
            for check in draft.checks:
                self.stdout.write(f"Check: {check}")
        if draft.errors:
            raise SystemExit(1)
