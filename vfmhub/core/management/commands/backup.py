"""`vfmhub backup PATH`: the database and uploaded files in one bundle (vfmhub/core/backups.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vfmhub.core.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite's online backup or pg_dump) and MEDIA_ROOT into one tar "
        "bundle at PATH (.tar, or .tar.gz to compress). Safe while the application runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            manifest = backup_create(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Backed up the {manifest.vendor} database and {manifest.media_files} uploaded "
            f"file(s) to {path}."
        )
