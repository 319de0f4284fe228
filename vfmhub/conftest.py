import pytest

from vfmhub.api.testing import api_responses_match_the_document  # noqa: F401 (autouse)
from vfmhub.core.browser import launched_browser
from vfmhub.testing import client_for, make_personas


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # The default hasher takes ~0.4s a password by design; the personas alone would cost 4s a test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def personas(db):
    return make_personas()


@pytest.fixture
def as_user():
    """as_user(user) -> a test client signed in as that user."""
    return client_for


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, driven by Playwright (see vfmhub/core/browser.py)."""
    with launched_browser() as chromium:
        yield chromium


@pytest.fixture
def page(browser):
    """A fresh browser page (its own cookies) for one test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def clock_at(monkeypatch):
    """clock_at(day) makes `clock.today()` that day (and `clock.now()` noon on it, UTC)."""
    import datetime

    from vfmhub.lib import clock

    def set_day(day: datetime.date) -> None:
        noon = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
        monkeypatch.setattr(clock, "today", lambda: day)
        monkeypatch.setattr(clock, "now", lambda: noon)

    return set_day
