"""Parallel guesses at one account check no more passwords than the limit.

Each attempt is counted (under a lock on the account's row) before its password is checked, so
30 attempts at once cannot all pass the check before any is recorded. On PostgreSQL the threads
really run at once (CI runs this file there); on SQLite they take turns at the count.
"""

import threading
import time

import pytest
from django.contrib.auth import authenticate
from django.db import OperationalError, connection

from vfmhub.accounts.models import FailedSignIn, User
from vfmhub.testing import PASSWORD, make_user

ATTEMPTS = 30
# The real hasher takes ~0.4 s; a pause keeps the check slow enough for attempts to overlap.
CHECK_SECONDS = 0.05
SQLITE_TRIES = 2000


@pytest.fixture
def counted_password_checks(monkeypatch):
    """The list of passwords `User.check_password` was asked to check, from any thread."""
    checked: list[str] = []
    lock = threading.Lock()
    original = User.check_password

    def counting(self, raw_password):
        with lock:
            checked.append(raw_password)
        time.sleep(CHECK_SECONDS)
        return original(self, raw_password)

    monkeypatch.setattr(User, "check_password", counting)
    return checked


def _guess(email: str, password: str, barrier: threading.Barrier, errors: list[str]) -> None:
    try:
        barrier.wait()
        _authenticate_waiting_for_sqlite(email, password)
    except Exception as exc:  # every thread's failure is collected and asserted below
        errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        connection.close()


def _authenticate_waiting_for_sqlite(email: str, password: str) -> None:
    """authenticate(); on the SQLite test database, try again while another thread writes.

    Threads share SQLite's in-memory test database in shared-cache mode, where a lock held by
    another connection fails at once ("database table is locked") instead of waiting out the busy
    timeout as the file database does (settings.SQLITE_OPTIONS). Trying again is that wait. Every
    try that reaches the count is counted, so retries cannot let more passwords be checked.
    """
    for _ in range(SQLITE_TRIES):
        try:
            authenticate(None, username=email, password=password)
            return
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc):
                raise
            time.sleep(0.01)
    raise AssertionError(f"SQLite stayed locked for {SQLITE_TRIES} tries")


def _guess_in_parallel(email: str, password: str) -> list[str]:
    errors: list[str] = []
    barrier = threading.Barrier(ATTEMPTS)
    threads = [
        threading.Thread(target=_guess, args=(email, password, barrier, errors))
        for _ in range(ATTEMPTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return errors


@pytest.mark.django_db(transaction=True)
def test_it_checks_at_most_the_limit_of_thirty_parallel_wrong_passwords(
    counted_password_checks, settings
):
    person = make_user("pat.jones@example.org")
    errors = _guess_in_parallel(person.email, "guess")
    assert errors == []
    assert len(counted_password_checks) <= settings.LOGIN_FAILURE_LIMIT
    assert FailedSignIn.objects.filter(email=person.email).count() == settings.LOGIN_FAILURE_LIMIT
    # And the account is now locked, right password or not.
    assert authenticate(None, username=person.email, password=PASSWORD) is None
