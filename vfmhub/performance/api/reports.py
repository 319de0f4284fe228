"""The quarterly report endpoints: an organisation's reports (drafts to its own users only), one
report with its snapshot (a draft's built now, a published one's as published), starting one and
moving it through its workflow. Moves name no version: they overwrite nothing, and the workflow
refuses a repeat."""

import datetime
from collections.abc import Callable
from typing import Any

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from vfmhub.core.api.pagination import Pagination
from vfmhub.core.api.versions import VersionedOut
from vfmhub.core.api.writes import write_access
from vfmhub.organisations.access import Need
from vfmhub.performance.access import (
    PerformanceAccess,
    partnership_performance_for_user,
    partnership_report_of,
    performance_for_user,
    report_of,
)
from vfmhub.performance.models import QuarterlyReport
from vfmhub.performance.selectors.reports import (
    organisation_reports,
    partnership_reports,
    report_sign_offs,
)
from vfmhub.performance.services import reports as services

router = Router()
PATH = "/organisations/{int:organisation_id}/reports"


class ReportOut(VersionedOut):
    id: int
    organisation_id: int | None
    partnership_id: int | None
    year: int
    quarter: int
    title: str
    status: str
    published_at: datetime.datetime | None
    updated_at: str


class SignOffOut(Schema):
    from_status: str
    to_status: str
    note: str
    signed_by_id: int | None
    signed_at: datetime.datetime


class ReportDetailOut(ReportOut):
    is_draft: bool
    snapshot: dict[str, Any]
    sign_offs: list[SignOffOut]

    @staticmethod
    def resolve_snapshot(obj: Any) -> dict[str, Any]:
        return obj.shown_snapshot

    @staticmethod
    def resolve_sign_offs(obj: Any) -> list[Any]:
        return obj.sign_offs_out


class ReportIn(Schema):
    year: int
    quarter: int
    title: str = ""


class NoteIn(Schema):
    note: str = ""


class ReportReasonIn(Schema):
    reason: str


def _reader(request, organisation_id: int) -> PerformanceAccess:
    return performance_for_user(request.user, organisation_id)


def _manager(request, organisation_id: int, **_: Any) -> PerformanceAccess:
    return performance_for_user(request.user, organisation_id, need=Need.MANAGE)


def _editor(request, organisation_id: int, **_: Any) -> PerformanceAccess:
    return performance_for_user(request.user, organisation_id, need=Need.EDIT)


def _detail(report: QuarterlyReport, access: PerformanceAccess | None) -> QuarterlyReport:
    """The report with what the detail shows: its figures (a draft's built now) and sign-offs."""
    shown = report.snapshot if report.is_published else services.report_snapshot(report, access)
    report.shown_snapshot = shown  # type: ignore[attr-defined]
    report.is_draft = not report.is_published  # type: ignore[attr-defined]
    report.sign_offs_out = list(report_sign_offs(report))  # type: ignore[attr-defined]
    return report


@router.get(PATH, response=list[ReportOut], summary="An organisation's quarterly reports")
@paginate(Pagination)
def list_reports(request, organisation_id: int):
    return organisation_reports(_reader(request, organisation_id))


@router.post(PATH, response={201: ReportDetailOut}, summary="Start a quarterly report")
@write_access(_editor)
def create_report(request, organisation_id: int, payload: ReportIn):
    access = _editor(request, organisation_id)
    report = services.report_create(
        acting_user=request.user,
        organisation=access.organisation,
        year=payload.year,
        quarter=payload.quarter,
        title=payload.title,
    )
    return Status(201, _detail(report, access))


@router.get(
    PATH + "/{int:report_id}",
    response=ReportDetailOut,
    summary="A quarterly report with its figures (a draft's as they stand now)",
)
def get_report(request, organisation_id: int, report_id: int):
    access = _reader(request, organisation_id)
    return _detail(report_of(access, report_id), access)


def _moved(
    request, organisation_id: int, report_id: int, step: Callable[..., Any], **values: Any
) -> QuarterlyReport:
    access = _manager(request, organisation_id)
    report = step(acting_user=request.user, report=report_of(access, report_id), **values)
    return _detail(report, access)


@router.post(PATH + "/{int:report_id}/sign-off/service", response=ReportDetailOut)
@write_access(_manager)
def sign_off_service(request, organisation_id: int, report_id: int, payload: NoteIn):
    step = services.report_sign_off_service
    return _moved(request, organisation_id, report_id, step, note=payload.note)


@router.post(PATH + "/{int:report_id}/sign-off/director", response=ReportDetailOut)
@write_access(_manager)
def sign_off_director(request, organisation_id: int, report_id: int, payload: NoteIn):
    step = services.report_sign_off_director
    return _moved(request, organisation_id, report_id, step, note=payload.note)


@router.post(PATH + "/{int:report_id}/send-back", response=ReportDetailOut)
@write_access(_manager)
def send_back(request, organisation_id: int, report_id: int, payload: ReportReasonIn):
    step = services.report_send_back
    return _moved(request, organisation_id, report_id, step, reason=payload.reason)


@router.post(
    PATH + "/{int:report_id}/publish",
    response=ReportDetailOut,
    summary="Publish a director-signed report: its figures are frozen",
)
@write_access(_manager)
def publish(request, organisation_id: int, report_id: int, payload: NoteIn):
    step = services.report_publish
    return _moved(request, organisation_id, report_id, step, note=payload.note)


PARTNERSHIP_PATH = "/partnerships/{int:partnership_id}/reports"


@router.get(
    PARTNERSHIP_PATH,
    response=list[ReportOut],
    summary="A partnership's quarterly reports (drafts to its managers only)",
)
@paginate(Pagination)
def list_partnership_reports(request, partnership_id: int):
    return partnership_reports(partnership_performance_for_user(request.user, partnership_id))


@router.get(
    PARTNERSHIP_PATH + "/{int:report_id}",
    response=ReportDetailOut,
    summary="A partnership's quarterly report with its figures",
)
def get_partnership_report(request, partnership_id: int, report_id: int):
    access = partnership_performance_for_user(request.user, partnership_id)
    return _detail(partnership_report_of(access, report_id), None)
