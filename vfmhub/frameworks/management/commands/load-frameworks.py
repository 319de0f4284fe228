"""`vfmhub load-frameworks`: load the shipped framework definitions (the work is in loader.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vfmhub.frameworks.loader import FrameworkLoadError, load_frameworks


class Command(BaseCommand):
    help = (
        "Load framework definitions (YAML) into the database. Safe to run again: unchanged "
        "versions are left alone, and a published version that differs is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            type=Path,
            help="Read definitions from this folder instead of the shipped ones.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and say what would change; write nothing."
        )

    def handle(self, *args, directory=None, dry_run=False, **options):
        try:
            report = load_frameworks(directory, dry_run=dry_run)
        except FrameworkLoadError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(report.summary())
