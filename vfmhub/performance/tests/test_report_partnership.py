"""The partnership version for the regional board: each member's efficiency returns, Use of
Resources scores and the headline counts of its published report (never a draft); drafts of the
partnership's own report are its managers' alone."""

# The fixtures `built` and `published` come from test_report_data, imported by name.
# ruff: noqa: F401, F811

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from vfmhub.assessments import services as assessments
from vfmhub.assessments.models import AssessmentKind, RolledUpScore
from vfmhub.efficiency import services as efficiency
from vfmhub.frameworks.loader import load_frameworks
from vfmhub.frameworks.models import FrameworkVersion
from vfmhub.performance.models import ReportStatus
from vfmhub.performance.services import reports as services
from vfmhub.performance.tests.test_report_data import (
    QUARTER,
    YEAR,
    built,
    pdf_text,
    published,
)
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db


def url(personas, name: str, *args) -> str:
    return reverse(f"performance:partnership_{name}", args=[personas.partnership.pk, *args])


def start(personas):
    return services.report_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        year=YEAR,
        quarter=QUARTER,
    )


def publish(personas, report):
    manager = personas.partnership_manager
    services.report_sign_off_service(acting_user=manager, report=report)
    services.report_sign_off_director(acting_user=manager, report=report)
    return services.report_publish(acting_user=manager, report=report)


def test_it_shows_each_members_published_counts_and_never_a_draft(personas, published):
    services.report_create(
        acting_user=None, organisation=personas.org_c, year=YEAR, quarter=QUARTER
    )  # a member's draft: not for the partnership
    report = publish(personas, start(personas))

    rows = {row["name"]: row for row in report.snapshot["indicators"]}
    assert set(rows) == {
        "Ashby District Council",
        "Carrow Fire Authority",
        "Northmoor County Council",
    }
    ashby = rows["Ashby District Council"]
    assert ashby["published"] is True
    assert ashby["counts"]["total"]["text"] == "2"
    assert [(b["name"], b["count"]["text"]) for b in ashby["counts"]["bands"]] == [
        ("Green", "0"),
        ("Amber", "1"),
        ("Red", "1"),
    ]
    assert rows["Carrow Fire Authority"]["published"] is False
    text = pdf_text(bytes(report.published_pdf))
    assert "Amber 1, Red 1" in text and "No published report for the quarter." in text
    assert "Use of Resources" in text and "Key" in text


def test_a_partnership_draft_is_its_managers_alone(personas, built):
    report = start(personas)
    assert_access(
        personas,
        url(personas, "report", report.pk),
        allowed=["partnership_manager", "staff"],
        hidden=["partnership_viewer", "peer_reviewer", "manager", "viewer", "outsider"],
        ok=(200,),
    )
    listed = client_for(personas.partnership_viewer).get(url(personas, "reports"))
    assert report.title not in listed.content.decode()


def test_a_published_partnership_report_is_read_by_the_partnership(personas, built):
    report = publish(personas, start(personas))
    assert report.status == ReportStatus.PUBLISHED
    assert_access(
        personas,
        url(personas, "report", report.pk),
        allowed=["partnership_manager", "partnership_viewer", "peer_reviewer", "manager"],
        hidden=["outsider"],
        ok=(200,),
    )
    response = client_for(personas.partnership_viewer).get(url(personas, "report_xlsx", report.pk))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["NI 179", "Use of Resources", "Indicators", "Key"]


