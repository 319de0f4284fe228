"""vfmhub import-returns PATH --programme ID [--sheet NAME] [--ignore-column C]
[--use-column H=NAME] [--dry-run] [--json]"""

from typing import Any

from vfmhub.efficiency.importing import returns_import
from vfmhub.efficiency.importing.commands import ProgrammeImportCommand
from vfmhub.efficiency.importing.mappings import RETURNS_KIND, programme_owner


class Command(ProgrammeImportCommand):
    help = (
        "Import a partnership's returns from XLSX, XLS or CSV (the sheet whose headings fit "
        "best, or --sheet): one row per body (name, short name, GSS code or alias), whether it "
        "returned (Y/N), the year, the cumulative value, a Green/Amber/Red rating per year and a "
        "narrative; a value or the ratings are enough. Rows are recorded as submitted returns; "
        "a body marked N stays missing. A column the import does not know refuses the file "
        "until --ignore-column or --use-column says what it is. All or nothing; importing the "
        "same file again changes nothing."
    )
    what = "returns"

    def handle(self, *args: Any, path: str, programme: int, **options: Any) -> None:
        content, filename = self.file_read(path)
        found = self.programme_found(programme)
        choices = self.choices_for(programme_owner(found), RETURNS_KIND, options)
        result = returns_import(
            acting_user=None,
            programme=found,
            content=content,
            filename=filename,
            dry_run=options["dry_run"],
            sheet=options["sheet"],
            choices=choices,
        )
        self.report(result, as_json=options["json"])
