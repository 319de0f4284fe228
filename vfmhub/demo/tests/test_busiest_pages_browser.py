"""The ten busiest pages, on the demo data, fit a desktop window and a phone and pass axe.

"Busiest" is where users spend their week: the home page, my actions, the plan table and its
progress, a body's efficiency page and the partnership dashboard, the assessments dashboard, and the
programme page with its projects and a risk register.
"""

import pytest

from vfmhub.core.browser import assert_accessible, assert_no_horizontal_scroll, sign_in
from vfmhub.demo.generator import generate
from vfmhub.demo.personas import ACCOUNT, DEMO_PASSWORD
from vfmhub.efficiency.models import EfficiencyProgramme
from vfmhub.frameworks.loader import load_frameworks
from vfmhub.organisations.models import OrganisationMembership, Partnership
from vfmhub.performance.definitions.loader import load_indicators
from vfmhub.performance.models import CouncilPlan, Indicator, QuarterlyReport, ReportStatus
from vfmhub.plans.models import Plan
from vfmhub.programme.models import RiskRegister

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _busiest_pages() -> dict[str, list[str]]:
    """The pages, by the demo persona who uses them."""
    home = OrganisationMembership.objects.get(user__email=ACCOUNT["manager"].email).organisation
    plan = Plan.objects.filter(organisation=home).earliest("pk")
    partnership = Partnership.objects.get()
    programme = EfficiencyProgramme.objects.filter(partnership=partnership).earliest("pk")
    register = RiskRegister.objects.filter(partnership=partnership).earliest("pk")
    indicator = Indicator.objects.filter(owner=home).earliest("code")
    council_plan = CouncilPlan.objects.filter(organisation=home).earliest("pk")
    report = QuarterlyReport.objects.get(organisation=home, status=ReportStatus.PUBLISHED)
    performance = f"/organisations/{home.pk}/performance/"
    return {
        "manager": [
            "/",
            "/my-actions/",
            f"/plans/{plan.pk}/",
            f"/plans/{plan.pk}/progress/",
            f"/efficiency/{programme.pk}/bodies/{home.pk}/",
            performance,
            f"{performance}indicators/{indicator.pk}/",
            f"{performance}plan/{council_plan.pk}/",
            f"{performance}finance/",
            f"{performance}reports/{report.pk}/",
        ],
        "partnership_manager": [
            f"/efficiency/{programme.pk}/dashboard/",
            f"/partnerships/{partnership.pk}/assessments/dashboard/",
            f"/partnerships/{partnership.pk}/programme/",
            f"/partnerships/{partnership.pk}/projects/",
            f"/partnerships/{partnership.pk}/risk-registers/{register.pk}/",
        ],
    }


def test_the_busiest_pages_fit_1280_and_390_pixels_and_pass_axe(page, live_server):
    load_frameworks()
    load_indicators()
    generate(scale="demo")
    checked = 0
    for persona, urls in _busiest_pages().items():
        page.context.clear_cookies()
        sign_in(page, live_server, ACCOUNT[persona].email, DEMO_PASSWORD)
        for url in urls:
            assert_no_horizontal_scroll(page, live_server.url + url)
            assert page.get_by_role("heading", level=1).is_visible(), url
            assert_accessible(page)
            checked += 1

    assert checked == 15
