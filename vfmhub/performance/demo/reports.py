"""Generator step: the demo council's integrated quarterly reports.

A draft for the reporting quarter (the last quarter ended) and, for the quarter before it, a
published report with its three sign-offs (service, director, publication): its frozen snapshot,
page and PDF made by the app's report builder (`services.reports.report_snapshot`,
`exporting.report`) from the figures as the council's own managers see them, exactly as
publishing makes them, but written directly (generated rows record no history).
"""

import datetime
import json

from vfmhub.demo.generator import DemoContext, create_missing, demo_step
from vfmhub.demo.personas import ACCOUNT
from vfmhub.organisations.access import OrganisationAccess
from vfmhub.performance.access import PerformanceAccess
from vfmhub.performance.calculations import Period
from vfmhub.performance.demo.values import entered_at, reporting_quarter
from vfmhub.performance.exporting.report import report_body, report_pdf
from vfmhub.performance.models import QuarterlyReport, ReportStatus, SignOff
from vfmhub.performance.services.reports import report_snapshot

REPORT_KEY = ["organisation_id", "year", "quarter"]


def report_title(period: Period) -> str:
    return f"Integrated finance and performance report, {period.label}"


@demo_step(order=790, label="Quarterly reports", models=(QuarterlyReport, SignOff))
def quarterly_reports(ctx: DemoContext) -> None:
    home = ctx.home
    last = reporting_quarter()
    author = ctx.users.get(ACCOUNT["editor"].email)
    draft = QuarterlyReport(
        organisation=home,
        year=last.year,
        quarter=last.index,
        title=report_title(last),
        created_by=author,
    )
    create_missing(QuarterlyReport, [draft], REPORT_KEY)
    previous = last.previous()
    if QuarterlyReport.objects.filter(
        organisation=home, year=previous.year, quarter=previous.index
    ).exists():
        return
    people = [ctx.users.get(ACCOUNT[key].email) for key in ("editor", "manager", "manager")]
    _publish(home, previous, people)


def _publish(home, period: Period, people: list) -> None:
    """The previous quarter's report, published a month and a half after the quarter ended."""
    published_at = entered_at(period) + datetime.timedelta(weeks=3)
    report = QuarterlyReport(
        organisation=home,
        year=period.year,
        quarter=period.index,
        title=report_title(period),
        created_by=people[0],
        created_at=published_at - datetime.timedelta(weeks=4),
    )
    access = PerformanceAccess(OrganisationAccess(organisation=home, is_staff=True))
    frozen = json.loads(json.dumps(report_snapshot(report, access, as_at=published_at.date())))
    body = report_body(frozen)
    report.snapshot = frozen
    report.published_html = body
    report.published_pdf = report_pdf(frozen, body)
    report.published_at = published_at
    report.published_by = people[-1]
    report.status = ReportStatus.PUBLISHED
    report.save()
    SignOff.objects.bulk_create(sign_off_steps(report, people, published_at))


def sign_off_steps(report: QuarterlyReport, people: list, when: datetime.datetime) -> list:
    """The three steps from draft to published, a week apart, ending at `when`."""
    path = [
        ReportStatus.DRAFT,
        ReportStatus.SERVICE_SIGNED,
        ReportStatus.DIRECTOR_SIGNED,
        ReportStatus.PUBLISHED,
    ]
    week = datetime.timedelta(weeks=1)
    return [
        SignOff(
            report=report,
            from_status=before,
            to_status=after,
            signed_by=person,
            signed_at=when - week * (2 - n),
        )
        for n, (before, after, person) in enumerate(zip(path, path[1:], people, strict=False))
    ]
