"""What `backup` and `restore` share: a bundle at PATH, and its errors as the command's."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vfmhub.core.backups import BackupError


class BundleCommand(BaseCommand):
    """A command on the backup bundle at PATH: `run` does the work and says what it did."""

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            done = self.run(path, **options)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(done)

    def run(self, path: Path, **options: Any) -> str:
        raise NotImplementedError
