"""Backing up and restoring the whole hub: the database and the uploaded files, in one bundle.

A bundle is a tar file (compressed when its name ends in .gz) holding `manifest.json`, the
database (`database.sqlite3`, a copy made with SQLite's online backup API, or `database.dump`,
PostgreSQL's `pg_dump --format=custom`) and `media/`, the files under MEDIA_ROOT (evidence and
uploads waiting to be imported). A backup can run while the application serves: SQLite's backup
copies a consistent snapshot page by page, and pg_dump reads one snapshot in one transaction.

A restore replaces the database and the media folder with the bundle's. It refuses to overwrite a
database that has user accounts unless forced, and a bundle from the other kind of database.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections
from django.db.utils import DatabaseError

from vfmhub.lib import clock

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}

NOT_EMPTY = (
    "The database already holds {users} user account(s). Restoring replaces everything in it: "
    "run again with --force if that is what you mean."
)
UNSUPPORTED = "Backups support SQLite and PostgreSQL, not {vendor}."
OTHER_VENDOR = "The backup is of a {found} database; this hub uses {wanted}."
NOT_A_BACKUP = "{path} is not a VFM Hub backup: {reason}."


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


@dataclass(frozen=True)
class Manifest:
    vendor: str
    created_at: str
    database: str
    media_files: int
    format: int = FORMAT


def backup_create(path: Path, *, alias: str = "default") -> Manifest:
    """Write a bundle of the database and MEDIA_ROOT to `path`."""
    connection = connections[alias]
    vendor = _vendor(connection)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMP_NAMES[vendor]
        if vendor == "sqlite":
            _sqlite_copy(_sqlite_connect(connection.settings_dict), dump)
        else:
            _pg_run("pg_dump", connection.settings_dict, "--format=custom", f"--file={dump}")
        media_files = (
            [p for p in media_root.rglob("*") if p.is_file()] if media_root.is_dir() else []
        )
        manifest = Manifest(
            vendor=vendor,
            created_at=clock.now().isoformat(timespec="seconds"),
            database=dump.name,
            media_files=len(media_files),
        )
        (Path(work) / MANIFEST).write_text(json.dumps(manifest.__dict__, indent=2))
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz" if path.name.endswith("gz") else "w") as bundle:
            bundle.add(Path(work) / MANIFEST, arcname=MANIFEST)
            bundle.add(dump, arcname=dump.name)
            for file in media_files:
                bundle.add(file, arcname=f"{MEDIA}/{file.relative_to(media_root).as_posix()}")
        partial.replace(path)  # a half-written bundle never has the name of a finished one
    return manifest


def backup_restore(path: Path, *, force: bool = False, alias: str = "default") -> Manifest:
    """Replace the database and MEDIA_ROOT with the bundle's. Stop the application first."""
    connection = connections[alias]
    vendor = _vendor(connection)
    users = _user_count(alias)
    if users and not force:
        raise BackupError(NOT_EMPTY.format(users=users))
    with tempfile.TemporaryDirectory() as work, _open_bundle(path) as bundle:
        manifest = _read_manifest(path, bundle)
        if manifest.vendor != vendor:
            raise BackupError(OTHER_VENDOR.format(found=manifest.vendor, wanted=vendor))
        bundle.extractall(
            work, filter="data"
        )  # refuses absolute paths and "..", as a backup should
        dump = Path(work) / manifest.database
        connection.close()
        if vendor == "sqlite":
            _sqlite_copy(sqlite3.connect(dump), None, into=connection.settings_dict)
        else:
            _pg_run(
                "pg_restore",
                connection.settings_dict,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                str(dump),
            )
        _replace_media(Path(work) / MEDIA)
    return manifest


def _vendor(connection) -> str:
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(UNSUPPORTED.format(vendor=connection.vendor))
    return connection.vendor


def _user_count(alias: str) -> int:
    try:
        return get_user_model().objects.using(alias).count()
    except DatabaseError:  # no tables yet: an empty database
        return 0


def _sqlite_connect(settings_dict: dict) -> sqlite3.Connection:
    name = str(settings_dict["NAME"])
    # The test database is an in-memory one with a shared cache, named by a URI.
    return sqlite3.connect(name, uri=name.startswith("file:"), timeout=30)


def _sqlite_copy(source: sqlite3.Connection, target: Path | None, *, into=None) -> None:
    """Copy with the online backup API: a consistent snapshot even while others write. The copy
    goes to the file `target`, or into the database of the settings `into`."""
    destination = _sqlite_connect(into) if target is None else sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()
        source.close()


def _pg_run(program: str, settings_dict: dict, *args: str) -> None:
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    command = [program, "--no-password", f"--dbname={settings_dict['NAME']}"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            command.append(f"{option}={settings_dict[key]}")
    # A fixed program and arguments built from the settings, never from a request.
    result = subprocess.run([*command, *args], env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")


def _open_bundle(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:*")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(NOT_A_BACKUP.format(path=path, reason=exc)) from None


def _read_manifest(path: Path, bundle: tarfile.TarFile) -> Manifest:
    try:
        member = bundle.extractfile(MANIFEST)
        values = json.loads(member.read()) if member else None
        manifest = Manifest(**values) if isinstance(values, dict) else None
    except (KeyError, ValueError, TypeError) as exc:
        raise BackupError(NOT_A_BACKUP.format(path=path, reason=exc)) from None
    if manifest is None or manifest.format != FORMAT or manifest.vendor not in DUMP_NAMES:
        raise BackupError(NOT_A_BACKUP.format(path=path, reason="unknown manifest"))
    return manifest


def _replace_media(source: Path) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir():
        shutil.rmtree(media_root)
    if source.is_dir():
        shutil.copytree(source, media_root)
    else:
        media_root.mkdir(parents=True, exist_ok=True)
