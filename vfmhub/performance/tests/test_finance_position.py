"""The finance position selector: the latest forecast at or before the quarter, variance and its
RAG by the table of bands, totals, capital slippage, efficiency savings beside, a fixed number of
queries, and 404 to anyone but the organisation's own users."""

from decimal import Decimal

import pytest
from django.http import Http404

from vfmhub.efficiency import services as efficiency_services
from vfmhub.performance.access import performance_for_user
from vfmhub.performance.selectors.finance import (
    VARIANCE_BANDS,
    finance_position,
    variance_rag,
)
from vfmhub.performance.services import finance as services
from vfmhub.performance.tests.test_finance_services import (
    YEAR,
    add_forecast,
    add_line,
    add_scheme,
)


def _position(personas, quarter=2, year=YEAR, user=None):
    access = performance_for_user(user or personas.viewer, personas.org_a.pk)
    return finance_position(access, year=year, quarter=quarter)


@pytest.mark.parametrize(
    "percent, rag",
    [
        ("0", "green"),
        ("1", "green"),
        ("1.1", "amber"),
        ("3", "amber"),
        ("3.1", "red"),
        ("-5", "green"),
        ("-5.1", "amber"),
        (None, "none"),
    ],
)
def test_it_rates_the_variance_by_the_bands(percent, rag):
    assert variance_rag(Decimal(percent) if percent else None) == rag


def test_the_bands_cover_every_percentage_once():
    for percent in ("-100", "-5", "-4.9", "0", "1", "2", "3", "50"):
        assert sum(band.holds(Decimal(percent)) for band in VARIANCE_BANDS) == 1


def test_it_shows_the_latest_forecast_at_or_before_the_quarter(personas):
    waste = add_line(personas)
    add_forecast(personas, waste, 1, "2510000")
    add_forecast(personas, waste, 3, "2700000")
    at_q2 = _position(personas, quarter=2).revenue[0]
    assert (at_q2.forecast_outturn, at_q2.forecast_quarter) == (Decimal("2510000"), 1)
    assert at_q2.variance == Decimal("10000") and at_q2.variance_percent == Decimal("0.4")
    assert at_q2.rag == "green"
    at_q3 = _position(personas, quarter=3).revenue[0]
    assert (at_q3.variance, at_q3.variance_percent, at_q3.rag) == (
        Decimal("200000"),
        Decimal("8.0"),
        "red",
    )


def test_it_totals_the_revenue_counting_lines_without_forecast_at_budget(personas):
    waste = add_line(personas)
    parking = add_line(personas, "Car parking", "-1200000")
    add_line(personas, "Finance", "900000")
    add_forecast(personas, waste, 2, "2620000", "1240000")
    add_forecast(personas, parking, 2, "-1100000", "-560000")
    totals = _position(personas).revenue_totals
    assert totals.budget == Decimal("2200000")
    assert totals.forecast == Decimal("2420000")
    assert totals.variance == Decimal("220000")
    assert totals.to_date == Decimal("680000")
    assert totals.without_forecast == 1
    assert totals.variance_percent == Decimal("10.0") and totals.rag == "red"
    parking_row = next(r for r in _position(personas).revenue if r.service == "Car parking")
    assert parking_row.variance == Decimal("100000")  # less income than budgeted: overspend


def test_it_shows_capital_spend_forecast_and_slippage(personas):
    roof = add_scheme(personas)
    add_scheme(personas, "Play areas", "80000")
    services.capital_quarter_set(
        acting_user=personas.editor,
        scheme=roof,
        quarter=2,
        spend_to_date=Decimal("450000"),
        forecast=Decimal("1000000"),
    )
    position = _position(personas)
    by_name = {c.name: c for c in position.capital}
    assert by_name["Leisure centre roof"].slippage == Decimal("200000")
    assert by_name["Play areas"].forecast is None
    assert position.capital_totals.slippage == Decimal("200000")
    assert position.capital_totals.to_date == Decimal("450000")
    assert position.capital_totals.without_forecast == 1


def join_programme(personas):
    """Seed 003's NI 179 programme (3%, 3%, 3.4% added, 2008/09 to 2010/11), org A in it with
    a baseline of £10m."""
    programme = efficiency_services.programme_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        name="NI 179 target",
        first_year=2008,
        last_year=2010,
        baseline_year=2007,
        method="added",
    )
    efficiency_services.programme_set_targets(
        acting_user=personas.partnership_manager,
        programme=programme,
        percents={2008: Decimal(3), 2009: Decimal(3), 2010: Decimal("3.4")},
    )
    efficiency_services.participant_add(
        acting_user=personas.partnership_manager,
        programme=programme,
        organisation=personas.org_a,
    )
    efficiency_services.baseline_save(
        acting_user=personas.partnership_manager,
        programme=programme,
        organisation=personas.org_a,
        amount=Decimal("10000000"),
        year=2007,
    )
    return programme


def test_it_shows_the_efficiency_savings_beside(personas):
    programme = join_programme(personas)
    for value, cash in (("100000", True), ("50000", False)):
        efficiency_services.gain_add(
            acting_user=personas.editor,
            programme=programme,
            organisation=personas.org_a,
            description=f"Gain {value}",
            first_year=2008,
            gross_annual_value=Decimal(value),
            is_cash_releasing=cash,
        )
    savings = _position(personas, year=2009).savings
    assert savings is not None
    assert savings.recorded == Decimal("100000")  # cash-releasing only
    assert savings.target == Decimal("600000.00")  # 3% + 3% of £10m
    assert _position(personas, year=2011).savings is None


def test_it_reads_in_a_fixed_number_of_queries(personas, django_assert_num_queries):
    def build(n):
        for i in range(n):
            line = add_line(personas, f"Service {n}-{i}", "1000")
            add_forecast(personas, line, 1, "1001")
            scheme = add_scheme(personas, f"Scheme {n}-{i}", "500")
            services.capital_quarter_set(
                acting_user=personas.editor,
                scheme=scheme,
                quarter=1,
                spend_to_date=Decimal(1),
                forecast=Decimal(2),
            )

    access = performance_for_user(personas.viewer, personas.org_a.pk)
    build(1)
    # revenue lines, their forecasts, schemes, their quarters, efficiency programmes
    with django_assert_num_queries(5):
        finance_position(access, year=YEAR, quarter=2)
    build(5)
    with django_assert_num_queries(5):
        position = finance_position(access, year=YEAR, quarter=2)
    assert len(position.revenue) == 6 and len(position.capital) == 6


@pytest.mark.parametrize("name", ["auditor", "partnership_manager", "partnership_viewer"])
def test_it_is_not_found_for_those_outside_the_organisation(personas, name):
    access = performance_for_user(personas.user(name), personas.org_a.pk)
    with pytest.raises(Http404):
        finance_position(access, year=YEAR, quarter=1)
