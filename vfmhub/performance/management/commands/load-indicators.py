"""`vfmhub load-indicators`: load the shipped national indicator definitions (YAML)."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vfmhub.performance.definitions.loader import IndicatorLoadError, load_indicators


class Command(BaseCommand):
    help = (
        "Load the national indicator definitions (YAML) into the database, all or nothing. Safe "
        "to run again: unchanged indicators are left alone; a changed RAG rule adds a new version."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory", type=Path, help="Read definitions from this folder instead."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and say what would change; write nothing."
        )
        parser.add_argument("--json", action="store_true", help="Report as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_indicators(options["directory"], dry_run=options["dry_run"])
        except IndicatorLoadError as exc:
            if options["json"]:
                self.stdout.write(json.dumps({"ok": False, "error": str(exc)}))
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.stdout.write(json.dumps({"ok": True, **report.as_dict()}))
        else:
            self.stdout.write(report.summary())
