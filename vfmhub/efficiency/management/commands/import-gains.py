"""vfmhub import-gains PATH --programme ID --organisation GSS_CODE [--dry-run] [--json]"""

import importlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vfmhub.efficiency.importing import gains_import
from vfmhub.efficiency.models import EfficiencyProgramme
from vfmhub.organisations.models import Organisation

# The module's name has a hyphen (it is the command's name), so it is loaded by name.
report = importlib.import_module("vfmhub.efficiency.management.commands.import-returns").report

NO_PROGRAMME = "There is no efficiency programme {pk}."
NO_ORGANISATION = "No organisation has the GSS code {code!r}."
NO_FILE = "There is no file at {path}."


class Command(BaseCommand):
    help = (
        "Import a body's gains register from XLSX or CSV: description, category, first year, "
        "gross value, investment, ongoing, cash-releasing (yes/no), project, evidence. All or "
        "nothing; a gain is matched by its description and first year, so importing the same "
        "file again adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The XLSX or CSV file.")
        parser.add_argument("--programme", type=int, required=True, help="The programme's id.")
        parser.add_argument("--organisation", required=True, help="The body's GSS code.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; save nothing."
        )
        parser.add_argument("--json", action="store_true", help="Print the summary as JSON.")

    def handle(self, *args, path: str, programme: int, organisation: str, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(NO_FILE.format(path=path))
        found = EfficiencyProgramme.objects.filter(pk=programme).first()
        if found is None:
            raise CommandError(NO_PROGRAMME.format(pk=programme))
        body = Organisation.objects.filter(gss_code=organisation).first()
        if body is None:
            raise CommandError(NO_ORGANISATION.format(code=organisation))
        result = gains_import(
            acting_user=None,
            programme=found,
            organisation=body,
            content=file.read_bytes(),
            filename=file.name,
            dry_run=options["dry_run"],
        )
        report(self, result, as_json=options["json"], what="gains")
        if result.errors:
            raise SystemExit(1)
