"""What the `import-risks` and `import-projects` commands share: PATH, the option naming what the
file is imported into, `--sheet`, `--ignore-column`, `--use-column`, `--mapping` (column choices
remembered from the upload page), `--dry-run` and `--json`; the import run as the system (no
user), and its outcome printed as every `import-*` command prints it, counting problems as
"problems"."""

from typing import Any

from django.core.management.base import CommandError

from vfmhub.core.importing import ImportCommand
from vfmhub.imports.commands import add_mapping_argument, command_choices
from vfmhub.lib.headings import ColumnChoices
from vfmhub.programme.importing.registers.common import ImportResult


class RegisterImportCommand(ImportCommand):
    target_option = ""  # the option naming what the file is imported into ("register")
    target_help = ""
    missing = ""  # the error when there is no such target: "There is no … {pk}."
    what = ""  # what the counts count ("risks")
    kind = ""  # the kind of import column choices are remembered under ("risks")

    def add_target_arguments(self, parser: Any) -> None:
        parser.add_argument(
            f"--{self.target_option}", type=int, required=True, help=self.target_help
        )
        add_mapping_argument(parser)

    def target(self, pk: int) -> Any:
        """What the file is imported into, or None if there is no such thing."""
        raise NotImplementedError

    def owner(self, target: Any) -> Any:
        """The organisation or partnership whose column choices the import may use."""
        raise NotImplementedError

    def run(self, target: Any, **file: Any) -> ImportResult:
        """The import of the file (`content`, `filename`, `dry_run`, `sheet`, `choices`)."""
        raise NotImplementedError

    def other_counts(self, counts: dict[str, int]) -> str:
        """The other counts, in words, beside the main ones."""
        raise NotImplementedError

    def choices(self, target: Any, options: dict[str, Any]) -> ColumnChoices:
        """The remembered choices `--mapping` names, with the command line's added."""
        return command_choices(
            self.column_choices(options),
            owner=self.owner(target),
            kind=self.kind,
            name=options.get("mapping"),
        )

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        content, filename = self.file_read(path)
        pk = options[self.target_option]
        target = self.target(pk)
        if target is None:
            raise CommandError(self.missing.format(pk=pk))
        result = self.run(
            target,
            content=content,
            filename=filename,
            dry_run=options["dry_run"],
            sheet=options.get("sheet") or None,
            choices=self.choices(target, options),
        )
        report = result.command_report(what=self.what, extra=self.other_counts(result.counts))
        self.finish(result.errors, as_json=options["json"], **report)
