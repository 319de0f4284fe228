"""Who may see which assessment: the rule every page, export and endpoint of this app uses.

- The body's own people (viewer and up) see all its assessments, drafts included.
- Its appointed auditor sees its self-assessments once submitted, and the auditor assessments for
  the years of the appointment.
- A partnership (its viewers, managers and peer reviewers) sees a member's self and peer
  assessments once submitted, and its auditor assessments once final, but nothing embargoed until
  the publication date. Drafts and provisional scores never reach the partnership.
- Staff see everything.
"""

import datetime

from django.db.models import Q, QuerySet

from vfmhub.assessments.models import Assessment, AssessmentKind, AssessmentStatus
from vfmhub.organisations.access import OrganisationAccess
from vfmhub.organisations.models import Partnership, PartnershipMember

SHARED_WITH_AUDITOR = Q(kind=AssessmentKind.SELF, status=AssessmentStatus.SUBMITTED)


def shared_with_partnership(today: datetime.date) -> Q:
    """Assessments a partnership may see on `today` (before any membership filter)."""
    submitted = Q(
        kind__in=[AssessmentKind.SELF, AssessmentKind.PEER], status=AssessmentStatus.SUBMITTED
    )
    final = Q(
        kind=AssessmentKind.AUDITOR,
        status__in=[AssessmentStatus.FINAL, AssessmentStatus.PUBLISHED],
    ) & (Q(publish_on__isnull=True) | Q(publish_on__lte=today))
    return submitted | final


def partnership_assessments(partnership: Partnership, today: datetime.date) -> QuerySet[Assessment]:
    """The assessments of `partnership`'s members (past or present) that it may see."""
    members = PartnershipMember.objects.filter(partnership=partnership).values("organisation_id")
    return Assessment.objects.filter(organisation_id__in=members).filter(
        shared_with_partnership(today)
    )


def organisation_assessments_filter(access: OrganisationAccess, today: datetime.date) -> Q:
    """A filter on one organisation's assessments for the user behind `access`.

    Returns an always-false filter when the user may see none of them.
    """
    if access.is_staff or access.role:
        return Q()
    visible = Q(pk__in=[])
    if access.auditor_years:
        visible |= SHARED_WITH_AUDITOR | _auditor_years_filter(access)
    if access.via_partnership:
        visible |= shared_with_partnership(today)
    return visible


def _auditor_years_filter(access: OrganisationAccess) -> Q:
    years = Q(pk__in=[])
    for first, last in access.auditor_years:
        span = Q(year__gte=first) if last is None else Q(year__gte=first, year__lte=last)
        years |= span
    return Q(kind=AssessmentKind.AUDITOR) & years


def can_see(access: OrganisationAccess, assessment: Assessment, today: datetime.date) -> bool:
    """Whether the user behind `access` (to the assessment's organisation) may see it."""
    if access.is_staff or access.role:
        return True
    if access.auditor_years:
        if assessment.kind == AssessmentKind.SELF:
            if assessment.status == AssessmentStatus.SUBMITTED:
                return True
        elif assessment.kind == AssessmentKind.AUDITOR and access.is_auditor_for(assessment.year):
            return True
    if access.via_partnership:
        if assessment.kind in (AssessmentKind.SELF, AssessmentKind.PEER):
            return assessment.status == AssessmentStatus.SUBMITTED
        return assessment.is_locked and not assessment.is_embargoed_on(today)
    return False
