"""An indicator's page: access, definition and rule, the trend chart with its table, comparator
areas, commentary with its history, value history, approved-only values for partnership users,
hostile parameters and the query count pinned."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from vfmhub.performance.models import Commentary, EnteredForecast, IndicatorValue
from vfmhub.performance.tests.test_scorecard import (
    READERS,
    TODAY,
    make_indicator,
    make_target,
    make_value,
)
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(personas, clock_at):
    clock_at(TODAY)
    org = personas.org_a
    found = make_indicator("NI 192", title="Household waste recycled", data_type="percent")
    make_value(found, org, 2023, 2, 41)
    make_value(found, org, 2024, 1, 43)
    first = make_value(found, org, 2024, 2, 30, status="final", is_current=False)
    make_value(
        found,
        org,
        2024,
        2,
        38,
        status="provisional",
        version=2,
        reason="Tonnage corrected",
        entered_by=personas.editor,
    )
    first.refresh_from_db()
    for index in (1, 2):
        make_target(found, org, 2024, index, 45)
    for code, name, value in (
        ("E92000001", "England", 42),
        ("E12000006", "East of England", 44),
        ("E10000901", "Northmoor", 47),
        ("E12000001", "North East", 99),  # another region: not a comparator of Ashby
    ):
        IndicatorValue.objects.create(
            indicator=found,
            organisation=None,
            area_code=code,
            area_name=name,
            frequency="quarter",
            year=2024,
            period_index=1,
            value=value,
            status="approved",
        )
    for text in ("First thoughts on Q2.", "Bins collected late in August."):
        Commentary.objects.create(
            indicator=found,
            organisation=org,
            frequency="quarter",
            year=2024,
            period_index=2,
            what_happened=text,
            written_at=datetime.datetime(2024, 10, 1 + len(text) % 5, tzinfo=datetime.UTC),
        )
    EnteredForecast.objects.create(indicator=found, organisation=org, year=2024, value=44)
    return found


def url(org, indicator, **query):
    base = reverse("performance:indicator", args=[org.pk, indicator.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_it_is_read_by_everyone_who_may_read_the_organisation(personas, indicator):
    assert_access(personas, url(personas.org_a, indicator), allowed=READERS, hidden=["outsider"])


def test_another_organisations_local_indicator_is_not_found(personas, indicator):
    local = make_indicator("B1", owner=personas.org_b)
    response = client_for(personas.viewer).get(url(personas.org_a, local))
    assert response.status_code == 404


def test_it_shows_definition_rule_chart_and_its_table(personas, indicator):
    text = client_for(personas.viewer).get(url(personas.org_a, indicator)).text
    assert "Higher" in text or "higher" in text
    assert "Version 1, for every year" in text and "Off target" in text
    assert "<svg" in text and "<title" in text and 'role="img"' in text
    assert 'data-testid="trend"' in text
    trend = text[text.index('data-testid="trend"') :]
    trend = trend[: trend.index("</table>")]
    assert "Q2 2023/24" in trend and "41.0%" in trend and "38.0%" in trend and "45.0%" in trend
    assert "Worsening" in trend  # 43 to 38 where higher is better


def test_it_shows_the_forecast_marked_as_one_and_year_to_date(personas, indicator):
    text = client_for(personas.viewer).get(url(personas.org_a, indicator)).text
    block = text[text.index('data-testid="at-quarter"') :]
    block = block[: block.index("</dl>")]
    assert "44.0%" in block and "Forecast" in block and "entered by an officer" in block
    assert "Year to date" in block


def test_it_shows_comparators_of_the_organisations_own_areas(personas, indicator):
    text = client_for(personas.viewer).get(url(personas.org_a, indicator)).text
    table = text[text.index('data-testid="comparators"') :]
    table = table[: table.index("</table>")]
    assert "England" in table and "East of England" in table and "Northmoor County Council" in table
    assert "42.0%" in table and "44.0%" in table and "47.0%" in table and "43.0%" in table
    assert "99.0%" not in table


def test_it_shows_commentary_with_its_history_and_every_version_of_a_value(personas, indicator):
    text = client_for(personas.viewer).get(url(personas.org_a, indicator)).text
    assert "Earlier commentary for Q2 2024/25 (1)" in text
    history = text[text.index('data-testid="history"') :]
    assert "Tonnage corrected" in history and "editor@example.org" in history
    assert "Corrected" in history and "30.0" in history


def test_partnership_users_see_only_approved_values_and_their_commentary(personas, indicator):
    text = client_for(personas.partnership_viewer).get(url(personas.org_a, indicator)).text
    assert "38.0%" not in text and "Tonnage corrected" not in text
    assert "43.0%" in text  # Q1 is approved
    assert "Bins collected late" not in text  # Q2's value is not approved, so neither is its note
    staff_text = client_for(personas.viewer).get(url(personas.org_a, indicator)).text
    assert "Bins collected late" in staff_text


@pytest.mark.parametrize(
    "query", [{"year": "99999999", "quarter": "9"}, {"year": "x", "quarter": "é"}]
)
def test_hostile_parameters_give_the_default(personas, indicator, query):
    response = client_for(personas.viewer).get(url(personas.org_a, indicator, **query))
    assert response.status_code == 200
    assert "At Q2 2024/25" in response.text


def test_an_indicator_with_nothing_yet_shows_the_page(personas, clock_at):
    clock_at(TODAY)
    empty = make_indicator("E1")
    response = client_for(personas.viewer).get(url(personas.org_a, empty))
    assert response.status_code == 200
    assert "No values or targets yet." in response.text


@pytest.mark.parametrize("extra", [0, 40])
def test_the_query_count_is_fixed(personas, indicator, django_assert_num_queries, extra):
    org = personas.org_a
    for year in range(2020, 2024):
        for index in range(1, 5):
            if extra:
                make_value(indicator, org, year, index, 40, status="approved") if (
                    year,
                    index,
                ) not in ((2023, 2),) else None
    for i in range(extra):
        Commentary.objects.create(
            indicator=indicator,
            organisation=org,
            frequency="quarter",
            year=2024,
            period_index=1,
            what_happened=f"Note {i}",
        )
    client = client_for(personas.viewer)
    # session, user, the organisation, its auditor assignments, the indicator, value history,
    # scorecard (values, targets, rules, commentary, forecasts, indicators), rule versions,
    # trend (values, targets, rules), comparators, commentary
    with django_assert_num_queries(18):
        response = client.get(url(org, indicator))
    assert response.status_code == 200


@pytest.mark.parametrize("ids", [(2**70, 1), (1, 2**70), (0, 0)])
def test_ids_beyond_any_record_are_not_found(personas, indicator, ids):
    org_pk = personas.org_a.pk if ids[0] == 1 else ids[0]
    pk = indicator.pk if ids[1] == 1 else ids[1]
    response = client_for(personas.viewer).get(reverse("performance:indicator", args=[org_pk, pk]))
    assert response.status_code == 404


def test_the_trend_table_downloads(personas, indicator):
    response = client_for(personas.partnership_viewer).get(
        url(personas.org_a, indicator, export="xlsx")
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Period"
    labels = [row[0] for row in rows[1:]]
    assert "Q1 2024/25" in labels and "Q2 2024/25" in labels
    q2 = rows[1 + labels.index("Q2 2024/25")]
    assert q2[1] is None and q2[5] == "No value"  # not approved: not shown to a partnership


def test_editors_get_links_to_enter_figures_and_viewers_do_not(personas, indicator):
    enter = reverse("performance:value_enter", args=[personas.org_a.pk, indicator.pk])
    assert enter in client_for(personas.editor).get(url(personas.org_a, indicator)).text
    assert enter not in client_for(personas.viewer).get(url(personas.org_a, indicator)).text
