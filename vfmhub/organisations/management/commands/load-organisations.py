"""vfmhub load-organisations PATH: load the register of English local authorities."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vfmhub.organisations.register import RegisterError, register_load, register_read


class Command(BaseCommand):
    help = (
        "Load English local authorities from the GDS register, with GSS codes, counties and ONS "
        "regions. PATH is the la_codes folder or the register TSV inside it. Re-running updates "
        "in place; all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The la_codes folder, or the register TSV inside it.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; change nothing."
        )

    def handle(self, *args, path: str, dry_run: bool, **options):
        try:
            register = register_read(Path(path))
        except RegisterError as exc:
            raise CommandError(f"Nothing was loaded. Problems found:\n{exc}") from None
        report = register_load(acting_user=None, register=register, dry_run=dry_run)
        if dry_run or options["verbosity"] > 1:
            for change in report.changes:
                self.stdout.write(f"  {change}")
        for warning in report.warnings:
            self.stderr.write(f"Warning: {warning}")
        counts = (
            f"{len(register.entries)} authorities: {report.created} created, "
            f"{report.updated} updated, {report.unchanged} unchanged; regions: "
            f"{report.regions_created} created, {report.regions_updated} updated."
        )
        if dry_run:
            self.stdout.write(f"Dry run, nothing saved. Loading would give {counts}")
        else:
            self.stdout.write(f"Loaded {counts}")
