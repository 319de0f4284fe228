"""vfmhub import-gains PATH --programme ID --organisation GSS_CODE [--sheet NAME]
[--ignore-column C] [--use-column H=NAME] [--dry-run] [--json]"""

from typing import Any

from django.core.management.base import CommandError

from vfmhub.efficiency.importing import gains_import
from vfmhub.efficiency.importing.commands import ProgrammeImportCommand
from vfmhub.efficiency.importing.mappings import GAINS_KIND
from vfmhub.organisations.models import Organisation

NO_ORGANISATION = "No organisation has the GSS code {code!r}."


class Command(ProgrammeImportCommand):
    help = (
        "Import a body's gains register from XLSX, XLS or CSV (the sheet whose headings fit "
        "best, or --sheet): description, category, first year, gross value, investment, "
        "ongoing, cash-releasing (yes/no), project, evidence. A column the import does not know "
        "refuses the file until --ignore-column or --use-column says what it is. All or "
        "nothing; a gain is matched by its description and first year, so importing the same "
        "file again changes nothing."
    )
    what = "gains"

    def add_target_arguments(self, parser: Any) -> None:
        super().add_target_arguments(parser)
        parser.add_argument("--organisation", required=True, help="The body's GSS code.")

    def handle(self, *args: Any, path: str, programme: int, organisation: str, **options: Any):
        content, filename = self.file_read(path)
        found = self.programme_found(programme)
        body = Organisation.objects.filter(gss_code=organisation).first()
        if body is None:
            raise CommandError(NO_ORGANISATION.format(code=organisation))
        result = gains_import(
            acting_user=None,
            programme=found,
            organisation=body,
            content=content,
            filename=filename,
            dry_run=options["dry_run"],
            sheet=options["sheet"],
            choices=self.choices_for(body, GAINS_KIND, options),
        )
        self.report(result, as_json=options["json"])
