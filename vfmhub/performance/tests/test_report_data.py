"""Shared data for the quarterly report tests (imported by the test_report* modules).

Figures are small and made up, in the shape of a district council's Q2 2009/10 pack (West
Berkshire's 2024 integrated report is the model): one quarterly waste indicator (red, with a
commentary), one annual recycling indicator, a revenue line overspending, a capital scheme, a
council plan naming the waste indicator, a corporate risk rated up during the quarter and an
improvement plan with actions by status.
"""

import datetime
import os
import shutil
import subprocess
from decimal import Decimal

import pytest

from vfmhub.performance.calculations import Tolerance, default_rule
from vfmhub.performance.models import (
    CapitalForecast,
    CapitalScheme,
    Commentary,
    CouncilPlan,
    Deliverable,
    Indicator,
    IndicatorValue,
    OutcomeMeasure,
    PlanAction,
    Priority,
    RagRuleVersion,
    RevenueForecast,
    RevenueLine,
    Target,
    ValueStatus,
)
from vfmhub.performance.services import reports as services
from vfmhub.plans.models import Action, ActionStatus, Plan, PlanItem
from vfmhub.programme.services.risks import register_create, risk_create, risk_rerate

YEAR, QUARTER = 2009, 2
IN_Q1 = datetime.date(2009, 5, 15)
IN_Q2 = datetime.date(2009, 8, 20)
AFTER_Q2 = datetime.date(2009, 10, 12)


def pdf_text(content: bytes) -> str:
    """The PDF's text, with poppler's pdftotext where installed."""
    if shutil.which("pdftotext") is None:
        # CI installs poppler-utils, so there a missing tool is a failure, not a skip.
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext (poppler-utils) is not installed")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


def _rule(indicator: Indicator) -> None:
    rule = default_rule(Decimal(5), Tolerance.PERCENT)
    bands = [
        {
            "key": b.key,
            "name": b.name,
            "colour": b.colour,
            "limit": None if b.limit is None else str(b.limit),
        }
        for b in rule.bands
    ]
    RagRuleVersion.objects.create(indicator=indicator, version=1, method="percent", bands=bands)


def value(indicator, organisation, frequency, year, index, amount) -> IndicatorValue:
    return IndicatorValue.objects.create(
        indicator=indicator,
        organisation=organisation,
        frequency=frequency,
        year=year,
        period_index=index,
        value=Decimal(amount),
        status=ValueStatus.APPROVED,
    )


def correct(old: IndicatorValue, amount: str) -> IndicatorValue:
    """A correction: a new current version, the old one kept."""
    old.is_current = False
    old.save()
    return IndicatorValue.objects.create(
        indicator=old.indicator,
        organisation=old.organisation,
        frequency=old.frequency,
        year=old.year,
        period_index=old.period_index,
        value=Decimal(amount),
        status=old.status,
        version=old.version + 1,
        reason="Recount",
    )


def _indicators(org) -> dict:
    waste = Indicator.objects.create(
        code="NI 191",
        title="Residual household waste per household",
        data_type="number",
        unit="kg",
        polarity="lower",
        decimal_places=0,
        frequency="quarter",
        rollup="sum",
    )
    recycling = Indicator.objects.create(
        code="NI 192",
        title="Household waste reused, recycled and composted",
        data_type="percent",
        polarity="higher",
        decimal_places=1,
        frequency="year",
        rollup="last",
    )
    for indicator in (waste, recycling):
        _rule(indicator)
    value(waste, org, "quarter", YEAR, 1, "160")
    value(waste, org, "quarter", YEAR, 2, "150")
    Target.objects.create(
        indicator=waste,
        organisation=org,
        frequency="quarter",
        year=YEAR,
        period_index=2,
        value=Decimal(140),
    )
    Commentary.objects.create(
        indicator=waste,
        organisation=org,
        frequency="quarter",
        year=YEAR,
        period_index=2,
        what_happened="Garden waste tonnage rose after the wet summer.",
        what_is_being_done="Doorstep campaign in September.",
    )
    recycled = value(recycling, org, "year", YEAR - 1, 1, "38.4")
    Target.objects.create(
        indicator=recycling,
        organisation=org,
        frequency="year",
        year=YEAR - 1,
        period_index=1,
        value=Decimal(40),
    )
    return {"waste": waste, "recycling": recycling, "recycled": recycled}


def _finance(org) -> None:
    line = RevenueLine.objects.create(
        organisation=org, year=YEAR, service="Adult social care", budget=Decimal("1000000")
    )
    RevenueForecast.objects.create(
        line=line, quarter=2, actual_to_date=Decimal("520000"), forecast_outturn=Decimal("1040000")
    )
    scheme = CapitalScheme.objects.create(
        organisation=org, year=YEAR, name="Depot rebuild", budget=Decimal("500000")
    )
    CapitalForecast.objects.create(
        scheme=scheme, quarter=2, spend_to_date=Decimal("120000"), forecast=Decimal("450000")
    )


def _council_plan(org, waste) -> None:
    plan = CouncilPlan.objects.create(
        organisation=org, title="Council Plan 2009-12", first_year=2009, last_year=2011
    )
    priority = Priority.objects.create(plan=plan, title="Cleaner and Greener (CG1)")
    deliverable = Deliverable.objects.create(priority=priority, title="Cut waste to landfill")
    OutcomeMeasure.objects.create(deliverable=deliverable, indicator=waste)
    PlanAction.objects.create(
        deliverable=deliverable,
        title="Roll out food waste collections",
        completion_text="31 March 2010",
        lead_officer="Head of Waste",
        status="on_track",
    )


def _risks(org, clock_at) -> None:
    clock_at(IN_Q1)
    register = register_create(acting_user=None, name="Corporate risk register", organisation=org)
    risk = risk_create(
        acting_user=None,
        register=register,
        title="Landfill tax rises faster than budgeted",
        current_likelihood=1,
        current_impact=2,
        owner="Director of Finance",
    )
    clock_at(IN_Q2)
    risk_rerate(acting_user=None, risk=risk, likelihood=3, impact=3, note="Budget pressure")
    risk_create(
        acting_user=None,
        register=register,
        title="Depot rebuild overruns",
        current_likelihood=2,
        current_impact=2,
    )


def _improvement(org) -> None:
    plan = Plan.objects.create(organisation=org, title="Use of Resources improvement plan")
    item = PlanItem.objects.create(plan=plan, text="Data quality arrangements")
    for status, n in ((ActionStatus.COMPLETED, 2), (ActionStatus.IN_PROGRESS, 1)):
        for i in range(n):
            Action.objects.create(
                item=item,
                description=f"Action {status} {i}",
                status=status,
                target_date=datetime.date(2009, 6, 30),
            )


@pytest.fixture
def built(personas, clock_at):
    """Organisation A's figures for Q2 2009/10; the clock a fortnight after the quarter."""
    org = personas.org_a
    found = _indicators(org)
    _finance(org)
    _council_plan(org, found["waste"])
    _risks(org, clock_at)
    _improvement(org)
    clock_at(AFTER_Q2)
    return found


@pytest.fixture
def published(personas, built):
    """Organisation A's Q2 report, signed off and published."""
    manager = personas.manager
    report = services.report_create(
        acting_user=manager, organisation=personas.org_a, year=YEAR, quarter=QUARTER
    )
    services.report_sign_off_service(acting_user=manager, report=report, note="Checked")
    services.report_sign_off_director(acting_user=manager, report=report, note="Agreed")
    return services.report_publish(acting_user=manager, report=report)
