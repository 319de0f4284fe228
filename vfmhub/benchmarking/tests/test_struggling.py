"""Who may be struggling: each rule worked by hand, the ordering by signals of concern, what the
partnership may not see never used, the page, its downloads, its query count, access and hostile
input.

Seen on 15 November 2024 (the last quarter ended: Q2 2024-25). Members of the personas'
partnership: Northmoor County (E10000901), Ashby (org A, E07000901), Carrow Fire (no GSS code),
and Dunton (E07000911), added here.

    signal           Ashby                     Northmoor County       Dunton                Carrow
    score            3 then 2: ≤ 2, concern    4 then 3: fell,        3 then 4 (a          none
                                               concern                provisional 1 later
                                                                      is not seen)
    NI 179           Red (submitted): concern  Green                  Red, but a draft:     none
                                                                      not seen
    red, worsening   3 (approved): concern     0                      3, but not approved:  0
                                                                      0 seen
    reserves         10% (20% before): lowest  10% (10% before), no   30% (40% before: −25%  none
                     quarter and fell: concern other county           exactly, not more)
    council tax      80%: highest quarter:     50%, no other county   40%
                     concern

Reserves of the districts, 2017 (net revenue 100 each; D6 has net current expenditure only):
10 (Ashby), 30 (Dunton), 20, 25, 35, 40 → lower quartile 20 + 0.25 × 5 = 21.25, median 27.5.
Council tax requirement: 80, 40, 50, 55, 60 (D6: none) → upper quartile 60.
Order: Ashby (5 of concern), Northmoor County (1), then Carrow and Dunton (0) by name.
"""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from vfmhub.assessments.models import AssessmentStatus
from vfmhub.assessments.tests.test_dashboard_helpers import add_member, assess, uor_version
from vfmhub.benchmarking.models import AreaClass, ReferenceArea, ReferenceMeasure, ReferenceValue
from vfmhub.benchmarking.selectors.red_indicators import (
    red_and_worsening,
    red_and_worsening_counts,
)
from vfmhub.benchmarking.selectors.struggling import (
    COUNCIL_TAX,
    INDICATORS,
    NI179,
    RESERVES,
    SCORE,
    last_quarter_ended,
    reserves_ratio,
    struggling,
)
from vfmhub.benchmarking.tests.pages_data import make_source
from vfmhub.efficiency.models import EfficiencyProgramme, EfficiencyReturn, ReturnRating
from vfmhub.frameworks.loader import load_frameworks
from vfmhub.organisations.models import Organisation
from vfmhub.performance.models import RagRuleVersion
from vfmhub.performance.tests.test_scorecard import (
    BANDS,
    make_indicator,
    make_target,
    make_value,
)
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 11, 15)
READERS = ["manager", "viewer", "partnership_manager", "partnership_viewer", "staff"]
ASHBY, DUNTON, COUNTY = "E07000901", "E07000911", "E10000901"
OTHERS = ["E07000912", "E07000913", "E07000914", "E07000915"]
# code: (unallocated, earmarked, net revenue, council tax, reserves the year before)
OUTTURN = {
    ASHBY: (5, 5, 100, 80, 20),
    DUNTON: (10, 20, 100, 40, 40),
    "E07000912": (10, 10, 100, 50, 20),
    "E07000913": (20, 5, 100, 55, 25),
    "E07000914": (30, 5, 100, 60, 35),
    COUNTY: (50, 50, 1000, 500, 100),
}


def _outturn():
    source = make_source()
    for code, area_class in [(c, AreaClass.DISTRICT) for c in [ASHBY, DUNTON, *OTHERS]] + [
        (COUNTY, AreaClass.COUNTY)
    ]:
        ReferenceArea.objects.create(gss_code=code, name=code, area_class=area_class)
    measures = {
        name: ReferenceMeasure.objects.create(
            code=f"outturn.{name}", title=name, group="Revenue outturn", unit="£ thousand"
        )
        for name in (
            "reserves_unallocated_end",
            "reserves_earmarked_end",
            "net_revenue",
            "net_current",
            "council_tax_requirement",
        )
    }
    rows = []

    def add(name, code, year, value):
        rows.append(
            ReferenceValue(
                measure=measures[name], gss_code=code, year=year, value=value, source=source
            )
        )

    for code, (unallocated, earmarked, net, tax, before) in OUTTURN.items():
        add("reserves_unallocated_end", code, 2017, unallocated)
        add("reserves_earmarked_end", code, 2017, earmarked)
        add("net_revenue", code, 2017, net)
        add("council_tax_requirement", code, 2017, tax)
        add("reserves_unallocated_end", code, 2016, before)
        add("net_revenue", code, 2016, net)
    # D6: net current expenditure only, so its reserves count against that, and no council tax.
    add("reserves_unallocated_end", "E07000915", 2017, 40)
    add("net_current", "E07000915", 2017, 100)
    ReferenceValue.objects.bulk_create(rows)


