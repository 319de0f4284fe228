"""Browser-test helpers: Debian's chromium through Playwright, signing in, and axe-core checks.

Fixtures `browser` and `page` are in vfmhub/conftest.py; tests mark themselves `browser` and use
`django_db(transaction=True)` with `live_server`. CI must run them: when chromium or axe-core is
missing they fail under CI=true and are skipped, with the reason, elsewhere.
"""

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.urls import reverse

from vfmhub.testing import PASSWORD

CHROMIUM = Path(shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"Browser tests must run in CI: {reason}")
    pytest.skip(reason)


def sign_in(page, live_server, email: str, password: str = PASSWORD) -> None:
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + reverse("core:home"))


def axe_violations(page) -> list[dict]:
    if not AXE.exists():
        unavailable(f"axe-core not found at {AXE} (npm ci)")
    # Evaluated through the driver, which the Content-Security-Policy does not govern: the policy
    # refuses the inline <script> that add_script_tag would write into the page.
    page.evaluate(AXE.read_text())
    results = page.evaluate("async () => await axe.run()")
    return [v for v in map(_without_back_links, results["violations"]) if v["nodes"]]


def _without_back_links(violation: dict) -> dict:
    """Drop the one finding GOV.UK accepts: a back link before <main>, outside any landmark.

    The Design System places back links before <main> so the skip link skips them, and decided in
    2025 to keep it so (alphagov/govuk-frontend#6460); axe's `region` rule is a best practice.
    """
    if violation["id"] != "region":
        return violation
    nodes = [n for n in violation["nodes"] if n["target"] != [".govuk-back-link"]]
    return {**violation, "nodes": nodes}


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} {v['helpUrl']}")
        lines += [f"    {', '.join(node['target'])}: {node['html'][:160]}" for node in v["nodes"]]
    return "\n".join(lines)


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe found problems on {page.url}:\n{describe(violations)}"


@contextmanager
def launched_browser() -> Iterator:
    """Debian's chromium (never a downloaded browser), closed afterwards."""
    if not CHROMIUM.exists():
        unavailable(f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install -r requirements.txt)")
    # Playwright's sync API keeps an event loop on this thread; the test's own ORM calls (fixtures,
    # assertions) are still plain synchronous code, so Django's async-safety guard is lifted here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


PHONE_WIDTH = 390
DESKTOP_WIDTH = 1280


def page_overflow(page) -> int:
    """How many CSS pixels the page is wider than its window (0 when nothing scrolls sideways)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )


def assert_no_horizontal_scroll(page, url: str) -> None:
    """Load `url` at 1280 px and at 390 px wide and fail if either scrolls sideways."""
    for width in (DESKTOP_WIDTH, PHONE_WIDTH):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        overflow = page_overflow(page)
        assert overflow <= 0, f"{url} is {overflow} px wider than a {width} px window"
