"""What the `import-returns` and `import-gains` commands share on top of the project's
`ImportCommand`: the programme they import into, and their report of an `ImportResult`."""

from typing import Any

from django.core.management.base import CommandError

from vfmhub.core.importing import ImportCommand
from vfmhub.efficiency.importing.types import ImportResult
from vfmhub.efficiency.models import EfficiencyProgramme

NO_PROGRAMME = "There is no efficiency programme {pk}."


class ProgrammeImportCommand(ImportCommand):
    what = ""  # what the file holds, for the counts: "returns", "gains"

    def add_target_arguments(self, parser: Any) -> None:
        parser.add_argument("--programme", type=int, required=True, help="The programme's id.")

    def programme_found(self, pk: int) -> EfficiencyProgramme:
        programme = EfficiencyProgramme.objects.filter(pk=pk).first()
        if programme is None:
            raise CommandError(NO_PROGRAMME.format(pk=pk))
        return programme

    def report(self, result: ImportResult, *, as_json: bool) -> None:
        """Every error by row and column, then the counts; exit 1 when the file had errors."""
        counts = (
            f"{result.created} new, {result.updated} changed, "
            f"{result.unchanged} unchanged {self.what}"
        )
        self.finish(
            result.errors,
            summary=result.summary(),
            as_json=as_json,
            dry_run=result.dry_run,
            counts=counts,
        )