def _red_and_worsening(org, count, status):
    for n in range(count):
        indicator = make_indicator(f"{org.pk}-{n}")
        make_target(indicator, org, 2024, 2, 100)
        make_value(indicator, org, 2024, 1, 90, status=status)
        make_value(indicator, org, 2024, 2, 80, status=status)


def _ni179(partnership, org, rating, status):
    programme, _ = EfficiencyProgramme.objects.get_or_create(
        partnership=partnership,
        name="NI 179",
        defaults={"baseline_year": 2007, "first_year": 2008, "last_year": 2010, "method": "added"},
    )
    ret = EfficiencyReturn.objects.create(
        programme=programme,
        organisation=org,
        year=2009,
        kind="forecast",
        status=status,
        submitted_at=timezone.now() if status == "submitted" else None,
    )
    ReturnRating.objects.create(efficiency_return=ret, year=2009, rating=rating)


@pytest.fixture
def scenario(personas, clock_at):
    clock_at(TODAY)
    load_frameworks()
    version = uor_version()
    partnership = personas.partnership
    county = Organisation.objects.get(name="Northmoor County Council")
    dunton = add_member(partnership, "Dunton District Council", joined=datetime.date(2008, 4, 1))
    dunton.gss_code = DUNTON
    dunton.save()
    for org, first, second in ((personas.org_a, 3, 2), (county, 4, 3), (dunton, 3, 4)):
        assess(org, version, year=2008, overall=first)
        assess(org, version, year=2009, overall=second)
    assess(dunton, version, year=2010, status=AssessmentStatus.PROVISIONAL, overall=1)
    _ni179(partnership, personas.org_a, "R", "submitted")
    _ni179(partnership, county, "G", "submitted")
    _ni179(partnership, dunton, "R", "draft")
    _red_and_worsening(personas.org_a, 3, "approved")
    _red_and_worsening(dunton, 3, "final")
    _outturn()
    return {"county": county, "dunton": dunton}


def found(personas):
    result = struggling(personas.partnership, today=TODAY)
    return result, {m.organisation.name: {s.key: s for s in m.signals} for m in result.members}


def test_it_sorts_by_signals_of_concern_then_by_name(personas, scenario):
    result, _ = found(personas)
    assert [(m.organisation.name, m.concerns) for m in result.members] == [
        ("Ashby District Council", 5),
        ("Northmoor County Council", 1),
        ("Carrow Fire Authority", 0),
        ("Dunton District Council", 0),
    ]
    assert result.outturn_year == 2017 and result.quarter == (2024, 2)


def test_the_score_rule(personas, scenario):
    _, signals = found(personas)
    ashby = signals["Ashby District Council"][SCORE]
    assert ashby.concern is True and ashby.figure.startswith("2 (")
    assert ashby.comparison == "Class median 3 of 2 published scores"  # Ashby 2, Dunton 4
    assert signals["Northmoor County Council"][SCORE].concern is True  # fell from 4 to 3
    dunton = signals["Dunton District Council"][SCORE]
    assert dunton.concern is False and dunton.figure.startswith("4 (")  # the provisional 1 unseen
    assert signals["Carrow Fire Authority"][SCORE].concern is None


def test_the_ni179_rule(personas, scenario):
    _, signals = found(personas)
    assert signals["Ashby District Council"][NI179].concern is True
    assert signals["Ashby District Council"][NI179].figure == "Red for 2009/10"
    assert signals["Northmoor County Council"][NI179].concern is False
    assert signals["Dunton District Council"][NI179].concern is None  # a draft is not seen
    assert "Red for 1 of the 2 members" in signals["Ashby District Council"][NI179].comparison


def test_the_indicators_rule_counts_only_published_values(personas, scenario):
    _, signals = found(personas)
    assert signals["Ashby District Council"][INDICATORS].figure == "3"
    assert signals["Ashby District Council"][INDICATORS].concern is True
    assert signals["Dunton District Council"][INDICATORS].figure == "0"  # not approved
    assert signals["Dunton District Council"][INDICATORS].concern is False


