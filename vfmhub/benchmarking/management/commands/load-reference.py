"""vfmhub load-reference PATH... [--dry-run] [--json] [--skip-unrecognised]"""

import json
from pathlib import Path
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from vfmhub.benchmarking.loading.recognise import (
    INDICATOR_KINDS,
    NOT_RECOGNISED,
    OFLOG_ASC,
    Recognised,
    recognise,
    reference_read,
)
from vfmhub.benchmarking.loading.types import ReferenceFile
from vfmhub.benchmarking.services.lineage import LineageError, lineage_sync
from vfmhub.benchmarking.services.reference import ReferenceLoadError, reference_file_load
from vfmhub.benchmarking.services.targets import RecomputeCounts, benchmark_targets_recompute
from vfmhub.core.importing import ImportIssue
from vfmhub.lib.progress import Progress
from vfmhub.performance.definitions.loader import IndicatorLoadError, load_indicators
from vfmhub.performance.definitions.schema import DEFINITIONS_DIRECTORY, DefinitionError, read_file
from vfmhub.performance.importing.values import ValuesImportResult, values_import
from vfmhub.performance.models import Indicator

NO_PATH = "There is no file or folder at {path}."
UNREADABLE = "{path} could not be read: {error}."
EMPTY_FOLDER = "The folder {path} has no files."
REFUSED = "{name} was not loaded: {count} problem(s). Nothing was loaded from any file."
MOST_ISSUES_SHOWN = 20
NOTHING_CHANGED = "Nothing changed: every file is already loaded."
DRY_RUN = "Dry run: nothing was saved."
DEFINITIONS = {"ons_subnational": "ons-subnational.yaml", OFLOG_ASC: "oflog-adult-social-care.yaml"}


