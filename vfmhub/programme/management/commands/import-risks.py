"""vfmhub import-risks PATH --register ID [--dry-run] [--json]"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vfmhub.programme.importing.registers import ImportResult, risks_import
from vfmhub.programme.models import RiskRegister

NO_REGISTER = "There is no risk register {pk}."
NO_FILE = "There is no file at {path}."


class Command(BaseCommand):
    help = (
        "Import a risk register's risks from XLSX or CSV: Risk, Cause, Effect, Owner, inherent, "
        "current and target likelihood and impact (numbers or the matrix's labels), Mitigating "
        "actions, Review date and Status. A risk is matched by its title; a changed current "
        "rating is a re-rating kept in the history. All or nothing; importing the same file "
        "again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The XLSX or CSV file.")
        parser.add_argument("--register", type=int, required=True, help="The register's id.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; save nothing."
        )
        parser.add_argument("--json", action="store_true", help="Print the summary as JSON.")

    def handle(self, *args, path: str, register: int, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(NO_FILE.format(path=path))
        found = RiskRegister.objects.filter(pk=register).first()
        if found is None:
            raise CommandError(NO_REGISTER.format(pk=register))
        result = risks_import(
            acting_user=None,
            register=found,
            content=file.read_bytes(),
            filename=file.name,
            dry_run=options["dry_run"],
        )
        extra = (
            f"{result.counts['rerated']} re-rated, {result.counts['closed']} closed, "
            f"{result.counts['reopened']} reopened"
        )
        report(self, result, as_json=options["json"], what="risks", extra=extra)
        if result.errors:
            raise SystemExit(1)


def report(command: BaseCommand, result: ImportResult, *, as_json: bool, what: str, extra: str):
    """Print an import's outcome: every problem by row and column, or the changes and counts."""
    if as_json:
        command.stdout.write(json.dumps(result.summary(), indent=2, default=str))
        return
    for error in result.errors:
        command.stderr.write(str(error))
    if result.errors:
        command.stderr.write(f"Nothing was imported: {len(result.errors)} problems.")
        return
    for change in result.changes:
        where = f"{change.sheet} sheet, row {change.row}" if change.sheet else f"Row {change.row}"
        verb = "new" if change.action == "create" else "changed"
        details = "; ".join(f"{f}: {was or '-'} -> {new or '-'}" for f, was, new in change.changes)
        command.stdout.write(f"{where}: {change.name} ({verb}) {details}".rstrip())
    counts = (
        f"{result.created} new, {result.updated} changed, {result.unchanged} unchanged {what} "
        f"({extra})"
    )
    if result.dry_run:
        command.stdout.write(f"Dry run, nothing saved. Importing would give {counts}.")
    else:
        command.stdout.write(f"Imported: {counts}.")
    if result.not_in_file:
        command.stdout.write(f"{result.not_in_file} {what} not in the file are left as they are.")