def test_the_reserves_rule(personas, scenario):
    _, signals = found(personas)
    ashby = signals["Ashby District Council"][RESERVES]
    assert ashby.concern is True
    assert ashby.figure == "10.0% (2017/18); 20.0% the year before"
    assert ashby.comparison.startswith(
        "Shire districts: median 27.5%, lower quartile 21.3%, percentile 0 (6 bodies)"
    )
    dunton = signals["Dunton District Council"][RESERVES]
    assert dunton.concern is False  # fell by exactly a quarter: not more
    county = signals["Northmoor County Council"][RESERVES]
    assert county.concern is False and county.comparison == "No other county councils with figures"
    assert signals["Carrow Fire Authority"][RESERVES].concern is None


def test_reserves_count_against_net_current_expenditure_without_net_revenue(personas, scenario):
    figures = {
        ("outturn.reserves_unallocated_end", "X", 2017): Decimal(40),
        ("outturn.net_current", "X", 2017): Decimal(200),
    }
    assert reserves_ratio(figures, "X", 2017) == Decimal("0.2")


def test_the_council_tax_rule(personas, scenario):
    _, signals = found(personas)
    ashby = signals["Ashby District Council"][COUNCIL_TAX]
    assert ashby.concern is True and ashby.figure == "80.0% (2017/18)"
    assert "upper quartile 60.0%" in ashby.comparison
    assert signals["Dunton District Council"][COUNCIL_TAX].concern is False


def test_last_quarter_ended():
    assert last_quarter_ended(datetime.date(2024, 11, 15)) == (2024, 2)
    assert last_quarter_ended(datetime.date(2024, 4, 1)) == (2023, 4)
    assert last_quarter_ended(datetime.date(2025, 2, 1)) == (2024, 3)


# -- the page ----------------------------------------------------------------------------------


def url(personas, **query):
    address = reverse("benchmarking:partnership_struggling", args=[personas.partnership.pk])
    if query:
        address += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return address


def test_the_page_shows_each_signal_with_its_rule_and_no_composite_score(personas, scenario):
    text = client_for(personas.partnership_viewer).get(url(personas)).text
    assert 'data-testid="rules"' in text and "lowest quarter" in text
    assert text.index(f'data-member="{personas.org_a.pk}"') < text.index(
        f'data-member="{scenario["dunton"].pk}"'
    )
    assert text.count('data-concern="yes"') == 6  # Ashby's five and the county's score
    assert "5 of 5" in text and "There is no overall score" in text


def test_it_downloads_the_table_as_csv_and_xlsx(personas, scenario):
    client = client_for(personas.partnership_viewer)
    rows = list(
        csv.reader(io.StringIO(client.get(url(personas, export="csv")).content.decode("utf-8-sig")))
    )
    assert rows[0][:4] == [
        "Member",
        "Signals of concern",
        "Signals with a figure",
        "Use of Resources / VFM score",
    ]
    assert [row[:2] for row in rows[1:]] == [
        ["Ashby District Council", "5"],
        ["Northmoor County Council", "1"],
        ["Carrow Fire Authority", "0"],
        ["Dunton District Council", "0"],
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url(personas, export="xlsx")).content))
    assert sheet.active.max_row == 5 and sheet.active.cell(2, 2).value == 5


# 1 session, 2 user, 3 partnership with the user's reach, 4 the user's roles, 5 members,
# 6 members' final overall scores, 7 published scores of the same years, 8 NI 179 ratings,
# 9 members' published indicator values, 10 their targets, 11 the RAG rules, 12 the indicators,
# 13 the latest outturn year, 14 the outturn figures, 15 the areas' classes: none per member.
PAGE_QUERIES = 15


def test_the_page_takes_a_fixed_number_of_queries(personas, scenario, django_assert_num_queries):
    client = client_for(personas.partnership_viewer)
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(url(personas)).status_code == 200


def _more_members(personas, codes):
    """A member per GSS code with every signal: a score, a submitted NI 179 return, three red
    and worsening published indicators."""
    version = uor_version()
    added = []
    for n, code in enumerate(codes):
        org = add_member(personas.partnership, f"Extra {n} District Council")
        org.gss_code = code
        org.save()
        assess(org, version, year=2009, overall=2)
        _ni179(personas.partnership, org, "A", "submitted")
        _red_and_worsening(org, 3, "approved")
        added.append(org)
    return added


def test_the_query_count_does_not_grow_with_the_members(
    personas, scenario, django_assert_num_queries
):
    _more_members(personas, OTHERS)
    client = client_for(personas.partnership_viewer)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(url(personas))
    assert response.status_code == 200
    assert len(struggling(personas.partnership, today=TODAY).members) == 8