class RunRefused(Exception):
    """The run stops and nothing is kept: each line says why."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__("\n".join(lines))


class Command(BaseCommand):
    help = (
        "Load reference files exactly as published (Census population, districts' areas, the "
        "Indices of Deprivation, the ONS subnational indicators, Oflog's adult social care "
        "measures, revenue outturn), each recognised by its content. A folder loads every file "
        "in it. All or nothing across every file; loading the same files again changes nothing. "
        "The lineage of reorganised councils is brought up to date first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="A file or a folder.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would change; save nothing."
        )
        parser.add_argument("--json", action="store_true", help="Report as JSON.")
        parser.add_argument(
            "--skip-unrecognised",
            action="store_true",
            help="Leave out files that are none of the reference files (else they stop the run).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            outcome = self.run(
                options["paths"],
                dry_run=options["dry_run"],
                skip_unrecognised=options["skip_unrecognised"],
            )
        except RunRefused as exc:
            if options["json"]:
                self.stdout.write(json.dumps({"ok": False, "errors": exc.lines}, indent=2))
            raise CommandError("\n".join(exc.lines)) from None
        if options["json"]:
            self.stdout.write(json.dumps({"ok": True, **outcome}, indent=2, default=str))
        else:
            self.stdout.write(outcome_text(outcome))

    def run(self, paths: list[str], *, dry_run: bool, skip_unrecognised: bool) -> dict[str, Any]:
        found, skipped = files_recognised(files_listed(paths), skip_unrecognised)
        read = files_read(found, cast(TextIO, self.stderr))
        bar = Progress("Loading", len(read), stream=cast(TextIO, self.stderr))
        reports: list[dict[str, Any]] = []
        with transaction.atomic():
            try:
                lineage = lineage_sync(acting_user=None)
            except LineageError as exc:
                raise RunRefused([str(exc)]) from None
            for item, data in read:
                reports.append(file_load(item, data, dry_run=dry_run))
                bar.advance()
            targets = None if dry_run else benchmark_targets_recompute(acting_user=None)
            if dry_run:
                transaction.set_rollback(True)
        bar.finish()
        changed = bool(lineage) or any(r["changed_anything"] for r in reports)
        return {
            "dry_run": dry_run,
            "changed": changed,
            "lineage_changes": lineage,
            "files": reports,
            "skipped": skipped,
            "benchmark_targets": targets.as_dict() if targets else None,
        }


def files_listed(paths: list[str]) -> list[Path]:
    """Each PATH, and every file in each folder (not its subfolders; hidden files left out)."""
    files: list[Path] = []
    for text in paths:
        path = Path(text)
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.is_file() and p.name[:1] != ".")
            if not inside:
                raise RunRefused([EMPTY_FOLDER.format(path=text)])
            files += inside
        elif path.is_file():
            files.append(path)
        else:
            raise RunRefused([NO_PATH.format(path=text)])
    return list(dict.fromkeys(files))


def files_recognised(
    files: list[Path], skip_unrecognised: bool
) -> tuple[list[Recognised], list[str]]:
    found, unknown = [], []
    for path in files:
        try:
            item = recognise(path)
        except OSError as exc:
            raise RunRefused([UNREADABLE.format(path=path, error=exc.strerror)]) from None
        if item is None:
            unknown.append(str(path))
        else:
            found.append(item)
    if unknown and not skip_unrecognised:
        raise RunRefused([NOT_RECOGNISED.format(name=name) for name in unknown])
    return found, unknown


def files_read(
    found: list[Recognised], stream: TextIO
) -> list[tuple[Recognised, ReferenceFile | None]]:
    """Every reference file read and checked before anything is written (the indicator files
    are read by their own import, inside the transaction)."""
    bar = Progress("Reading", len(found), stream=stream)
    read: list[tuple[Recognised, ReferenceFile | None]] = []
    problems: list[str] = []
    for item in found:
        try:
            data = None if item.is_indicator_file else reference_read(item)
        except OSError as exc:
            raise RunRefused([UNREADABLE.format(path=item.path, error=exc.strerror)]) from None
        if data is not None and data.refused:
            problems += issue_lines(item.path.name, data.refused)
        read.append((item, data))
        bar.advance()
    bar.finish()
    if problems:
        raise RunRefused(problems)
    return read


def issue_lines(name: str, issues: list[ImportIssue]) -> list[str]:
    lines = [REFUSED.format(name=name, count=len(issues))]
    lines += [f"  {name}: {issue}" for issue in issues[:MOST_ISSUES_SHOWN]]
    if len(issues) > MOST_ISSUES_SHOWN:
        lines.append(f"  … and {len(issues) - MOST_ISSUES_SHOWN} more.")
    return lines


def file_load(item: Recognised, data: ReferenceFile | None, *, dry_run: bool) -> dict[str, Any]:
    if data is None:
        return indicator_file_load(item, dry_run=dry_run)
    try:
        report = reference_file_load(acting_user=None, data=data, dry_run=dry_run)
    except ReferenceLoadError as exc:
        lines = issue_lines(exc.file_name, exc.issues) if exc.issues else [str(exc)]
        raise RunRefused(lines) from None
    return {
        "path": str(item.path),
        "label": item.label,
        **report.as_dict(),
        "changed_anything": report.changed_anything,
        "summary": report.summary(),
    }


def indicator_file_load(item: Recognised, *, dry_run: bool) -> dict[str, Any]:
    """The ONS subnational and Oflog files, imported as national indicator values by the
    performance app's import (as `vfmhub import-indicator-values` does, for no one organisation),
    after loading the national indicator definitions if they are not loaded yet."""
    definitions = definitions_loaded(item.kind)
    result = values_import(
        acting_user=None,
        content=item.path.read_bytes(),
        filename=item.path.name,
        dry_run=dry_run,
    )
    if result.errors:
        raise RunRefused(issue_lines(item.path.name, result.errors))
    return indicator_report(item, result, definitions)


def definitions_loaded(kind: str) -> int:
    """Load the shipped national indicator definitions when any of those the file needs is
    missing; how many indicators that created."""
    try:
        wanted = {d.code.casefold() for d in read_file(DEFINITIONS_DIRECTORY / DEFINITIONS[kind])}
    except DefinitionError as exc:
        raise RunRefused([str(exc)]) from None
    held = {
        c.casefold()
        for c in Indicator.objects.filter(owner__isnull=True).values_list("code", flat=True)
    }
    if wanted <= held:
        return 0
    try:
        return load_indicators(acting_user=None).total("created")
    except IndicatorLoadError as exc:
        raise RunRefused([str(exc)]) from None


def indicator_report(
    item: Recognised, result: ValuesImportResult, definitions: int
) -> dict[str, Any]:
    verb = "Would add" if result.dry_run else "Added"
    lines = [
        f"{item.path.name}: {INDICATOR_KINDS[item.kind]} (national indicator values)",
        f"  {verb} {result.created:,} values, changed {result.updated:,} (new versions), "
        f"{result.unchanged:,} already held; {result.comparators:,} of the new and changed are "
        "for areas with no organisation",
        f"  {result.skipped_count:,} rows left out (each with its reason in --json)",
    ]
    if definitions:
        lines.append(f"  Loaded {definitions} national indicator definitions first")
    if result.not_imported:
        lines.append("  Columns left out: " + "; ".join(result.not_imported))
    return {
        "path": str(item.path),
        "label": item.label,
        "file_name": item.path.name,
        "kind": item.kind,
        "title": INDICATOR_KINDS[item.kind],
        "dry_run": result.dry_run,
        "values_added": result.created,
        "values_changed": result.updated,
        "values_unchanged": result.unchanged,
        "comparators": result.comparators,
        "rows_skipped": result.skipped_count,
        "skipped": [str(s) for s in result.skipped],
        "columns_ignored": list(result.not_imported),
        "definitions_created": definitions,
        "changed_anything": result.changed or bool(definitions),
        "summary": "\n".join(lines),
    }


def outcome_text(outcome: dict[str, Any]) -> str:
    lines = []
    changes = outcome["lineage_changes"]
    if changes:
        verb = "would change" if outcome["dry_run"] else "changed"
        lines.append(f"Lineage of reorganised councils: {changes} line(s) {verb}.")
    else:
        lines.append("Lineage of reorganised councils: already up to date.")
    lines += [f"{report['summary']}" for report in outcome["files"]]
    lines += [f"Not loaded (not a file VFM Hub recognises): {p}" for p in outcome["skipped"]]
    if outcome["benchmark_targets"] is not None:
        lines.append(RecomputeCounts(**outcome["benchmark_targets"]).summary())
    if not outcome["changed"]:
        lines.append(NOTHING_CHANGED)
    if outcome["dry_run"]:
        lines.append(DRY_RUN)
    return "\n".join(lines)