def test_only_partnership_managers_start_and_sign_off(personas, built):
    assert_access(
        personas,
        url(personas, "report_create"),
        method="post",
        data={"year": "2009", "quarter": "2"},
        allowed=["partnership_manager"],
        forbidden=["partnership_viewer", "peer_reviewer"],
        hidden=["outsider"],
    )
    report = personas.partnership.quarterly_reports.get()
    assert_access(
        personas,
        url(personas, "report_sign_off_service", report.pk),
        method="post",
        data={"note": ""},
        allowed=["partnership_manager"],
        forbidden=["partnership_viewer", "peer_reviewer"],
        hidden=["outsider"],
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SERVICE_SIGNED


def test_the_partnership_list_shows_members_published_reports(personas, published):
    page = client_for(personas.partnership_viewer).get(url(personas, "reports"))
    assert page.status_code == 200
    assert published.title in page.content.decode()


def efficiency_programme(personas):
    """Seed 003's shape: NI 179 for 2008/09 to 2010/11, 3% a year added, on 2007/08 baselines."""
    manager = personas.partnership_manager
    programme = efficiency.programme_create(
        acting_user=manager,
        partnership=personas.partnership,
        name="LAA NI 179 efficiency target",
        first_year=2008,
        last_year=2010,
        baseline_year=2007,
        method="added",
    )
    efficiency.programme_set_targets(
        acting_user=manager,
        programme=programme,
        percents={2008: Decimal(3), 2009: Decimal(3), 2010: Decimal("3.4")},
    )
    for organisation, baseline in ((personas.org_a, "10000000"), (personas.org_c, "25000000")):
        efficiency.participant_add(
            acting_user=manager, programme=programme, organisation=organisation
        )
        efficiency.baseline_save(
            acting_user=manager,
            programme=programme,
            organisation=organisation,
            amount=Decimal(baseline),
            year=2007,
        )
    return programme


def test_it_shows_each_members_submitted_ni179_return_and_not_a_draft(personas, built):
    programme = efficiency_programme(personas)
    submitted = efficiency.return_save(
        acting_user=personas.manager,
        programme=programme,
        organisation=personas.org_a,
        year=YEAR,
        kind="forecast",
        reported_value=Decimal("450000"),
        ratings={YEAR: "G"},
    )
    efficiency.return_submit(acting_user=personas.manager, efficiency_return=submitted)
    efficiency.return_save(  # Carrow's draft: not for the partnership
        acting_user=None,
        programme=programme,
        organisation=personas.org_c,
        year=YEAR,
        kind="forecast",
        reported_value=Decimal("999999"),
    )
    report = publish(personas, start(personas))

    ni179 = report.snapshot["ni179"]
    rows = {row["name"]: row for row in ni179["rows"]}
    ashby, carrow = rows["Ashby District Council"], rows["Carrow Fire Authority"]
    assert (ashby["forecast"]["text"], ashby["rating"]) == ("£450k", "Green")
    assert ashby["baseline"]["text"] == "£10,000k"
    assert ashby["forecast_percent"]["text"] == "4.5%"
    assert carrow["forecast"]["text"] == "–"
    assert ni179["forecast_total"]["text"] == "£450k"
    text = pdf_text(bytes(report.published_pdf))
    assert "LAA NI 179 efficiency target" in text and "£450k" in text and "£1,000k" not in text


def test_it_shows_each_members_latest_use_of_resources_scores(personas, built):
    load_frameworks()
    version = FrameworkVersion.objects.get(framework__code="use-of-resources", code="2008-09")
    audit = assessments.assessment_start(
        acting_user=personas.auditor,
        organisation=personas.org_a,
        version=version,
        year=2008,
        kind=AssessmentKind.AUDITOR,
    )
    rolled_up = RolledUpScore.objects.filter(assessment=audit, stage=audit.current_stage)
    for row in sorted(rolled_up, key=lambda r: r.theme_id is None):
        assessments.rolled_up_enter(acting_user=personas.auditor, rolled_up=row, value=3)
    assessments.assessment_finalise(
        acting_user=personas.auditor,
        assessment=audit,
        final_values={s.criterion_id: 3 for s in audit.scores.all()},
    )
    report = publish(personas, start(personas))

    uor = report.snapshot["use_of_resources"]
    assert uor["year"] == "2008/09" and uor["columns"][-1] == "Overall"
    cells = {row["name"]: row["cells"] for row in uor["rows"]}
    assert set(cells["Ashby District Council"]) == {"3"}
    assert set(cells["Carrow Fire Authority"]) == {"–"}
    text = pdf_text(bytes(report.published_pdf))
    assert uor["version"] in text and "Overall" in text


def test_the_organisations_report_shows_its_savings_against_target(personas, built):
    programme = efficiency_programme(personas)
    efficiency.gain_add(
        acting_user=personas.editor,
        programme=programme,
        organisation=personas.org_a,
        description="Shared revenues and benefits service",
        first_year=YEAR,
        gross_annual_value=Decimal("120000"),
    )
    report = services.report_create(
        acting_user=personas.manager, organisation=personas.org_a, year=YEAR, quarter=QUARTER
    )
    page = client_for(personas.viewer).get(
        reverse("performance:report", args=[personas.org_a.pk, report.pk])
    )
    text = page.content.decode()
    assert "LAA NI 179 efficiency target" in text
    assert "£120k" in text and "£600k" in text  # 6% (3% a year, added) of £10m


def test_the_partnership_list_runs_a_fixed_number_of_queries(
    personas, published, django_assert_num_queries
):
    client = client_for(personas.partnership_manager)
    for quarter in (1, 3):
        services.report_create(
            acting_user=None, partnership=personas.partnership, year=YEAR, quarter=quarter
        )
    # 1 session, 2 user, 3 the partnership, 4 the user's roles in it, 5 its reports,
    # 6 its members' published reports
    with django_assert_num_queries(6):
        response = client.get(url(personas, "reports"))
    assert response.content.decode().count("Improvement Northmoor quarterly report") == 2
    services.report_create(acting_user=None, partnership=personas.partnership, year=2010, quarter=1)
    with django_assert_num_queries(6):
        client.get(url(personas, "reports"))
