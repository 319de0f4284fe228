"""What the `import-risks` and `import-projects` commands share: PATH, the option naming what the
file is imported into, `--dry-run` and `--json`; the import run as the system (no user), and its
outcome printed as every `import-*` command prints it, counting problems as "problems"."""

from typing import Any

from django.core.management.base import CommandError

from vfmhub.core.importing import ImportCommand
from vfmhub.programme.importing.registers.common import ImportResult


class RegisterImportCommand(ImportCommand):
    target_option = ""  # the option naming what the file is imported into ("register")
    target_help = ""
    missing = ""  # the error when there is no such target: "There is no … {pk}."
    what = ""  # what the counts count ("risks")

    def add_target_arguments(self, parser: Any) -> None:
        parser.add_argument(
            f"--{self.target_option}", type=int, required=True, help=self.target_help
        )

    def target(self, pk: int) -> Any:
        """What the file is imported into, or None if there is no such thing."""
        raise NotImplementedError

    def run(self, target: Any, **file: Any) -> ImportResult:
        """The import of the file (`content`, `filename`, `dry_run`) into `target`."""
        raise NotImplementedError

    def other_counts(self, counts: dict[str, int]) -> str:
        """The other counts, in words, beside the main ones."""
        raise NotImplementedError

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        content, filename = self.file_read(path)
        pk = options[self.target_option]
        target = self.target(pk)
        if target is None:
            raise CommandError(self.missing.format(pk=pk))
        result = self.run(target, content=content, filename=filename, dry_run=options["dry_run"])
        report = result.command_report(what=self.what, extra=self.other_counts(result.counts))
        self.finish(result.errors, as_json=options["json"], **report)
