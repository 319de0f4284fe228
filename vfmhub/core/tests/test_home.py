"""The home page: what is due for the signed-in person, from every registered module."""

import datetime
import re

import pytest
from django.urls import reverse

from vfmhub.core import worklist
from vfmhub.core.worklist import DueWork
from vfmhub.lib import clock

pytestmark = pytest.mark.django_db


@pytest.fixture
def providers(monkeypatch):
    """Replace the registered providers with the test's own for the length of one test."""
    registered: list = []
    monkeypatch.setattr(worklist, "_due_work_providers", registered)
    return registered


def due_section(body: str) -> str:
    found = re.search(r'data-testid="what-is-due">(.*?)</section>', body, re.S)
    assert found is not None
    return found.group(1)


def test_it_shows_each_providers_lines_grouped_urgent_first(personas, as_user, providers):
    seen = []

    def plans(user, today):
        seen.append((user, today))
        return [
            DueWork("Improvement plans", "actions due this month", 4, "/plans/mine/?due=month"),
            DueWork("Improvement plans", "actions overdue", 2, "/plans/mine/?due=late", True),
        ]

    def programme(user, today):
        return [DueWork("Programme", "risks due for review", 3, "/programme/risks/due/")]

    worklist.register_due_work(programme)
    worklist.register_due_work(plans)

    section = due_section(as_user(personas.editor).get(reverse("core:home")).content.decode())

    assert seen[0][0] == personas.editor and isinstance(seen[0][1], datetime.date)
    texts = re.findall(r'<a class="govuk-link" href="([^"]+)">([^<]+)</a>', section)
    assert texts == [
        ("/plans/mine/?due=late", "2 actions overdue"),
        ("/plans/mine/?due=month", "4 actions due this month"),
        ("/programme/risks/due/", "3 risks due for review"),
    ]
    headings = re.findall(r"<h3[^>]*>([^<]+)</h3>", section)
    assert headings == ["Improvement plans", "Programme"]
    assert section.count('<strong class="govuk-tag govuk-tag--red">Overdue</strong>') == 1
    assert "Nothing is due" not in section


def test_it_asks_providers_with_todays_local_date(personas, as_user, providers, settings):
    dates = []

    def provider(user, today):
        dates.append(today)
        return []

    worklist.register_due_work(provider)
    as_user(personas.viewer).get(reverse("core:home"))

    assert dates == [clock.today()]


def test_it_hides_lines_with_nothing_to_count(personas, as_user, providers):
    worklist.register_due_work(
        lambda user, today: [
            DueWork("Efficiency returns", "returns late", 0, "/late/", True),
            DueWork("Efficiency returns", "returns due", 1, "/due/"),
        ]
    )
    section = due_section(as_user(personas.manager).get(reverse("core:home")).content.decode())
    assert "returns late" not in section
    assert "Overdue" not in section
    assert '<a class="govuk-link" href="/due/">1 returns due</a>' in section


def test_it_says_when_nothing_is_due(personas, as_user, providers):
    worklist.register_due_work(lambda user, today: [DueWork("Plans", "actions overdue", 0, "/")])
    section = due_section(as_user(personas.outsider).get(reverse("core:home")).content.decode())
    assert "Nothing is due." in section
    assert "<h3" not in section


def test_it_shows_what_is_due_before_the_lists(personas, as_user, providers):
    body = as_user(personas.viewer).get(reverse("core:home")).content.decode()
    assert body.index("What is due") < body.index("Your organisations")
    assert "Ashby District Council" in body  # the lists stay
