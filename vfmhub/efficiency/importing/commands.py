"""What the `import-returns` and `import-gains` commands share on top of the project's
`ImportCommand`: the programme they import into, and their report of an `ImportResult`."""

from typing import Any

from django.core.management.base import CommandError

from vfmhub.core.importing import ImportCommand
from vfmhub.efficiency.importing.types import ImportResult
from vfmhub.efficiency.models import EfficiencyProgramme
from vfmhub.imports.commands import add_mapping_argument, command_choices
from vfmhub.lib.headings import ColumnChoices
from vfmhub.organisations.models import Organisation, Partnership

NO_PROGRAMME = "There is no efficiency programme {pk}."
NOTHING_CHANGED = "Nothing changed: everything in the file is already recorded."
SHEET_READ = "Read from the ‘{sheet}’ sheet."
DID_NOT_RETURN = "Sent no return (left missing): {names}."


class ProgrammeImportCommand(ImportCommand):
    what = ""  # what the file holds, for the counts: "returns", "gains"

    def add_target_arguments(self, parser: Any) -> None:
        parser.add_argument("--programme", type=int, required=True, help="The programme's id.")
        add_mapping_argument(parser)

    def choices_for(
        self, owner: Partnership | Organisation, kind: str, options: dict[str, Any]
    ) -> ColumnChoices:
        """The command line's column choices, on top of the remembered ones `--mapping` names."""
        return command_choices(
            self.column_choices(options), owner=owner, kind=kind, name=options.get("mapping")
        )

    def programme_found(self, pk: int) -> EfficiencyProgramme:
        programme = EfficiencyProgramme.objects.filter(pk=pk).first()
        if programme is None:
            raise CommandError(NO_PROGRAMME.format(pk=pk))
        return programme

    def report(self, result: ImportResult, *, as_json: bool) -> None:
        """Every error by sheet, row and column, then the counts, the sheet read, the bodies that
        sent no return and whether anything changed; exit 1 when the file had errors."""
        counts = (
            f"{result.created} new, {result.updated} changed, "
            f"{result.unchanged} unchanged {self.what}"
        )
        lines = [SHEET_READ.format(sheet=result.sheet)] if result.sheet else []
        after = [DID_NOT_RETURN.format(names=", ".join(result.missing))] if result.missing else []
        if not result.changed:
            after.append(NOTHING_CHANGED)
        self.finish(
            result.errors,
            summary={**result.summary(), "changed": result.changed},
            as_json=as_json,
            dry_run=result.dry_run,
            counts=counts,
            lines=lines,
            after=after,
        )
