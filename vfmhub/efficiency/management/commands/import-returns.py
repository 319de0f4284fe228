"""vfmhub import-returns PATH --programme ID [--dry-run] [--json]"""

from typing import Any

from vfmhub.efficiency.importing import returns_import
from vfmhub.efficiency.importing.commands import ProgrammeImportCommand


class Command(ProgrammeImportCommand):
    help = (
        "Import a partnership's returns from XLSX or CSV: one row per body and year with the "
        "cumulative value, a Green/Amber/Red rating per year and a narrative. Rows are recorded "
        "as submitted returns. All or nothing; importing the same file again adds nothing."
    )
    what = "returns"

    def handle(self, *args: Any, path: str, programme: int, **options: Any) -> None:
        content, filename = self.file_read(path)
        result = returns_import(
            acting_user=None,
            programme=self.programme_found(programme),
            content=content,
            filename=filename,
            dry_run=options["dry_run"],
        )
        self.report(result, as_json=options["json"])
