"""The quarterly reports a user may see: an organisation's (drafts only to its own users), a
partnership's (drafts only to its managers) and its members' published ones. Lists never load
the stored snapshot, page or PDF."""

from django.db.models import QuerySet

from vfmhub.organisations.access import PartnershipAccess
from vfmhub.organisations.models import PartnershipMember
from vfmhub.performance.access import PerformanceAccess
from vfmhub.performance.models import QuarterlyReport, ReportStatus, SignOff

HEAVY = ("snapshot", "published_html", "published_pdf")


def organisation_reports(access: PerformanceAccess) -> QuerySet[QuarterlyReport]:
    """The organisation's reports, latest quarter first: every one for its own users, only the
    published ones for its partnerships and auditors."""
    rows = QuarterlyReport.objects.filter(access.report_filter(), organisation=access.organisation)
    return rows.defer(*HEAVY).select_related("published_by").order_by("-year", "-quarter", "-pk")


def partnership_reports(access: PartnershipAccess) -> QuerySet[QuarterlyReport]:
    """The partnership's own reports: drafts for its managers (and staff) only."""
    rows = QuarterlyReport.objects.filter(partnership=access.partnership)
    if not access.can_manage:
        rows = rows.filter(status=ReportStatus.PUBLISHED)
    return rows.defer(*HEAVY).select_related("published_by").order_by("-year", "-quarter", "-pk")


def member_published_reports(access: PartnershipAccess) -> QuerySet[QuarterlyReport]:
    """The published reports of the partnership's members: never a draft."""
    members = PartnershipMember.objects.filter(partnership=access.partnership)
    return (
        QuarterlyReport.objects.filter(
            organisation_id__in=members.values("organisation_id"),
            status=ReportStatus.PUBLISHED,
        )
        .defer(*HEAVY)
        .select_related("organisation")
        .order_by("-year", "-quarter", "organisation__name", "pk")
    )


def report_sign_offs(report: QuarterlyReport) -> QuerySet[SignOff]:
    return report.sign_offs.select_related("signed_by").order_by("signed_at", "pk")
