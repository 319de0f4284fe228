"""The import pipeline every app's imports are built from.

- What an import reports its errors with: where in the file (`Location`), and what is wrong there
  (`ImportIssue`), so every import words its errors the same way.
- The upload kept between the preview and the confirmation (`UploadStash`): a file under
  MEDIA_ROOT named by a random token remembered in the user's session, so only they can preview
  or confirm it; both read the stored file again through the same service.
- The confirmation step (`import_confirmed`) and the preview page (`core/import_preview.html`,
  with the GOV.UK error summary), shared by every upload page.
- The command-line report (`import_report`) every `import-*` command prints.
- Columns the importer does not recognise (`unused_column_issues`): each refuses the import until
  the user leaves it out or reads it as a known column, ticked on the preview page
  (`preview_choices`) or given on the command line (`--ignore-column`, `--use-column`).
"""

import json
import re
import secrets
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.contrib import messages
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from vfmhub.lib.headings import NO_CHOICES, ColumnChoices, Header
from vfmhub.lib.tabular import column_letter
from vfmhub.lib.tabular_files import TabularError, sheet_place

NOT_FOUND = "Not found."


@dataclass(frozen=True)
class Location:
    """Where something was read: a spreadsheet row (on a named sheet of a workbook), or a Word
    table and row; a column index. Row 0 is the file as a whole (it could not be read as a
    table)."""

    row: int
    table: int | None = None
    column: int | None = None
    heading: str = ""
    sheet: str = ""

    def at_column(self, column: int | None, heading: str = "") -> "Location":
        return Location(
            row=self.row, table=self.table, column=column, heading=heading, sheet=self.sheet
        )

    @property
    def column_label(self) -> str:
        if self.column is None:
            return ""
        return str(self.column + 1) if self.table is not None else column_letter(self.column)

    def __str__(self) -> str:
        if self.row == 0:
            return "The file"
        if self.table is not None:
            where = f"Table {self.table}, row {self.row}"
        elif self.sheet:
            where = f"{sheet_place(self.sheet)}, row {self.row}"
        else:
            where = f"Row {self.row}"
        if self.column is not None:
            where += f", column {self.column_label}"
            if self.heading:
                where += f" ({self.heading})"
        return where


@dataclass(frozen=True)
class ImportIssue:
    """`ignorable` is set on a column the importer does not recognise: how the user names it to
    leave it out ("C", "Allocation!C"); `read_as` the known columns it could be read as
    [(name, label)]."""

    location: Location
    message: str
    ignorable: str = ""
    read_as: tuple[tuple[str, str], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "table": self.location.table,
            "row": self.location.row,
            "column": self.location.column_label,
            "heading": self.location.heading,
            "sheet": self.location.sheet,
            "message": self.message,
            "text": str(self),
            **({"ignorable": self.ignorable} if self.ignorable else {}),
        }

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


def file_location(exc: TabularError) -> Location:
    """Where a refusal of the file is: its cell when it is about one, else the file."""
    if not exc.row:
        return Location(row=0)
    table = int(exc.sheet.split()[-1]) if exc.sheet.startswith("Table ") else None
    return Location(row=exc.row, table=table).at_column(exc.column, "")


def unused_column_issues(
    header: Header, choices: ColumnChoices = NO_CHOICES, *, also_used: Collection[int] = ()
) -> list[ImportIssue]:
    """One issue for each headed column the importer does not read and the user has not said to
    leave out; each names the known columns still missing, which it could be read as."""
    expected = header.expected
    missing = [n for n in (expected.keys if expected else {}) if n not in header.columns]
    read_as = tuple((n, expected.labels.get(n, n)) for n in missing) if expected else ()
    where = Location(row=header.row.number, table=header.row.table, sheet=header.sheet)
    return [
        ImportIssue(
            where.at_column(column.index, column.heading),
            column.message(),
            ignorable=column.key,
            read_as=read_as,
        )
        for column in header.unused(choices.ignore, also_used=also_used)
    ]


