import pytest

from vfmhub.api.testing import api_responses_match_the_document  # noqa: F401 (autouse)
from vfmhub.core.browser import launched_browser
from vfmhub.testing import client_for, make_personas


def _empties_the_tables(item: pytest.Item) -> bool:
    """A transactional test (a live server, threads) ends by emptying every table."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


def _run_data_migrations() -> None:
    """Put back the rows the migrations add (the default review ratings...), in migration order."""
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    plan: list[tuple[str, str]] = []
    for leaf in loader.graph.leaf_nodes():
        plan += [node for node in loader.graph.forwards_plan(leaf) if node not in plan]
    with connection.schema_editor() as editor:
        for node in plan:
            for operation in loader.graph.nodes[node].operations:
                if isinstance(operation, RunPython):
                    operation.code(apps, editor)  # type: ignore[arg-type]  # the live registry


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    # With the test files spread over processes (make test), a test of another file may come
    # next in this process and expect what the migrations put in the database. After the last
    # test (no next item) the test database is already torn down: nothing to put back.
    result = yield
    if nextitem is not None and _empties_the_tables(item):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _run_data_migrations()
    return result


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
