"""Reaching an organisation's performance records, and a partnership's reports, for a user.

- The organisation's own users (any role) and staff see everything: drafts, provisional values,
  reports in sign-off. Editors enter values, targets, commentary, the plan and the finance
  position; managers sign reports off and publish them.
- Everyone else who may read the organisation (its partnerships' roles, its auditors) sees only
  what is published: values approved for publication and published reports. A draft report is
  404 to them, as to outsiders, so they cannot tell it exists.
- A national indicator is read by every signed-in user; a local one by those who may read its
  organisation.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from vfmhub.accounts.models import User
from vfmhub.organisations.access import (
    NEEDS_ROLE,
    NOT_FOUND,
    Need,
    OrganisationAccess,
    PartnershipAccess,
    one_or_404,
    organisation_for_user,
    partnership_for_user,
)
from vfmhub.performance.models import (
    CapitalScheme,
    CouncilPlan,
    Deliverable,
    Indicator,
    IndicatorValue,
    OutcomeMeasure,
    PlanAction,
    Priority,
    QuarterlyReport,
    ReportStatus,
    RevenueLine,
    Service,
    ValueStatus,
)


@dataclass(frozen=True)
class PerformanceAccess:
    """What one user may do with one organisation's performance records."""

    organisation_access: OrganisationAccess

    @property
    def organisation(self) -> Any:
        return self.organisation_access.organisation

    @property
    def sees_drafts(self) -> bool:
        """The organisation's own users and staff see drafts and provisional values."""
        access = self.organisation_access
        return bool(access.role or access.is_staff)

    @property
    def can_edit(self) -> bool:
        return self.organisation_access.can_edit

    @property
    def can_manage(self) -> bool:
        return self.organisation_access.can_manage

    def value_filter(self) -> Q:
        """The values this user may see: all, or only those approved for publication."""
        return Q() if self.sees_drafts else Q(status=ValueStatus.APPROVED)

    def report_filter(self) -> Q:
        return Q() if self.sees_drafts else Q(status=ReportStatus.PUBLISHED)


def performance_for_user(user: User, pk: Any, *, need: Need = Need.READ) -> PerformanceAccess:
    """An organisation's performance records: 404 if `user` cannot see it, 403 if they lack `need`
    (EDIT: enter values, targets, plan and finance; MANAGE: sign off and publish)."""
    return PerformanceAccess(organisation_for_user(user, pk, need=need))


def _must(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(NEEDS_ROLE)


def readable_indicators(user: User, access: PerformanceAccess | None = None) -> QuerySet[Indicator]:
    """The national set, plus `access`'s organisation's local indicators."""
    if not user.is_authenticated:
        return Indicator.objects.none()
    if access is None:
        return Indicator.objects.filter(owner__isnull=True)
    return Indicator.objects.filter(Q(owner__isnull=True) | Q(owner=access.organisation))


def indicator_of(user: User, access: PerformanceAccess | None, pk: Any) -> Indicator:
    """A national indicator, or one of `access`'s organisation's own; 404 otherwise."""
    return one_or_404(readable_indicators(user, access).select_related("owner").filter(pk=_id(pk)))


def indicator_to_edit(user: User, access: PerformanceAccess | None, pk: Any) -> Indicator:
    """An indicator whose definition `user` may change: a local one by its organisation's
    editors, a national one by staff only (403 to everyone else who can read it)."""
    indicator = indicator_of(user, access, pk)
    if indicator.is_national:
        _must(bool(user.is_superuser))
    else:
        _must(access is not None and access.can_edit)
    return indicator


def value_of(access: PerformanceAccess, pk: Any) -> IndicatorValue:
    rows = IndicatorValue.objects.filter(access.value_filter(), organisation=access.organisation)
    return one_or_404(rows.select_related("indicator").filter(pk=_id(pk)))


def report_of(access: PerformanceAccess, pk: Any) -> QuarterlyReport:
    """One of the organisation's reports; a draft is 404 to those who see only what is published."""
    rows = QuarterlyReport.objects.filter(access.report_filter(), organisation=access.organisation)
    return one_or_404(rows.filter(pk=_id(pk)))


def partnership_report_of(access: PartnershipAccess, pk: Any) -> QuarterlyReport:
    """One of a partnership's reports; drafts are read by its managers (and staff) only."""
    rows = QuarterlyReport.objects.filter(partnership=access.partnership)
    if not access.can_manage:
        rows = rows.filter(status=ReportStatus.PUBLISHED)
    return one_or_404(rows.filter(pk=_id(pk)))


def partnership_performance_for_user(
    user: User, pk: Any, *, need: Need = Need.READ
) -> PartnershipAccess:
    return partnership_for_user(user, pk, need=need)


def _own(access: PerformanceAccess) -> None:
    """Plan and finance records are the organisation's own working papers."""
    if not access.sees_drafts:
        raise Http404(NOT_FOUND)


def plan_of(access: PerformanceAccess, pk: Any) -> CouncilPlan:
    """A council plan: read by everyone who may read the organisation (plans are public)."""
    return one_or_404(CouncilPlan.objects.filter(organisation=access.organisation, pk=_id(pk)))


def priority_of(access: PerformanceAccess, pk: Any) -> Priority:
    rows = Priority.objects.select_related("plan")
    return one_or_404(rows.filter(plan__organisation=access.organisation, pk=_id(pk)))


def deliverable_of(access: PerformanceAccess, pk: Any) -> Deliverable:
    rows = Deliverable.objects.select_related("priority__plan")
    return one_or_404(rows.filter(priority__plan__organisation=access.organisation, pk=_id(pk)))


def measure_of(access: PerformanceAccess, pk: Any) -> OutcomeMeasure:
    rows = OutcomeMeasure.objects.select_related("deliverable__priority__plan", "indicator")
    org = access.organisation
    return one_or_404(rows.filter(deliverable__priority__plan__organisation=org, pk=_id(pk)))


def plan_action_of(access: PerformanceAccess, pk: Any) -> PlanAction:
    rows = PlanAction.objects.select_related("deliverable__priority__plan")
    org = access.organisation
    return one_or_404(rows.filter(deliverable__priority__plan__organisation=org, pk=_id(pk)))


def service_of(access: PerformanceAccess, pk: Any) -> Service:
    return one_or_404(Service.objects.filter(organisation=access.organisation, pk=_id(pk)))


def revenue_line_of(access: PerformanceAccess, pk: Any) -> RevenueLine:
    _own(access)
    return one_or_404(RevenueLine.objects.filter(organisation=access.organisation, pk=_id(pk)))


def capital_scheme_of(access: PerformanceAccess, pk: Any) -> CapitalScheme:
    _own(access)
    return one_or_404(CapitalScheme.objects.filter(organisation=access.organisation, pk=_id(pk)))


def finance_access(access: PerformanceAccess) -> PerformanceAccess:
    """The finance position is the organisation's own until a report publishes it: 404 to others."""
    _own(access)
    return access


def _id(pk: Any) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise Http404(NOT_FOUND) from None