# The upload kept between preview and confirm -----------------------------------------------------

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class UploadStash:
    """Uploads of one kind, kept under MEDIA_ROOT/`folder` and listed in the session under
    `session_key`. Each is kept for a `scope` (the plan's id, the register's owner...) and is
    found again only for the same scope, by the same user."""

    def __init__(self, *, session_key: str, folder: str):
        self.session_key = session_key
        self.folder = folder

    def _directory(self) -> Path:
        directory = Path(settings.MEDIA_ROOT) / self.folder
        directory.mkdir(parents=True, exist_ok=True)
        return directory

    def keep(self, request: HttpRequest, upload: Any, *, scope: Any, **extra: Any) -> str:
        """Store `upload` and return the token that finds it again; `extra` (the sheet, a
        mapping) is given back with it."""
        token = secrets.token_urlsafe(24)
        with (self._directory() / token).open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        kept = request.session.get(self.session_key, {})
        kept[token] = {"scope": scope, "filename": Path(upload.name).name[:200], **extra}
        request.session[self.session_key] = kept
        return token

    def entry(self, request: HttpRequest, token: str, *, scope: Any) -> dict[str, Any]:
        """What `keep` stored under `token` with the file's `content`; 404 when it is not this
        user's, not for this scope, or gone."""
        kept = request.session.get(self.session_key, {})
        entry = kept.get(token) if TOKEN.match(token) else None
        path = self._directory() / token
        if entry is None or entry["scope"] != scope or not path.is_file():
            raise Http404(NOT_FOUND)
        return {**entry, "content": path.read_bytes()}

    def update(self, request: HttpRequest, token: str, **extra: Any) -> None:
        """Remember more with a kept upload (the columns the user chose to leave out)."""
        kept = request.session.get(self.session_key, {})
        if token in kept:
            kept[token] = {**kept[token], **extra}
            request.session[self.session_key] = kept

    def discard(self, request: HttpRequest, token: str) -> None:
        kept = request.session.get(self.session_key, {})
        kept.pop(token, None)
        request.session[self.session_key] = kept
        (self._directory() / token).unlink(missing_ok=True)


MOST_CHOICES = 200


def preview_choices(
    request: HttpRequest, stash: UploadStash, token: str, entry: dict[str, Any]
) -> ColumnChoices:
    """The columns the user chose, on the preview page, to leave out or read as a known column:
    from the form when it was just sent (and then kept with the upload for the confirm step),
    else as kept."""
    if "choosing_columns" not in request.GET:
        return ColumnChoices.from_dict(entry.get("columns"))
    kept = ColumnChoices.parse(
        request.GET.getlist("keep-ignore")[:MOST_CHOICES],
        request.GET.getlist("keep-use")[:MOST_CHOICES],
    )
    ignore, use_as = set(kept.ignore), dict(kept.use_as)
    for key in request.GET.getlist("column")[:MOST_CHOICES]:
        choice = request.GET.get(f"choice-{key}", "")
        if choice == "ignore":
            ignore.add(key)
        elif choice.startswith("use:"):
            heading = request.GET.get(f"heading-{key}", "")
            if heading:
                use_as[heading[:300]] = choice[4:]
    choices = ColumnChoices(frozenset(ignore), use_as)
    stash.update(request, token, columns=choices.as_dict())
    return choices


class ImportOutcome(Protocol):
    """What every import service returns: its errors, and whether it would change anything."""

    @property
    def errors(self) -> Any: ...


def import_confirmed(
    request: HttpRequest,
    stash: UploadStash,
    token: str,
    *,
    scope: Any,
    run: Callable[[dict[str, Any]], ImportOutcome],
    changed_since_preview: str,
    preview_url: str,
    done: Callable[[dict[str, Any], Any], tuple[str, str]],
) -> HttpResponse:
    """The confirm step of every upload page: import the kept file for real with `run(entry)`;
    when it now has errors (the records changed since the preview) go back to the preview with
    `changed_since_preview`; else forget the upload and go where `done(entry, result)` says
    (its message and URL)."""
    entry = stash.entry(request, token, scope=scope)
    result = run(entry)
    if result.errors:
        messages.error(request, changed_since_preview)
        return redirect(preview_url)
    stash.discard(request, token)
    message, url = done(entry, result)
    messages.success(request, message)
    return redirect(url)


