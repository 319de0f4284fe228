"""`vfmhub backup` and `vfmhub restore`: the database, its audit trail and the uploaded files come
back as they were. Runs on whichever database the tests use (SQLite or PostgreSQL)."""

import sqlite3
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db.backends.sqlite3.base import DatabaseWrapper

from vfmhub.accounts.models import User
from vfmhub.audit.models import AuditEvent
from vfmhub.core import backups
from vfmhub.organisations.models import Organisation
from vfmhub.plans import services as plans
from vfmhub.testing import make_personas, make_user, sqlite_file_connection


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    evidence = settings.MEDIA_ROOT / "evidence" / "2009"
    evidence.mkdir(parents=True)
    (evidence / "minutes.txt").write_text("Audit committee minutes, as approved.")
    return settings.MEDIA_ROOT


def _plan(personas, title: str):
    return plans.plan_create(
        acting_user=personas.manager,
        organisation=personas.org_a,
        title=title,
        year=2009,
        owner=personas.manager,
    )


def _state() -> dict:
    return {
        "users": User.objects.count(),
        "organisations": Organisation.objects.count(),
        "audit": list(AuditEvent.objects.order_by("pk").values_list("pk", "action", "changes")),
    }


def test_it_restores_the_database_audit_trail_and_media_as_they_were(
    transactional_db, media, tmp_path
):
    personas = make_personas()
    _plan(personas, "Use of Resources Action Plan")
    before = _state()
    bundle = tmp_path / "backups" / "vfmhub.tar.gz"

    call_command("backup", str(bundle))
    make_user("late.arrival@example.gov.uk")
    _plan(personas, "A plan made after the backup")
    AuditEvent.objects.filter(pk=AuditEvent.objects.order_by("pk").values("pk")[:1]).delete()
    (media / "evidence" / "2009" / "minutes.txt").write_text("Overwritten by mistake.")
    (media / "stray.txt").write_text("Uploaded after the backup.")
    assert _state() != before

    call_command("restore", str(bundle), "--force")

    assert _state() == before
    assert (media / "evidence" / "2009" / "minutes.txt").read_text().startswith("Audit committee")
    assert not (media / "stray.txt").exists()


def test_it_bundles_a_manifest_the_database_and_the_media(transactional_db, media, tmp_path):
    make_personas()
    bundle = tmp_path / "vfmhub.tar"

    manifest = backups.backup_create(bundle)

    with tarfile.open(bundle) as opened:
        names = set(opened.getnames())
    database = "database.sqlite3" if manifest.vendor == "sqlite" else "database.dump"
    assert {"manifest.json", database, "media/evidence/2009/minutes.txt"} <= names
    assert manifest.media_files == 1


def test_it_refuses_to_overwrite_a_database_in_use_without_force(transactional_db, media, tmp_path):
    make_personas()
    bundle = tmp_path / "vfmhub.tar"
    call_command("backup", str(bundle))

    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(bundle))


def test_it_refuses_a_file_that_is_not_a_backup(transactional_db, tmp_path):
    junk = tmp_path / "notes.tar"
    junk.write_text("not a tar file")

    with pytest.raises(CommandError, match="is not a VFM Hub backup"):
        call_command("restore", str(junk))


def _sqlite_file(path) -> DatabaseWrapper:
    return sqlite_file_connection(path, "sqlite-file")


def test_it_runs_the_sqlite_file_in_wal_mode_and_backs_up_what_is_still_in_the_log(
    tmp_path, django_db_blocker
):
    path = tmp_path / "vfmhub.sqlite3"
    wrapper = _sqlite_file(path)
    with django_db_blocker.unblock():  # a file of its own, not the test database
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("CREATE TABLE gain (value INTEGER)")
            cursor.execute("INSERT INTO gain VALUES (100000), (20000)")
        # Committed rows sit in the -wal file until a checkpoint; the backup must include them.
        assert (tmp_path / "vfmhub.sqlite3-wal").stat().st_size > 0
        copy = tmp_path / "copy.sqlite3"
        backups._sqlite_copy(sqlite3.connect(path), copy)
        wrapper.close()

    with sqlite3.connect(copy) as db:
        assert db.execute("SELECT SUM(value) FROM gain").fetchone() == (120000,)
