"""My indicators to update: which periods are due (the one just ended and any earlier one of
this year without a value), for the organisations where the user edits; the page, its links and
its query count."""

import csv
import datetime
import io

import pytest
from django.urls import NoReverseMatch, reverse

from vfmhub.organisations.models import OrganisationMembership, OrganisationRole
from vfmhub.performance.calculations import Frequency, Period
from vfmhub.performance.selectors.pages import due_periods, indicators_due
from vfmhub.performance.tests.test_scorecard import (
    TODAY,
    make_indicator,
    make_target,
    make_value,
)
from vfmhub.testing import client_for

pytestmark = pytest.mark.django_db
URL = reverse("performance:due")


@pytest.mark.parametrize(
    ("frequency", "day", "expected"),
    [
        ("quarter", datetime.date(2024, 11, 15), ["Q1 2024/25", "Q2 2024/25"]),
        ("quarter", datetime.date(2024, 4, 2), ["Q4 2023/24"]),
        ("month", datetime.date(2024, 6, 30), ["April 2024", "May 2024"]),
        ("half-year", datetime.date(2024, 11, 15), ["H1 2024/25"]),
        ("year", datetime.date(2024, 11, 15), ["2023/24"]),
        ("year", datetime.date(2025, 3, 31), ["2023/24"]),
    ],
)
def test_the_periods_due(frequency, day, expected):
    assert [p.label for p in due_periods(Frequency(frequency), day)] == expected


@pytest.fixture
def officer_work(personas, clock_at):
    clock_at(TODAY)  # 15 November 2024
    return build_officer_work(personas)


def build_officer_work(personas):
    org = personas.org_a
    quarterly = make_indicator("Q", owner=org)
    make_value(quarterly, org, 2024, 1, 12)  # Q2 due
    monthly = make_indicator("M", frequency="month")
    for index in (1, 2, 3, 4, 6):  # April to July, September: August overdue, October due
        make_value(monthly, org, 2024, index, index)
    national_with_target = make_indicator("T", frequency="year")
    make_target(national_with_target, org, 2024, 1, 10)  # 2023/24 due
    done = make_indicator("D")
    make_value(done, org, 2024, 1, 1)
    make_value(done, org, 2024, 2, 2)
    other = make_indicator("B", owner=personas.org_b)  # another organisation's
    make_value(other, personas.org_b, 2024, 1, 1)
    return {"quarterly": quarterly, "monthly": monthly}


def test_it_lists_what_is_due_at_the_organisations_the_user_edits(personas, officer_work):
    due = indicators_due(personas.editor, TODAY)
    assert [(d.indicator.code, d.period.label, d.overdue) for d in due] == [
        ("M", "August 2024", True),
        ("M", "October 2024", False),
        ("Q", "Q2 2024/25", False),
        ("T", "2023/24", False),
    ]
    quarterly = next(d for d in due if d.indicator.code == "Q")
    assert quarterly.last_period == Period(Frequency.QUARTER, 2024, 1)
    assert quarterly.last_value_text == "12.0"
    assert indicators_due(personas.viewer, TODAY) == []  # a viewer enters nothing
    assert [d.indicator.code for d in indicators_due(personas.outsider, TODAY)] == ["B"]


def test_an_indicator_no_longer_valid_is_not_due(personas, officer_work):
    officer_work["quarterly"].valid_to = 2023
    officer_work["quarterly"].save()
    assert "Q" not in {d.indicator.code for d in indicators_due(personas.editor, TODAY)}


def test_the_page_lists_them_with_links(personas, officer_work):
    response = client_for(personas.manager).get(URL)
    assert response.status_code == 200
    text = response.text
    assert "4 values due" in text and "Overdue" in text
    overview = reverse(
        "performance:indicator", args=[personas.org_a.pk, officer_work["monthly"].pk]
    )
    assert overview in text
    try:
        enter = reverse(
            "performance:value_enter", args=[personas.org_a.pk, officer_work["monthly"].pk]
        )
    except NoReverseMatch:  # the entry pages are another part's
        enter = None
    if enter:
        assert f'href="{enter}"' in text


def test_the_page_for_one_organisation_and_for_a_user_with_nothing_due(personas, officer_work):
    OrganisationMembership.objects.create(
        user=personas.editor, organisation=personas.org_b, role=OrganisationRole.EDITOR
    )
    text = client_for(personas.editor).get(f"{URL}?organisation={personas.org_b.pk}").text
    assert 'data-code="B"' in text and 'data-code="Q"' not in text
    for junk in ("x", "99999999999999999999", str(personas.org_c.pk)):
        response = client_for(personas.editor).get(f"{URL}?organisation={junk}")
        assert response.status_code == 200 and 'data-code="Q"' in response.text
    assert "Nothing is due." in client_for(personas.viewer).get(URL).text


@pytest.mark.parametrize("extra", [0, 25])
def test_the_query_count_is_fixed(personas, officer_work, extra, django_assert_num_queries):
    for i in range(extra):
        indicator = make_indicator(f"X{i:02}", owner=personas.org_a, frequency="month")
        make_value(indicator, personas.org_a, 2024, 1, i)
    client = client_for(personas.editor)
    # session, user, memberships (for the choice), memberships, values, targets, indicators
    with django_assert_num_queries(7):
        response = client.get(URL)
    assert (
        response.text.count('<tr class="govuk-table__row" data-code') == 4 + extra * 6
    )  # May to October


def test_the_list_downloads(personas, officer_work):
    response = client_for(personas.editor).get(f"{URL}?export=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Organisation", "Code", "Indicator", "Period due"]
    assert [(row[1], row[3], row[4]) for row in rows[1:]] == [
        ("M", "August 2024", "Yes"),
        ("M", "October 2024", "No"),
        ("Q", "Q2 2024/25", "No"),
        ("T", "2023/24", "No"),
    ]
    assert client_for(personas.editor).get(f"{URL}?export=doc").status_code == 404
