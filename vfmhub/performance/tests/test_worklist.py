"""The home page's "What is due" lines for indicator values: overdue (urgent) and due, per
organisation the user edits, linking to "My indicators to update"."""

import pytest
from django.urls import reverse

from vfmhub.core.worklist import due_work_for_user
from vfmhub.performance.tests.test_due import build_officer_work
from vfmhub.performance.tests.test_scorecard import TODAY
from vfmhub.performance.worklist import GROUP, performance_due_work
from vfmhub.testing import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_work(personas, clock_at):
    clock_at(TODAY)
    return build_officer_work(personas)


def test_it_counts_overdue_and_due_values_per_organisation(personas, officer_work):
    lines = performance_due_work(personas.editor, TODAY)
    url = f"{reverse('performance:due')}?organisation={personas.org_a.pk}"
    assert [(line.label, line.count, line.urgent, line.url) for line in lines] == [
        ("indicator value overdue: Ashby District Council", 1, True, url),
        ("indicator values due: Ashby District Council", 3, False, url),
    ]


def test_it_is_registered_and_says_nothing_to_those_who_enter_nothing(personas, officer_work):
    mine = [line for line in due_work_for_user(personas.editor, TODAY) if line.group == GROUP]
    assert len(mine) == 2
    assert not [line for line in due_work_for_user(personas.viewer, TODAY) if line.group == GROUP]
    assert not performance_due_work(personas.partnership_manager, TODAY)


def test_the_home_page_shows_the_lines(personas, officer_work):
    text = client_for(personas.editor).get("/").text
    assert "indicator values due: Ashby District Council" in text


def test_the_query_count_is_fixed(personas, officer_work, django_assert_num_queries):
    # memberships, values, targets, indicators
    with django_assert_num_queries(4):
        performance_due_work(personas.editor, TODAY)
