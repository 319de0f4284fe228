"""`--mapping NAME` for every `import-*` command: start from the column choices an owner keeps
under NAME (the upload page keeps those of the last confirmed import as "default"), with the
command line's `--ignore-column` and `--use-column` added."""

from typing import Any

from django.core.management.base import CommandError

from vfmhub.imports.selectors import Owner, column_choices_for, column_mapping_names
from vfmhub.lib.headings import ColumnChoices

MAPPING_HELP = (
    "Start from the column choices kept under NAME for what is imported into (the upload page "
    'keeps those of the last import confirmed there as "default"); --ignore-column and '
    "--use-column add to them."
)
NO_MAPPING = "There are no column choices called {name!r} for {owner}'s {kind} imports{known}."


def add_mapping_argument(parser: Any) -> None:
    parser.add_argument("--mapping", metavar="NAME", help=MAPPING_HELP)


def command_choices(
    given: ColumnChoices, *, owner: Owner, kind: str, name: str | None
) -> ColumnChoices:
    """The choices kept under `name` (if named) with `given` added; a CommandError naming the
    sets there are when none is kept under `name`."""
    if not name:
        return given
    known = column_mapping_names(owner, kind)
    if name not in known:
        listed = f" (there are {', '.join(known)})" if known else ""
        raise CommandError(NO_MAPPING.format(name=name, owner=owner.name, kind=kind, known=listed))
    return column_choices_for(owner, kind, name).joined(given)
