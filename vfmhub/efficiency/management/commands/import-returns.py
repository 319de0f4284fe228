"""vfmhub import-returns PATH --programme ID [--dry-run] [--json]"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vfmhub.efficiency.importing import ImportResult, returns_import
from vfmhub.efficiency.models import EfficiencyProgramme

NO_PROGRAMME = "There is no efficiency programme {pk}."
NO_FILE = "There is no file at {path}."


class Command(BaseCommand):
    help = (
        "Import a partnership's returns from XLSX or CSV: one row per body and year with the "
        "cumulative value, a Green/Amber/Red rating per year and a narrative. Rows are recorded "
        "as submitted returns. All or nothing; importing the same file again adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The XLSX or CSV file.")
        parser.add_argument("--programme", type=int, required=True, help="The programme's id.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; save nothing."
        )
        parser.add_argument("--json", action="store_true", help="Print the summary as JSON.")

    def handle(self, *args, path: str, programme: int, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(NO_FILE.format(path=path))
        found = EfficiencyProgramme.objects.filter(pk=programme).first()
        if found is None:
            raise CommandError(NO_PROGRAMME.format(pk=programme))
        result = returns_import(
            acting_user=None,
            programme=found,
            content=file.read_bytes(),
            filename=file.name,
            dry_run=options["dry_run"],
        )
        report(self, result, as_json=options["json"], what="returns")
        if result.errors:
            raise SystemExit(1)


def report(command: BaseCommand, result: ImportResult, *, as_json: bool, what: str) -> None:
    """Print an import's outcome: every error by row and column, then the counts."""
    if as_json:
        command.stdout.write(json.dumps(result.summary(), indent=2, default=str))
        return
    for error in result.errors:
        command.stderr.write(str(error))
    counts = f"{result.created} new, {result.updated} changed, {result.unchanged} unchanged {what}"
    if result.errors:
        command.stderr.write(f"Nothing was imported: {len(result.errors)} errors.")
    elif result.dry_run:
        command.stdout.write(f"Dry run, nothing saved. Importing would give {counts}.")
    else:
        command.stdout.write(f"Imported: {counts}.")
