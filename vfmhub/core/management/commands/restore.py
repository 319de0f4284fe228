"""`vfmhub restore PATH`: put back a bundle made by `vfmhub backup` (see vfmhub/core/backups.py)."""

from pathlib import Path
from typing import Any

from vfmhub.core.backups import backup_restore
from vfmhub.core.management.commands._bundle import BundleCommand


class Command(BundleCommand):
    help = (
        "Replace the database and MEDIA_ROOT with a bundle made by `vfmhub backup`. Stop the "
        "application first. Refuses a database that has user accounts unless --force."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite a database that already holds data.",
        )

    def run(self, path: Path, **options: Any) -> str:
        manifest = backup_restore(path, force=options["force"])
        return (
            f"Restored the {manifest.vendor} database and {manifest.media_files} uploaded "
            f"file(s) from the backup made at {manifest.created_at}. Run `vfmhub migrate` next."
        )
