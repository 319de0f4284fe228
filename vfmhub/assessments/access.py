"""Reaching an assessment for a user: 404 when they may not see it, 403 when they lack the role.

Built on `organisations.access.organisation_access` and the visibility rule in `visibility.py`.
Pages and the API both fetch assessments only through `assessment_for_user`.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from vfmhub.assessments.models import Assessment, AssessmentKind
from vfmhub.assessments.visibility import can_see
from vfmhub.lib import clock
from vfmhub.organisations.access import NEEDS_ROLE, NOT_FOUND, OrganisationAccess
from vfmhub.organisations.access import organisation_access as _organisation_access
from vfmhub.organisations.models import (
    Organisation,
    Partnership,
    PartnershipRole,
    PartnershipRoleKind,
)

CANNOT_START_SELF = "Only the body's editors and managers can start a self-assessment."
CANNOT_START_AUDITOR = "Only the body's appointed auditor for that year can start its assessment."
CANNOT_START_PEER = (
    "Only a peer reviewer of a partnership the body belongs to can start a peer assessment."
)


class AssessmentNeed(StrEnum):
    READ = "read"
    EDIT_SELF = "edit_self"  # the body's editor or manager, on its self-assessment
    SUBMIT = "submit"  # a manager (self), or the peer reviewer who made it (peer)
    AUDIT = "audit"  # the appointed auditor for the year, on the auditor assessment
    PEER = "peer"  # the peer reviewer who made the peer assessment
    RESPOND = "respond"  # the body's editor or manager, answering findings
    SCORE = "score"  # whichever of EDIT_SELF, AUDIT, PEER fits the assessment's kind


@dataclass(frozen=True)
class AssessmentAccess:
    """What one user may do with one assessment."""

    assessment: Assessment
    organisation: OrganisationAccess
    is_peer_author: bool = False

    @property
    def can_read(self) -> bool:
        today = clock.today()
        return self.is_peer_author or can_see(self.organisation, self.assessment, today)

    def allows(self, need: AssessmentNeed) -> bool:
        kind = self.assessment.kind
        org = self.organisation
        if need is AssessmentNeed.SCORE:
            need = SCORING_NEED[kind]
        checks = {
            AssessmentNeed.READ: self.can_read,
            AssessmentNeed.EDIT_SELF: kind == AssessmentKind.SELF and org.can_edit,
            AssessmentNeed.SUBMIT: (kind == AssessmentKind.SELF and org.can_manage)
            or (kind == AssessmentKind.PEER and (self.is_peer_author or org.is_staff)),
            AssessmentNeed.AUDIT: kind == AssessmentKind.AUDITOR
            and (org.is_staff or org.is_auditor_for(self.assessment.year)),
            AssessmentNeed.PEER: kind == AssessmentKind.PEER
            and (self.is_peer_author or org.is_staff),
            AssessmentNeed.RESPOND: org.can_edit,
        }
        return checks[need]

    # For templates, which cannot pass arguments.
    @property
    def can_score(self) -> bool:
        return self.allows(AssessmentNeed.SCORE)

    @property
    def can_submit(self) -> bool:
        return self.allows(AssessmentNeed.SUBMIT)

    @property
    def can_reopen(self) -> bool:
        return self.assessment.kind == AssessmentKind.SELF and self.organisation.can_manage

    @property
    def can_audit(self) -> bool:
        return self.allows(AssessmentNeed.AUDIT)

    @property
    def can_raise_findings(self) -> bool:
        return self.allows(AssessmentNeed.AUDIT) or self.allows(AssessmentNeed.PEER)

    @property
    def can_respond(self) -> bool:
        return self.allows(AssessmentNeed.RESPOND)


SCORING_NEED: dict[str, AssessmentNeed] = {
    AssessmentKind.SELF: AssessmentNeed.EDIT_SELF,
    AssessmentKind.AUDITOR: AssessmentNeed.AUDIT,
    AssessmentKind.PEER: AssessmentNeed.PEER,
}


def _assessments() -> QuerySet[Assessment]:
    return Assessment.objects.select_related(
        "organisation", "version", "version__framework", "version__scale", "peer_partnership"
    )


def _is_peer_author(user, assessment: Assessment) -> bool:
    """The peer reviewer who made a peer assessment, while still a reviewer of its partnership."""
    if (
        assessment.kind != AssessmentKind.PEER
        or assessment.created_by_id != user.pk
        or assessment.peer_partnership_id is None
    ):
        return False
    return PartnershipRole.objects.filter(
        user=user,
        partnership_id=assessment.peer_partnership_id,
        role=PartnershipRoleKind.PEER_REVIEWER,
    ).exists()


def assessment_access(user, assessment: Assessment) -> AssessmentAccess:
    """What `user` may do with an assessment already fetched (no 404 or 403 raised)."""
    return AssessmentAccess(
        assessment=assessment,
        organisation=_organisation_access(user, assessment.organisation),
        is_peer_author=_is_peer_author(user, assessment),
    )


def assessment_for_user(
    user, pk, *, need: AssessmentNeed = AssessmentNeed.READ
) -> tuple[Assessment, AssessmentAccess]:
    """Fetch an assessment for `user`: 404 if they may not see it, 403 if they lack `need`."""
    if not user.is_authenticated:
        raise Http404(NOT_FOUND)
    try:
        assessment = _assessments().get(pk=int(pk))
    except (Assessment.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND) from None
    access = assessment_access(user, assessment)
    if not access.can_read:
        raise Http404(NOT_FOUND)
    if not access.allows(need):
        raise PermissionDenied(NEEDS_ROLE)
    return assessment, access


def peer_partnerships_for(user, organisation: Organisation) -> QuerySet[Partnership]:
    """Partnerships `organisation` belongs to in which `user` is a peer reviewer."""
    return Partnership.objects.filter(
        members__organisation=organisation,
        roles__user=user,
        roles__role=PartnershipRoleKind.PEER_REVIEWER,
    ).distinct()


def startable_kinds(user, access: OrganisationAccess, year: int | None = None) -> list[str]:
    """The kinds of assessment `user` may start for the organisation (for any year if None)."""
    kinds: list[str] = []
    if access.can_edit:
        kinds.append(AssessmentKind.SELF)
    if access.is_staff or (access.auditor_years if year is None else access.is_auditor_for(year)):
        kinds.append(AssessmentKind.AUDITOR)
    if access.is_staff or peer_partnerships_for(user, access.organisation).exists():
        kinds.append(AssessmentKind.PEER)
    return kinds


def check_can_start(
    user,
    access: OrganisationAccess,
    *,
    kind: str,
    year: int,
    peer_partnership: Partnership | None = None,
) -> None:
    """Raise PermissionDenied unless `user` may start an assessment of `kind` for `year`."""
    if kind == AssessmentKind.SELF and not access.can_edit:
        raise PermissionDenied(CANNOT_START_SELF)
    if kind == AssessmentKind.AUDITOR and not (access.is_staff or access.is_auditor_for(year)):
        raise PermissionDenied(CANNOT_START_AUDITOR)
    if kind == AssessmentKind.PEER and not access.is_staff:
        allowed = peer_partnerships_for(user, access.organisation)
        if peer_partnership is None or not allowed.filter(pk=peer_partnership.pk).exists():
            raise PermissionDenied(CANNOT_START_PEER)
