"""Writes to quarterly reports: create one for a quarter, then move it through its workflow.

    draft → service sign-off → director sign-off → published

Each step is taken by a manager of the organisation (for a partnership's report, a manager of the
partnership), recorded as a `SignOff` with its note and audited. A signed-off report can be sent
back to draft with a reason. Publishing (director-signed reports only) freezes the snapshot of the
figures, renders the HTML page body and the PDF from it and stores all three: a published report
never changes again, and every further step is refused.
"""

import datetime
import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import acting, audit_record, audit_record_created
from vfmhub.core.concurrency import lock_row
from vfmhub.lib import clock
from vfmhub.lib.years import year_checked
from vfmhub.organisations.access import (
    NEEDS_ROLE,
    OrganisationAccess,
    organisation_access,
)
from vfmhub.organisations.models import (
    Organisation,
    Partnership,
    PartnershipRole,
    PartnershipRoleKind,
)
from vfmhub.performance.access import PerformanceAccess
from vfmhub.performance.exporting.report import report_body, report_pdf
from vfmhub.performance.models import QuarterlyReport, ReportStatus, SignOff
from vfmhub.performance.reporting import organisation_snapshot, partnership_snapshot

REPORT_EXISTS = "There is already a report for {period}."
QUARTER_RANGE = "Choose a quarter from 1 to 4."
PUBLISHED_FROZEN = "This report is published: it cannot be changed."
WRONG_STEP = "This report is {status}: it cannot be {step} now."
REASON_NEEDED = "Say why the report goes back to draft."
ONE_OWNER = "A report belongs to one organisation or one partnership."
NEXT = {
    "signed off by the service": (ReportStatus.DRAFT, ReportStatus.SERVICE_SIGNED),
    "signed off by the director": (ReportStatus.SERVICE_SIGNED, ReportStatus.DIRECTOR_SIGNED),
    "published": (ReportStatus.DIRECTOR_SIGNED, ReportStatus.PUBLISHED),
}
FIELDS = ["title", "year", "quarter", "status"]


def _owner_filed(report: QuarterlyReport) -> dict[str, int | None]:
    return {"organisation_id": report.organisation_id, "partnership_id": report.partnership_id}


def default_title(owner: str, year: int, quarter: int) -> str:
    return f"{owner} quarterly report: Q{quarter} {year}/{str(year + 1)[-2:]}"


@transaction.atomic
def report_create(
    *,
    acting_user: User | None,
    year: int,
    quarter: int,
    organisation: Organisation | None = None,
    partnership: Partnership | None = None,
    title: str = "",
) -> QuarterlyReport:
    """A draft report of `organisation` (or `partnership`) for Q`quarter` of `year`."""
    if (organisation is None) == (partnership is None):
        raise ValidationError(ONE_OWNER)
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": QUARTER_RANGE})
    try:
        year_checked(year)
    except ValueError as exc:
        raise ValidationError({"year": str(exc)}) from None
    owner = organisation or partnership
    assert owner is not None
    report = QuarterlyReport(
        organisation=organisation,
        partnership=partnership,
        year=year,
        quarter=quarter,
        title=title.strip() or default_title(owner.name, year, quarter),
        created_by=acting(acting_user),
        created_at=clock.now(),
    )
    period = f"Q{quarter} {year}/{str(year + 1)[-2:]}"
    report.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise ValidationError({"quarter": REPORT_EXISTS.format(period=period)}) from None
    audit_record_created(
        acting_user=acting_user, action="quarterly_report.create", obj=report, fields=FIELDS
    )
    return report


def _check_manager(acting_user: User | None, report: QuarterlyReport) -> None:
    """Only the owner's managers (and staff) move a report on; the system (None) may too."""
    if acting_user is None or acting_user.is_superuser:
        return
    if report.organisation is not None:
        allowed = organisation_access(acting_user, report.organisation).can_manage
    else:
        allowed = PartnershipRole.objects.filter(
            partnership=report.partnership,
            user=acting_user,
            role=PartnershipRoleKind.MANAGER,
        ).exists()
    if not allowed:
        raise PermissionDenied(NEEDS_ROLE)


