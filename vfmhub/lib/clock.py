"""The one clock. Every read of today's date or the time goes through `today()` or `now()`, called
as `clock.today()` so that a test can replace them (`monkeypatch.setattr(clock, "today", ...)`, or
the `clock_at` fixture in `vfmhub/conftest.py`)."""

import datetime

from django.utils import timezone


def now() -> datetime.datetime:
    """The time now, aware, in UTC."""
    return timezone.now()


def today() -> datetime.date:
    """Today's date where the service runs (Europe/London)."""
    return timezone.localdate()
