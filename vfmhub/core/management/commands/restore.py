"""`vfmhub restore PATH`: put back a bundle made by `vfmhub backup` (see vfmhub/core/backups.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vfmhub.core.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Replace the database and MEDIA_ROOT with a bundle made by `vfmhub backup`. Stop the "
        "application first. Refuses a database that has user accounts unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite a database that already holds data.",
        )

    def handle(self, *args, path: Path, force: bool, **options):
        try:
            manifest = backup_restore(path, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Restored the {manifest.vendor} database and {manifest.media_files} uploaded "
            f"file(s) from the backup made at {manifest.created_at}. Run `vfmhub migrate` next."
        )