def _move(
    acting_user: User | None, report: QuarterlyReport, step: str, *, note: str = ""
) -> QuarterlyReport:
    """Lock the report, check it stands where `step` starts, and move it on (not saved)."""
    locked = lock_row(QuarterlyReport, report.pk, "organisation", "partnership")
    if locked.status == ReportStatus.PUBLISHED:
        raise ValidationError({"status": PUBLISHED_FROZEN})
    start, _ = NEXT[step]
    if locked.status != start:
        label = ReportStatus(locked.status).label.lower()
        raise ValidationError({"status": WRONG_STEP.format(status=label, step=step)})
    _check_manager(acting_user, locked)
    return locked


def _record(
    acting_user: User | None, report: QuarterlyReport, before: str, *, note: str, action: str
) -> None:
    report.full_clean(validate_constraints=False)
    report.save()
    SignOff.objects.create(
        report=report,
        from_status=before,
        to_status=report.status,
        note=note,
        signed_by=acting(acting_user),
        signed_at=clock.now(),
    )
    audit_record(
        acting_user=acting_user,
        action=f"quarterly_report.{action}",
        obj=report,
        changes={"status": [before, report.status]},
        note=note,
        **_owner_filed(report),
    )


@transaction.atomic
def report_sign_off_service(
    *, acting_user: User | None, report: QuarterlyReport, note: str = ""
) -> QuarterlyReport:
    step = "signed off by the service"
    locked = _move(acting_user, report, step)
    locked.status = ReportStatus.SERVICE_SIGNED
    _record(acting_user, locked, ReportStatus.DRAFT, note=note, action="sign_off_service")
    return locked


@transaction.atomic
def report_sign_off_director(
    *, acting_user: User | None, report: QuarterlyReport, note: str = ""
) -> QuarterlyReport:
    step = "signed off by the director"
    locked = _move(acting_user, report, step)
    locked.status = ReportStatus.DIRECTOR_SIGNED
    before = ReportStatus.SERVICE_SIGNED
    _record(acting_user, locked, before, note=note, action="sign_off_director")
    return locked


@transaction.atomic
def report_send_back(
    *, acting_user: User | None, report: QuarterlyReport, reason: str
) -> QuarterlyReport:
    """Return a signed-off (not published) report to draft, saying why."""
    locked = lock_row(QuarterlyReport, report.pk, "organisation", "partnership")
    if locked.status == ReportStatus.PUBLISHED:
        raise ValidationError({"status": PUBLISHED_FROZEN})
    if locked.status == ReportStatus.DRAFT:
        raise ValidationError(
            {"status": WRONG_STEP.format(status="a draft", step="sent back to draft")}
        )
    if not reason.strip():
        raise ValidationError({"reason": REASON_NEEDED})
    _check_manager(acting_user, locked)
    before = locked.status
    locked.status = ReportStatus.DRAFT
    _record(acting_user, locked, before, note=reason.strip(), action="send_back")
    return locked


def _publisher_access(acting_user: User | None, organisation: Organisation) -> PerformanceAccess:
    """The figures as the organisation's own managers see them."""
    if acting_user is None:
        return PerformanceAccess(OrganisationAccess(organisation=organisation, is_staff=True))
    return PerformanceAccess(organisation_access(acting_user, organisation))


def report_snapshot(
    report: QuarterlyReport, access: PerformanceAccess | None, *, as_at: datetime.date | None = None
) -> dict[str, Any]:
    """The report's figures now (a draft's live view; what publishing freezes)."""
    day = as_at or clock.today()
    year, quarter, title = report.year, report.quarter, report.title
    if report.partnership is not None:
        return partnership_snapshot(
            report.partnership, year=year, quarter=quarter, title=title, as_at=day
        )
    assert access is not None
    return organisation_snapshot(access, year=year, quarter=quarter, title=title, as_at=day)


@transaction.atomic
def report_publish(
    *, acting_user: User | None, report: QuarterlyReport, note: str = ""
) -> QuarterlyReport:
    """Freeze the figures: the snapshot, the HTML rendered from it and the PDF of that HTML."""
    locked = _move(acting_user, report, "published")
    access = None
    if locked.organisation is not None:
        access = _publisher_access(acting_user, locked.organisation)
    # Through JSON and back: rendered from exactly what the database keeps.
    frozen = json.loads(json.dumps(report_snapshot(locked, access)))
    body = report_body(frozen)
    locked.snapshot = frozen
    locked.published_html = body
    locked.published_pdf = report_pdf(frozen, body)
    locked.published_at = clock.now()
    locked.published_by = acting(acting_user)
    locked.status = ReportStatus.PUBLISHED
    _record(acting_user, locked, ReportStatus.DIRECTOR_SIGNED, note=note, action="publish")
    return locked
