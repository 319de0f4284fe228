"""`vfmhub backup PATH`: the database and uploaded files in one bundle (vfmhub/core/backups.py)."""

from pathlib import Path
from typing import Any

from vfmhub.core.backups import backup_create
from vfmhub.core.management.commands._bundle import BundleCommand


class Command(BundleCommand):
    help = (
        "Back up the database (SQLite's online backup or pg_dump) and MEDIA_ROOT into one tar "
        "bundle at PATH (.tar, or .tar.gz to compress). Safe while the application runs."
    )

    def run(self, path: Path, **options: Any) -> str:
        manifest = backup_create(path)
        return (
            f"Backed up the {manifest.vendor} database and {manifest.media_files} uploaded "
            f"file(s) to {path}."
        )
