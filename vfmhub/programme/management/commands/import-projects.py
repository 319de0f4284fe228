"""vfmhub import-projects PATH --partnership ID [--dry-run] [--json]"""

import importlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vfmhub.organisations.models import Partnership
from vfmhub.programme.importing.registers import projects_import

# The module's name has a hyphen (it is the command's name), so it is loaded by name.
report = importlib.import_module("vfmhub.programme.management.commands.import-risks").report

NO_PARTNERSHIP = "There is no partnership {pk}."
NO_FILE = "There is no file at {path}."


class Command(BaseCommand):
    help = (
        "Import a partnership's projects from XLSX or CSV: Project, Kind, Lead body, Partners, "
        "Stage, Expected annual savings and Description, and from a workbook's Milestones sheet "
        "their milestones (Project, Milestone, Due date, Status). A project is matched by its "
        "name. All or nothing; importing the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The XLSX or CSV file.")
        parser.add_argument("--partnership", type=int, required=True, help="The partnership's id.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; save nothing."
        )
        parser.add_argument("--json", action="store_true", help="Print the summary as JSON.")

    def handle(self, *args, path: str, partnership: int, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(NO_FILE.format(path=path))
        found = Partnership.objects.filter(pk=partnership).first()
        if found is None:
            raise CommandError(NO_PARTNERSHIP.format(pk=partnership))
        result = projects_import(
            acting_user=None,
            partnership=found,
            content=file.read_bytes(),
            filename=file.name,
            dry_run=options["dry_run"],
        )
        counts = result.counts
        extra = (
            f"milestones: {counts['milestones_created']} new, {counts['milestones_updated']} "
            f"changed, {counts['milestones_unchanged']} unchanged"
        )
        report(self, result, as_json=options["json"], what="projects", extra=extra)
        if result.errors:
            raise SystemExit(1)
