"""`vfmhub load-outturn PATH [--year YYYY]`: load one year of MHCLG's revenue outturn summary."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vfmhub.benchmarking.loading.outturn import outturn_read
from vfmhub.benchmarking.services.lineage import lineage_sync
from vfmhub.benchmarking.services.reference import ReferenceLoadError, reference_file_load
from vfmhub.benchmarking.services.targets import benchmark_targets_recompute

NO_FILE = "There is no file at {path}."
NOTHING_LOADED = "Nothing was loaded: {count} in {file}."
NOTHING_CHANGED = "Nothing changed: every figure was already held."
DRY_RUN = "Dry run: nothing saved."


class Command(BaseCommand):
    help = (
        "Load MHCLG's revenue outturn summary (RS) for one financial year, from the workbook as "
        "published (.xlsx, or a legacy .xls whose columns differ), all or nothing. Running it "
        "again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The revenue outturn summary workbook.")
        parser.add_argument(
            "--year",
            type=int,
            help="The financial year's first year (2017 for 2017-18). Taken from the file when "
            "left out; refused when the file says another year.",
        )
        parser.add_argument(
            "--ignore-column",
            action="append",
            default=[],
            metavar="COLUMN",
            help="Leave out a column the loader does not know, by letter or heading; repeat "
            "for more.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would change; save nothing."
        )
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(NO_FILE.format(path=path))
        self.stderr.write(f"Reading {path.name} …")
        data = outturn_read(path, year=options["year"], ignore=options["ignore_column"])
        if not data.refused:
            self.stderr.write(
                f"Read {data.rows_used:,} bodies and {len(data.measures)} measures; writing …"
            )
        try:
            report = reference_file_load(acting_user=None, data=data, dry_run=options["dry_run"])
        except ReferenceLoadError as exc:
            self._refused(exc, as_json=options["json"])
            return
        if not options["dry_run"]:
            lineage_sync(acting_user=None)  # so a reorganised council's years join at once
        targets = None if options["dry_run"] else benchmark_targets_recompute(acting_user=None)
        if options["json"]:
            summary = {"ok": True, **report.as_dict(), "cells_left_blank": data.cells_left_blank}
            summary["benchmark_targets"] = targets.as_dict() if targets else None
            self.stdout.write(json.dumps(summary, indent=2, default=str))
            return
        self.stdout.write(report.summary())
        self.stdout.write(f"  {data.cells_left_blank:,} cells left blank in the file")
        if targets is not None:
            self.stdout.write(targets.summary())
        if options["dry_run"]:
            self.stdout.write(DRY_RUN)
        elif not report.changed_anything:
            self.stdout.write(NOTHING_CHANGED)

    def _refused(self, exc: ReferenceLoadError, *, as_json: bool) -> None:
        count = len(exc.issues) or 1
        if as_json:
            errors = [issue.as_dict() for issue in exc.issues] or [{"message": str(exc)}]
            self.stdout.write(json.dumps({"ok": False, "errors": errors}, indent=2))
        else:
            for issue in exc.issues:
                self.stderr.write(str(issue))
            if not exc.issues:
                self.stderr.write(str(exc))
        problems = "1 problem" if count == 1 else f"{count:,} problems"
        raise CommandError(NOTHING_LOADED.format(count=problems, file=exc.file_name))
