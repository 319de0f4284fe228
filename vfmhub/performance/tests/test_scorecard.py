"""The organisation's performance page: access, what each row shows, the summary counts, the
filters, priority groups, downloads, hostile parameters and the query count pinned.

The helpers at the top build indicators, values, targets, rules and plans directly; the other
scorecard, indicator page and due tests import them."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from vfmhub.performance.models import (
    Commentary,
    CouncilPlan,
    Deliverable,
    Indicator,
    IndicatorValue,
    OutcomeMeasure,
    Priority,
    RagRuleVersion,
    Target,
)
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 11, 15)  # the latest quarter ended: Q2 2024/25
BANDS = [
    {"key": "green", "name": "On target", "colour": "#00703c", "limit": "0"},
    {"key": "amber", "name": "Near target", "colour": "#f47738", "limit": "5"},
    {"key": "red", "name": "Off target", "colour": "#d4351c", "limit": None},
]
READERS = ["manager", "editor", "viewer", "staff", "auditor", "partnership_viewer"]


def make_indicator(code, *, owner=None, frequency="quarter", polarity="higher", **fields):
    fields.setdefault("title", f"Indicator {code}")
    indicator = Indicator.objects.create(
        code=code, owner=owner, frequency=frequency, polarity=polarity, **fields
    )
    RagRuleVersion.objects.create(indicator=indicator, version=1, method="absolute", bands=BANDS)
    return indicator


def make_value(indicator, org, year, index, value, *, frequency=None, status="approved", **f):
    return IndicatorValue.objects.create(
        indicator=indicator,
        organisation=org,
        frequency=frequency or indicator.frequency,
        year=year,
        period_index=index,
        value=Decimal(str(value)),
        status=status,
        **f,
    )


def make_target(indicator, org, year, index, value, *, frequency=None):
    return Target.objects.create(
        indicator=indicator,
        organisation=org,
        frequency=frequency or indicator.frequency,
        year=year,
        period_index=index,
        value=Decimal(str(value)),
    )


def make_plan(org, titles, *, first_year=2023, last_year=2026):
    plan = CouncilPlan.objects.create(
        organisation=org, title="Council Plan", first_year=first_year, last_year=last_year
    )
    priorities = [
        Priority.objects.create(plan=plan, position=i, title=title)
        for i, title in enumerate(titles, 1)
    ]
    return plan, priorities


def link(priority, indicator):
    deliverable = Deliverable.objects.create(priority=priority, title=f"Deliver {indicator.code}")
    return OutcomeMeasure.objects.create(deliverable=deliverable, indicator=indicator)


@pytest.fixture
def today(clock_at):
    clock_at(TODAY)
    return TODAY


@pytest.fixture
def card(personas, today):
    return build_card(personas)


def build_card(personas):
    """Ashby's indicators at Q2 2024/25: green improving, red worsening without commentary
    (provisional), a local one amber with commentary, one linked to a priority."""
    org = personas.org_a
    green = make_indicator("G1", unit="tonnes")
    red = make_indicator("R1", data_type="percent")
    amber = make_indicator("L1", owner=org, title="Calls answered")
    for indicator, values, target in (
        (green, (90, 100), 100),
        (red, (80, 70), 100),
        (amber, (90, 97), 100),
    ):
        make_value(indicator, org, 2024, 1, values[0])
        make_value(
            indicator,
            org,
            2024,
            2,
            values[1],
            status="provisional" if indicator is red else "approved",
        )
        make_target(indicator, org, 2024, 2, target)
    Commentary.objects.create(
        indicator=amber,
        organisation=org,
        frequency="quarter",
        year=2024,
        period_index=2,
        what_happened="=HYPERLINK(1) Fewer staff in the summer.",
    )
    _, (homes, _) = make_plan(org, ["Good homes", "Clean streets"])
    link(homes, green)
    return {"green": green, "red": red, "amber": amber, "homes": homes}


def url(org, **query):
    base = reverse("performance:scorecard", args=[org.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def rows_of(response):
    return [code for code in ("G1", "R1", "L1") if f'data-code="{code}"' in response.text]


def test_it_is_read_by_everyone_who_may_read_the_organisation(personas, card):
    assert_access(personas, url(personas.org_a), allowed=READERS, hidden=["outsider"])


def test_it_shows_each_row_with_band_name_direction_words_and_unit(personas, card):
    response = client_for(personas.viewer).get(url(personas.org_a))
    assert response.status_code == 200
    text = response.text
    assert "Performance: Q2 2024/25" in text
    assert "100.0 tonnes" in text and "70.0%" in text
    assert "On target" in text and "Off target" in text and "Near target" in text
    assert 'Improving<span class="govuk-visually-hidden"> against the previous period' in text
    assert "Worsening" in text
    assert "Needs commentary" in text
    assert "Fewer staff in the summer." in text
    assert "Key to the symbols" in text


def test_it_groups_indicators_by_priority_and_puts_the_rest_under_other(personas, card):
    text = client_for(personas.viewer).get(url(personas.org_a)).text
    homes, other = text.index("Good homes</caption>"), text.index("Other indicators</caption>")
    assert homes < text.index('data-code="G1"') < other < text.index('data-code="R1"')
    assert "Clean streets</caption>" not in text  # a priority with no indicator has no table


def test_it_counts_bands_directions_and_missing_commentary(personas, card, today):
    from vfmhub.performance.access import performance_for_user
    from vfmhub.performance.selectors.pages import ScorecardFilters, scorecard_page

    access = performance_for_user(personas.viewer, personas.org_a.pk)
    page = scorecard_page(access, year=2024, quarter=2, filters=ScorecardFilters())
    assert page.counts.bands == {"green": 1, "red": 1, "amber": 1}
    assert (page.counts.improving, page.counts.worsening) == (2, 1)
    assert page.counts.needing_commentary == 1
    red = next(line for line in page.lines if line.indicator.code == "R1")
    assert red.reported.needs_commentary
    assert red.reported.band is not None and red.reported.band.key == "red"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"band": "red"}, ["R1"]),
        ({"band": "none"}, []),
        ({"direction": "improving"}, ["G1", "L1"]),
        ({"owner": "local"}, ["L1"]),
        ({"owner": "national"}, ["G1", "R1"]),
        ({"band": "amber", "owner": "national"}, []),
    ],
)
def test_it_filters(personas, card, query, expected):
    response = client_for(personas.viewer).get(url(personas.org_a, **query))
    assert rows_of(response) == expected


def test_it_filters_by_priority(personas, card):
    homes = card["homes"]
    response = client_for(personas.viewer).get(url(personas.org_a, priority=homes.pk))
    assert rows_of(response) == ["G1"]
    response = client_for(personas.viewer).get(url(personas.org_a, priority="other"))
    assert rows_of(response) == ["R1", "L1"]


def test_partnership_users_see_only_approved_values(personas, card):
    for name in ("partnership_viewer", "auditor"):
        text = client_for(personas.user(name)).get(url(personas.org_a)).text
        assert "70.0%" not in text  # R1's Q2 value is provisional
        assert "You see only values approved for publication." in text
        assert "100.0 tonnes" in text
    assert "70.0%" in client_for(personas.viewer).get(url(personas.org_a)).text


def test_the_download_holds_exactly_the_filtered_rows(personas, card):
    response = client_for(personas.viewer).get(url(personas.org_a, owner="local", export="csv"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Code", "Indicator", "Priority"]
    assert [row[0] for row in rows[1:]] == ["L1"]
    assert rows[1][8] == "Near target"
    assert rows[1][-1].startswith("'=HYPERLINK")  # a formula is neutralised


def test_the_xlsx_download_holds_the_filtered_rows(personas, card):
    response = client_for(personas.viewer).get(url(personas.org_a, band="red", export="xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["R1"]
    assert rows[1][5] == Decimal("70.0") or rows[1][5] == 70


def test_a_partnership_users_download_leaves_out_values_not_approved(personas, card):
    response = client_for(personas.partnership_viewer).get(url(personas.org_a, export="csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    red = next(row for row in rows if row[0] == "R1")
    assert red[5] == "" and red[14] == "No value"


@pytest.mark.parametrize(
    "query",
    [
        {"year": "99999999", "quarter": "9"},
        {"year": "junk", "quarter": "-1"},
        {"year": "1e9", "quarter": "", "band": "x" * 5000},
        {"direction": "sideways", "owner": "martian", "priority": "'; drop table"},
        {"year": "2024", "quarter": "2", "export": "pdf"},
    ],
)
def test_hostile_parameters_give_the_default_or_404_never_500(personas, card, query):
    response = client_for(personas.viewer).get(url(personas.org_a, **query))
    if query.get("export"):
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert "Performance: Q2 2024/25" in response.text


def test_it_shows_the_quarter_asked_for(personas, card):
    response = client_for(personas.viewer).get(url(personas.org_a, year=2024, quarter=1))
    assert "Performance: Q1 2024/25" in response.text
    assert "90.0 tonnes" in response.text


def make_many(personas, count):
    org = personas.org_a
    _, (homes,) = make_plan(org, ["Good homes"])
    for i in range(count):
        indicator = make_indicator(f"M{i:03}", frequency="month" if i % 2 else "quarter")
        for index in (1, 2, 3, 4, 5, 6):
            if indicator.frequency == "month" or index <= 2:
                make_value(indicator, org, 2024, index, 10 + i)
        make_target(indicator, org, 2024, 2, 12, frequency="quarter")
        if i % 3 == 0:
            link(homes, indicator)
        Commentary.objects.create(
            indicator=indicator,
            organisation=org,
            frequency="quarter",
            year=2024,
            period_index=2,
            what_happened="Noted.",
        )


@pytest.mark.parametrize("count", [3, 30])
def test_the_query_count_is_fixed_whatever_the_number_of_indicators(
    personas, today, count, django_assert_num_queries
):
    make_many(personas, count)
    client = client_for(personas.viewer)
    # session, user, the organisation with the user's role, its auditor assignments, values,
    # targets, rules, commentary, entered forecasts, indicators, the priorities of the plans
    with django_assert_num_queries(11):
        response = client.get(url(personas.org_a))
    assert response.text.count("data-code=") == count  # each under its one group
    assert "Good homes</caption>" in response.text and "Other indicators</caption>" in response.text


def test_a_monthly_indicator_is_shown_as_the_quarter_rolled_up(personas, today):
    org = personas.org_a
    monthly = make_indicator("MON", frequency="month", rollup="sum", unit="calls", decimal_places=0)
    for index, value in ((4, 10), (5, 20), (6, 30)):  # July, August, September 2024
        make_value(monthly, org, 2024, index, value)
    make_target(monthly, org, 2024, 2, 50, frequency="quarter")
    text = client_for(personas.viewer).get(url(org)).text
    row = text[text.index('data-code="MON"') :]
    row = row[: row.index("</tr>")]
    assert "Q2 2024/25" in row and "(rolled up)" in row
    assert "60 calls" in row and "50 calls" in row and "On target" in row


def test_a_yearly_figure_published_late_finds_its_commentary(personas, today):
    """A red yearly value two years back (the latest published) with its commentary is not
    flagged as needing one (the commentary was looked for in this year and last only)."""
    org = personas.org_a
    yearly = make_indicator("Y1", frequency="year")
    make_value(yearly, org, 2022, 1, 50)
    make_target(yearly, org, 2022, 1, 100)
    response = client_for(personas.viewer).get(url(org))
    row = response.text[response.text.index('data-code="Y1"') :]
    assert (
        "2022/23" in row[: row.index("</tr>")] and "Needs commentary" in row[: row.index("</tr>")]
    )
    Commentary.objects.create(
        indicator=yearly, organisation=org, frequency="year", year=2022, what_happened="Late."
    )
    row = client_for(personas.viewer).get(url(org)).text
    row = row[row.index('data-code="Y1"') :]
    assert "Needs commentary" not in row[: row.index("</tr>")] and "Late." in row
