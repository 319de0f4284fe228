"""The home page's "What is due" against the demo data, for every demo sign-in.

Generic over whatever modules register: every line the registry gives appears on the page with its
count and link, and nothing else does. One count is also worked out here from the data itself, the
way a person would check it: the improvement plan actions overdue for their responsible officer.
"""

import re
from html import unescape

import pytest
from django.urls import reverse

from vfmhub.accounts.models import User
from vfmhub.core.worklist import due_work_for_user
from vfmhub.demo.generator import generate
from vfmhub.demo.personas import FIXED_ACCOUNTS
from vfmhub.frameworks.loader import load_frameworks
from vfmhub.lib import clock
from vfmhub.plans.models import Action, ActionStatus

pytestmark = pytest.mark.django_db

PLANS_GROUP = "Improvement plans"


@pytest.fixture
def demo_data():
    load_frameworks()
    generate(scale="demo")


def due_section(body: str) -> str:
    found = re.search(r'data-testid="what-is-due">(.*?)</section>', body, re.S)
    assert found is not None
    return found.group(1)


def overdue_actions(user, today) -> int:
    return (
        Action.objects.filter(officer_user=user, target_date__lt=today)
        .exclude(status__in=[ActionStatus.COMPLETED, ActionStatus.DEFERRED])
        .count()
    )


def test_every_demo_sign_in_sees_what_is_due_with_true_counts(client, demo_data):
    today = clock.today()
    shown_anywhere = 0
    overdue_somewhere = 0
    for account in FIXED_ACCOUNTS:
        user = User.objects.get(email=account.email)
        client.force_login(user)
        section = due_section(client.get(reverse("core:home")).content.decode())
        lines = due_work_for_user(user, today)

        links = [
            (unescape(href), unescape(text))
            for href, text in re.findall(
                r'<a class="govuk-link" href="([^"]+)">([^<]+)</a>', section
            )
        ]
        groups = list(dict.fromkeys(line.group for line in lines))  # the page groups by module
        in_page_order = [line for group in groups for line in lines if line.group == group]
        assert links == [(line.url, f"{line.count} {line.label}") for line in in_page_order], (
            account.key
        )
        assert section.count("govuk-tag--red") == sum(line.urgent for line in lines)
        assert ("Nothing is due." in section) == (not lines)
        shown_anywhere += len(lines)

        expected = overdue_actions(user, today)
        plan_overdue = [
            line for line in lines if line.group == PLANS_GROUP and "overdue" in line.label
        ]
        assert [line.count for line in plan_overdue] == ([expected] if expected else []), (
            account.key
        )
        overdue_somewhere += expected
    assert shown_anywhere > 0, "no demo sign-in has anything due: the check would prove nothing"
    assert overdue_somewhere > 0, "no demo officer has an overdue action to count"