def import_preview_page(
    request: HttpRequest, template: str, context: dict[str, Any]
) -> HttpResponse:
    """The preview page: `template` extends `core/import_preview.html`, whose context names
    `result` (errors, changed), `filename`, `caption`, `counts` [(label, n)], `upload_url`,
    `confirm_url`, `back_url` and `button`."""
    return render(request, template, context)


# The command line ---------------------------------------------------------------------------

NO_FILE = "There is no file at {path}."


class ImportCommand(BaseCommand):
    """The shape of every `import-*` command: PATH, the command's own options (what to import
    into: `add_target_arguments`), `--dry-run` and `--json`; `file_read` and `finish` do the
    rest the same way for all."""

    file_help = "The XLSX, XLS or CSV file."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help=self.file_help)
        self.add_target_arguments(parser)
        parser.add_argument(
            "--sheet", help="The workbook's sheet to read (by default the one that fits best)."
        )
        parser.add_argument(
            "--ignore-column",
            action="append",
            default=[],
            metavar="COLUMN",
            help="Leave out a column the import does not recognise, by letter (C), sheet and "
            "letter (Allocation!C) or heading; repeat for more.",
        )
        parser.add_argument(
            "--use-column",
            action="append",
            default=[],
            metavar="HEADING=COLUMN",
            help='Read a column headed HEADING as one the import knows ("Owner=officer").',
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; save nothing."
        )
        parser.add_argument("--json", action="store_true", help="Print the summary as JSON.")

    def add_target_arguments(self, parser: Any) -> None:
        """The options naming what the file is imported into (`--programme ID`...)."""

    def column_choices(self, options: dict[str, Any]) -> ColumnChoices:
        """What `--ignore-column` and `--use-column` said."""
        return ColumnChoices.parse(
            options.get("ignore_column") or (), options.get("use_column") or ()
        )

    def file_read(self, path: str) -> tuple[bytes, str]:
        """The file's content and name; a CommandError when there is no such file."""
        file = Path(path)
        if not file.is_file():
            raise CommandError(NO_FILE.format(path=path))
        return file.read_bytes(), file.name

    def finish(self, errors: Iterable[object], **report: Any) -> None:
        """Print the outcome (`import_report`'s arguments) and exit 1 when the file had errors."""
        errors = list(errors)
        import_report(self, errors=errors, **report)
        if errors:
            raise SystemExit(1)


def import_report(
    command: BaseCommand,
    *,
    errors: Iterable[object],
    summary: dict[str, Any],
    as_json: bool,
    dry_run: bool,
    counts: str,
    lines: Iterable[str] = (),
    after: Iterable[str] = (),
    errors_word: str = "errors",
) -> None:
    """Print an import's outcome the same way for every `import-*` command: with `--json` the
    `summary`; else every error (to stderr) and "Nothing was imported", or the `lines` (one per
    change), then "Dry run, nothing saved. Importing would give {counts}." or "Imported:
    {counts}.", then the `after` notes."""
    if as_json:
        command.stdout.write(json.dumps(summary, indent=2, default=str))
        return
    errors = list(errors)
    for error in errors:
        command.stderr.write(str(error))
    if errors:
        command.stderr.write(f"Nothing was imported: {len(errors)} {errors_word}.")
        return
    for line in lines:
        command.stdout.write(line)
    if dry_run:
        command.stdout.write(f"Dry run, nothing saved. Importing would give {counts}.")
    else:
        command.stdout.write(f"Imported: {counts}.")
    for line in after:
        command.stdout.write(line)
