"""SQLite, the default database, lets concurrent writers wait their turn instead of failing.

Each writer reads then writes in one transaction, as a service does (read the row, check its
version, save). With SQLite's default deferred transactions two such writers deadlock and one gets
"database is locked" at once; the settings take the write lock when the transaction begins and wait.
"""

import sqlite3
import threading

from django.db.backends.sqlite3.base import DatabaseWrapper

from vfmhub.testing import sqlite_file_connection

WRITERS = 20


def _wrapper(path) -> DatabaseWrapper:
    return sqlite_file_connection(path, f"writer-{threading.get_ident()}")


def _add_one(path, errors: list[str], barrier: threading.Barrier) -> None:
    wrapper = _wrapper(path)
    try:
        wrapper.ensure_connection()
        barrier.wait()
        # What transaction.atomic() does on SQLite: BEGIN in the configured mode.
        wrapper._start_transaction_under_autocommit()  # type: ignore[attr-defined]
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT value FROM counter")
            (value,) = cursor.fetchone()
            cursor.execute("UPDATE counter SET value = %s", [value + 1])
            cursor.execute("COMMIT")
    except Exception as exc:  # every writer's failure is collected and asserted below
        errors.append(f"{type(exc).__name__}: {exc}")
        barrier.abort()  # the others stop waiting for this one
    finally:
        wrapper.close()


def test_it_serialises_twenty_concurrent_read_then_write_transactions(tmp_path, django_db_blocker):
    path = tmp_path / "writes.sqlite3"
    with sqlite3.connect(path) as db:
        # As the service's database file is once migrated: twenty connections switching a new
        # file to WAL at once would wait on each other before any transaction began.
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE counter (value INTEGER)")
        db.execute("INSERT INTO counter VALUES (0)")
    errors: list[str] = []
    barrier = threading.Barrier(WRITERS, timeout=60)
    threads = [
        threading.Thread(target=_add_one, args=(path, errors, barrier)) for _ in range(WRITERS)
    ]
    with django_db_blocker.unblock():  # a file of its own, not the test database
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert errors == []
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM counter").fetchone() == (WRITERS,)