def _monthly_and_halves(extra):
    """A monthly indicator summed to quarters and a half-yearly one, for each of `extra`."""
    monthly = make_indicator("monthly", frequency="month", rollup="sum")
    halves = make_indicator("halves", frequency="half-year")
    for org in extra:
        for year, months in (
            (2023, [10, 10, 10, 10, 10, 10, 10, 10, 10, 40, 40, 40]),
            (2024, [30, 30, 30, 20, 20, 20]),
        ):
            for index, value in enumerate(months, start=1):
                make_value(monthly, org, year, index, value)
        make_target(halves, org, 2024, 1, 100)
        for index in (4, 5, 6):  # Q2 2024 by month: 60 against 90
            make_target(monthly, org, 2024, index, 30)
        for index in (1, 2, 3):  # Q1 2024: 90 against 105, and 120 in Q4 2023 (last year)
            make_target(monthly, org, 2024, index, 35)
        make_value(halves, org, 2023, 1, 95)
        make_value(halves, org, 2023, 2, 90)
        make_value(halves, org, 2024, 1, 80)


def test_the_bulk_count_matches_each_members_own_scorecard(personas, scenario):
    """`red_and_worsening_counts` (all members at once) against `red_and_worsening` (each
    member's scorecard), on indicators of every kind: quarterly red and worsening, red but
    improving, lower-is-better, yearly, a rule changed from a later year, values not approved."""
    county, dunton = scenario["county"], scenario["dunton"]
    extra = _more_members(personas, OTHERS[:2])
    improving = make_indicator("improving")
    lower = make_indicator("lower", polarity="lower")
    yearly = make_indicator("yearly", frequency="year")
    later = make_indicator("later")
    RagRuleVersion.objects.create(
        indicator=later,
        version=2,
        method="absolute",
        bands=[BANDS[0], BANDS[2]],
        applies_from=2025,
    )
    for org in (county, *extra):
        make_target(improving, org, 2024, 2, 100)
        make_value(improving, org, 2024, 1, 70)
        make_value(improving, org, 2024, 2, 80)
        make_target(lower, org, 2024, 2, 10)
        make_value(lower, org, 2024, 1, 15)
        make_value(lower, org, 2024, 2, 20)
        make_target(yearly, org, 2023, 1, 100)
        make_value(yearly, org, 2022, 1, 90)
        make_value(yearly, org, 2023, 1, 50)
        make_target(later, org, 2024, 2, 100)
        make_value(later, org, 2024, 1, 90)
        make_value(later, org, 2024, 2, 80, status="provisional" if org == county else "approved")
    _monthly_and_halves(extra)
    members = [personas.org_a, county, dunton, *extra]
    for year, quarter in [(2024, 1), (2024, 3), (2024, 4), (2025, 1)]:
        assert red_and_worsening_counts(members, year, quarter) == {
            m.pk: red_and_worsening(m, year, quarter) for m in members
        }, (year, quarter)
    # At Q1 2024: monthly (needing last year's Q4) and yearly (2023 against 2022).
    assert red_and_worsening_counts(extra, 2024, 1) == {m.pk: 2 for m in extra}
    bulk = red_and_worsening_counts(members, 2024, 2)
    assert bulk == {m.pk: red_and_worsening(m, 2024, 2) for m in members}
    # Ashby 3; the county: lower and yearly (its `later` value is not approved); Dunton none
    # approved; the extras: 3 of their own plus lower, yearly, later, monthly (Q2 60 against
    # Q1 90 and a target of 90) and halves (H1 80 against H2 90, target 100).
    assert [bulk[m.pk] for m in members] == [3, 2, 0, 8, 8]
    assert red_and_worsening_counts([], 2024, 2) == {}


def test_readers_of_the_partnership_see_it_and_an_outsider_does_not(personas, scenario):
    assert_access(personas, url(personas), allowed=READERS, hidden=["outsider"], ok=(200,))


@pytest.mark.parametrize("query", ["export=pdf", "export=", "x=%00"])
def test_hostile_input_never_gives_a_500(personas, scenario, query):
    response = client_for(personas.partnership_viewer).get(url(personas) + "?" + query)
    assert response.status_code in (200, 404)


def test_the_api_gives_the_same_signals(personas, scenario, django_assert_max_num_queries):
    client = client_for(personas.partnership_viewer)
    address = f"/api/v1/benchmarking/partnerships/{personas.partnership.pk}/struggling"
    with django_assert_max_num_queries(PAGE_QUERIES):
        body = client.get(address).json()
    assert [m["concerns"] for m in body["members"]] == [5, 1, 0, 0]
    first = body["members"][0]["signals"]
    assert [s["key"] for s in first] == [SCORE, NI179, INDICATORS, RESERVES, COUNCIL_TAX]
    assert all(s["concern"] is True and s["rule"] for s in first)
    assert client_for(personas.outsider).get(address).status_code == 404
