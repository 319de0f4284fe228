"""The quarterly report pages: an organisation's (or a partnership's) reports, starting one for a
quarter, the report itself (a draft built live from today's figures under a "Draft" banner; a
published one exactly as it was published), its workflow steps, and its PDF and XLSX.

Every fetch goes through the access layer: an organisation's drafts are 404 to everyone but its
own users; a partnership's drafts to everyone but its managers.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from vfmhub.core.exports import XLSX_TYPE, export_response
from vfmhub.core.form_pages import save_form_page
from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.access import Need
from vfmhub.performance import access as performance_access
from vfmhub.performance.exporting import report as exporting
from vfmhub.performance.forms.reports import ReportCreateForm, SendBackForm, StepForm
from vfmhub.performance.models import QuarterlyReport, ReportStatus
from vfmhub.performance.selectors import reports as selectors
from vfmhub.performance.services import reports as services

ORGANISATION, PARTNERSHIP = "organisation", "partnership"
PREFIX = {ORGANISATION: "", PARTNERSHIP: "partnership_"}


@dataclass(frozen=True)
class Owner:
    """The organisation or partnership whose reports a page shows, as the user reaches it."""

    kind: str
    pk: int
    name: str
    access: Any  # PerformanceAccess or PartnershipAccess
    can_manage: bool
    can_create: bool

    def url(self, name: str, *args: Any) -> str:
        return reverse(f"performance:{PREFIX[self.kind]}{name}", args=[self.pk, *args])

    @property
    def reports_url(self) -> str:
        return self.url("reports")

    @property
    def create_url(self) -> str:
        return self.url("report_create")

    def report(self, pk: Any) -> QuarterlyReport:
        if self.kind == PARTNERSHIP:
            return performance_access.partnership_report_of(self.access, pk)
        return performance_access.report_of(self.access, pk)


def owner_for(request, kind: str, pk: Any, need: Need = Need.READ) -> Owner:
    if kind == PARTNERSHIP:
        found = performance_access.partnership_performance_for_user(request.user, pk, need=need)
        partnership = found.partnership
        manage = found.can_manage
        return Owner(kind, partnership.pk, partnership.name, found, manage, manage)
    access = performance_access.performance_for_user(request.user, pk, need=need)
    organisation = access.organisation
    return Owner(
        kind, organisation.pk, organisation.name, access, access.can_manage, access.can_edit
    )


def _rows(owner: Owner):
    if owner.kind == PARTNERSHIP:
        return selectors.partnership_reports(owner.access)
    return selectors.organisation_reports(owner.access)


@login_required
def report_list(request, pk: int, kind: str = ORGANISATION) -> HttpResponse:
    owner = owner_for(request, kind, pk)
    reports = list(_rows(owner))
    if "export" in request.GET:
        return export_response(
            request.GET["export"],
            filename=f"{owner.name} quarterly reports",
            headers=["Title", "Year", "Quarter", "Status", "Published"],
            rows=[
                [
                    r.title,
                    financial_year_label(r.year),
                    r.quarter,
                    r.get_status_display(),
                    r.published_at.date() if r.published_at else "",
                ]
                for r in reports
            ],
        )
    members = []
    if kind == PARTNERSHIP:
        members = list(selectors.member_published_reports(owner.access))
    context = {"owner": owner, "reports": reports, "member_reports": members}
    return render(request, "performance/reports/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request, pk: int, kind: str = ORGANISATION) -> HttpResponse:
    need = Need.MANAGE if kind == PARTNERSHIP else Need.EDIT
    owner = owner_for(request, kind, pk, need)
    form = ReportCreateForm(request.POST or None)

    def save(data: dict[str, Any]) -> QuarterlyReport:
        return services.report_create(
            acting_user=request.user,
            year=data["year"],
            quarter=data["quarter"],
            title=data["title"],
            **{
                kind: owner.access.organisation
                if kind == ORGANISATION
                else owner.access.partnership
            },
        )

    return save_form_page(
        request,
        form,
        save,
        done=lambda report: f"Started {report.title}.",
        back_url=owner.url("reports"),
        next_url=lambda report: owner.url("report", report.pk),
        title="Start a quarterly report",
        caption=owner.name,
        submit_label="Start the report",
        error_field="quarter",
    )


def _shown(report: QuarterlyReport, owner: Owner) -> tuple[dict[str, Any], str]:
    """The snapshot and HTML body shown: as published, or built now for a draft."""
    if report.is_published:
        return dict(report.snapshot or {}), report.published_html
    access = owner.access if owner.kind == ORGANISATION else None
    snapshot = services.report_snapshot(report, access)
    return snapshot, exporting.report_body(snapshot)


STEPS: dict[str, list[str]] = {
    ReportStatus.DRAFT: ["sign_off_service"],
    ReportStatus.SERVICE_SIGNED: ["sign_off_director", "send_back"],
    ReportStatus.DIRECTOR_SIGNED: ["publish", "send_back"],
}


@login_required
def report_page(request, pk: int, report_pk: int, kind: str = ORGANISATION):
    owner = owner_for(request, kind, pk)
    report = owner.report(report_pk)
    _snapshot, body = _shown(report, owner)
    steps = STEPS.get(report.status, []) if owner.can_manage else []
    context = {
        "owner": owner,
        "report": report,
        "body": body,
        "steps": [
            (step, STEP_LABELS[step], owner.url(f"report_{step}", report.pk)) for step in steps
        ],
        "sign_offs": list(selectors.report_sign_offs(report)),
        "pdf_url": owner.url("report_pdf", report.pk),
        "xlsx_url": owner.url("report_xlsx", report.pk),
    }
    return render(request, "performance/reports/report.html", context)


@login_required
def report_pdf(request, pk: int, report_pk: int, kind: str = ORGANISATION):
    owner = owner_for(request, kind, pk)
    report = owner.report(report_pk)
    if report.is_published:
        content = bytes(report.published_pdf)
        name = exporting.filename(dict(report.snapshot or {}))
    else:
        snapshot, body = _shown(report, owner)
        content = exporting.report_pdf(snapshot, body, draft=True)
        name = exporting.filename(snapshot) + "-draft"
    response = HttpResponse(content, content_type=exporting.PDF_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@login_required
def report_xlsx(request, pk: int, report_pk: int, kind: str = ORGANISATION):
    owner = owner_for(request, kind, pk)
    report = owner.report(report_pk)
    snapshot, _ = _shown(report, owner)
    name = exporting.filename(snapshot) + ("" if report.is_published else "-draft")
    response = HttpResponse(exporting.report_xlsx(snapshot), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


STEP_LABELS = {
    "sign_off_service": "Sign off for the service",
    "sign_off_director": "Sign off as director",
    "send_back": "Send back to draft",
    "publish": "Publish",
}
STEP_DONE = {
    "sign_off_service": "Signed off for the service.",
    "sign_off_director": "Signed off by the director.",
    "send_back": "Sent back to draft.",
    "publish": "Published. The report's figures are now fixed.",
}
STEP_INTRO = {
    "publish": "Publishing fixes the report's figures as they stand now: later corrections "
    "will not change it. Its page, PDF and spreadsheet are kept exactly as published.",
}
SERVICES: dict[str, Callable[..., QuarterlyReport]] = {
    "sign_off_service": services.report_sign_off_service,
    "sign_off_director": services.report_sign_off_director,
    "publish": services.report_publish,
}


@login_required
@require_http_methods(["GET", "POST"])
def report_step(
    request, pk: int, report_pk: int, step: str, kind: str = ORGANISATION
) -> HttpResponse:
    """One workflow step (named by the URL): a note, then the service."""
    owner = owner_for(request, kind, pk, Need.MANAGE)
    report = owner.report(report_pk)
    back = owner.url("report", report.pk)
    if step == "send_back":
        form: Any = SendBackForm(request.POST or None)

        def save(data: dict[str, Any]) -> QuarterlyReport:
            return services.report_send_back(
                acting_user=request.user, report=report, reason=data["reason"]
            )
    else:
        form = StepForm(request.POST or None)

        def save(data: dict[str, Any]) -> QuarterlyReport:
            return SERVICES[step](acting_user=request.user, report=report, note=data["note"])

    return save_form_page(
        request,
        form,
        save,
        done=STEP_DONE[step],
        back_url=back,
        title=f"{STEP_LABELS[step]}: {report.title}",
        caption=owner.name,
        submit_label=STEP_LABELS[step],
        intro=STEP_INTRO.get(step, ""),
        error_field="reason" if step == "send_back" else "note",
    )
