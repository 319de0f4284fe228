"""Reaching an assessment, and what is in it, for a user: 404 when they may not see it, 403 when
they lack the role.

Who may see which assessment is the rule every page, export and endpoint of this app uses:

- The body's own people (viewer and up) see all its assessments, drafts included.
- Its appointed auditor sees its self-assessments once submitted, and the auditor assessments for
  the years of the appointment.
- A partnership (its viewers, managers and peer reviewers) sees a member's self and peer
  assessments once submitted, and its auditor assessments once final, but nothing embargoed until
  the publication date. Drafts and provisional scores never reach the partnership.
- Staff see everything.

Pages and the API fetch an assessment only through `assessment_for_user`, and what belongs to it
(a score, a theme score, a finding, evidence) through the functions below that take the
assessment already checked.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from vfmhub.accounts.models import User
from vfmhub.assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Evidence,
    Finding,
    RolledUpScore,
    Score,
    ScoreTarget,
)
from vfmhub.frameworks.models import Criterion, FindingType
from vfmhub.lib import clock
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
from vfmhub.organisations.access import organisation_access as _organisation_access
from vfmhub.organisations.models import (
    Organisation,
    Partnership,
    PartnershipMember,
    PartnershipRole,
    PartnershipRoleKind,
)

CANNOT_START_SELF = "Only the body's editors and managers can start a self-assessment."
CANNOT_START_AUDITOR = "Only the body's appointed auditor for that year can start its assessment."
CANNOT_START_PEER = (
    "Only a peer reviewer of a partnership the body belongs to can start a peer assessment."
)

FINDING_TYPE_UNKNOWN = "Choose a type of finding from this version."
CRITERION_UNKNOWN = "Choose a criterion from this version."

# Who sees what


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
        visible |= SHARED_WITH_AUDITOR | auditor_years_filter(access)
    if access.via_partnership:
        visible |= shared_with_partnership(today)
    return visible


def years_filter(first: int, last: int | None) -> Q:
    """Assessments of the years `first` to `last` (None: to now)."""
    return Q(year__gte=first) if last is None else Q(year__gte=first, year__lte=last)


def appointed_years_filter(access: OrganisationAccess) -> Q:
    """Assessments of the years the user is appointed to audit (none: always false)."""
    years = Q(pk__in=[])
    for first, last in access.auditor_years:
        years |= years_filter(first, last)
    return years


def auditor_years_filter(access: OrganisationAccess) -> Q:
    """Auditor assessments of the years the user is appointed to audit (none: always false)."""
    return Q(kind=AssessmentKind.AUDITOR) & appointed_years_filter(access)


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


def sees_provisional(access: OrganisationAccess, year: int) -> bool:
    """Provisional scores reach the body, its auditor and staff, never a partnership."""
    return bool(access.is_staff or access.role or access.is_auditor_for(year))


# What a user may do with one assessment


class AssessmentNeed(StrEnum):
    READ = "read"
    EDIT_SELF = "edit_self"  # the body's editor or manager, on its self-assessment
    SUBMIT = "submit"  # a manager (self), or the peer reviewer who made it (peer)
    AUDIT = "audit"  # the appointed auditor for the year, on the auditor assessment
    PEER = "peer"  # the peer reviewer who made the peer assessment
    RESPOND = "respond"  # the body's editor or manager, answering findings
    SCORE = "score"  # whichever of EDIT_SELF, AUDIT, PEER fits the assessment's kind
    REOPEN = "reopen"  # a manager, returning a submitted self-assessment to draft
    FINDINGS = "findings"  # the auditor or peer reviewer, raising and changing findings


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
        if need is AssessmentNeed.FINDINGS:
            return self.allows(AssessmentNeed.AUDIT) or self.allows(AssessmentNeed.PEER)
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
            AssessmentNeed.REOPEN: kind == AssessmentKind.SELF and org.can_manage,
        }
        return checks[need]

    def require(self, need: AssessmentNeed) -> None:
        """403 unless the user has `need` (they can already see the assessment)."""
        if not self.allows(need):
            raise PermissionDenied(NEEDS_ROLE)

    # For templates, which cannot pass arguments.
    @property
    def can_score(self) -> bool:
        return self.allows(AssessmentNeed.SCORE)

    @property
    def can_submit(self) -> bool:
        return self.allows(AssessmentNeed.SUBMIT)

    @property
    def can_reopen(self) -> bool:
        return self.allows(AssessmentNeed.REOPEN)

    @property
    def can_audit(self) -> bool:
        return self.allows(AssessmentNeed.AUDIT)

    @property
    def can_raise_findings(self) -> bool:
        return self.allows(AssessmentNeed.FINDINGS)

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


def _is_peer_author(user: User, assessment: Assessment) -> bool:
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


def assessment_access(user: User, assessment: Assessment) -> AssessmentAccess:
    """What `user` may do with an assessment already fetched (no 404 or 403 raised)."""
    return AssessmentAccess(
        assessment=assessment,
        organisation=_organisation_access(user, assessment.organisation),
        is_peer_author=_is_peer_author(user, assessment),
    )


def assessment_for_user(
    user: User, pk: Any, *, need: AssessmentNeed = AssessmentNeed.READ
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
    access.require(need)
    return assessment, access


# What belongs to an assessment already checked


def score_of(assessment: Assessment, criterion_pk: Any, stage: str | None = None) -> Score:
    """The assessment's score of a criterion at `stage` (by default the current one), or 404."""
    return one_or_404(
        Score.objects.filter(
            assessment=assessment,
            criterion_id=criterion_pk,
            stage=stage or assessment.current_stage,
        ).select_related("criterion", "criterion__theme", "scored_by")
    )


def rolled_up_of(
    assessment: Assessment, rolled_up_pk: Any, *, stage: str | None = None
) -> RolledUpScore:
    """One of the assessment's theme or overall scores (at `stage` if given), or 404."""
    rows = assessment.rolled_up_scores.select_related("theme").filter(pk=rolled_up_pk)
    if stage is not None:
        rows = rows.filter(stage=stage)
    return one_or_404(rows)


def finding_of(assessment: Assessment, finding_pk: Any) -> Finding:
    """One of the assessment's findings, or 404."""
    rows = assessment.findings.select_related(
        "finding_type", "criterion", "raised_by", "response_by"
    )
    return one_or_404(rows.filter(pk=finding_pk))


def evidence_of(assessment: Assessment, evidence_pk: Any) -> Evidence:
    """One piece of the assessment's evidence, or 404."""
    return one_or_404(assessment.evidence.filter(pk=evidence_pk))


def finding_type_of(assessment: Assessment, finding_type_pk: Any) -> FindingType:
    """A type of finding of the assessment's version, named in a request's body (else 422)."""
    found = FindingType.objects.filter(pk=finding_type_pk, version=assessment.version).first()
    if found is None:
        raise ValidationError({"finding_type_id": FINDING_TYPE_UNKNOWN})
    return found


def criterion_of(assessment: Assessment, criterion_pk: Any | None) -> Criterion | None:
    """A criterion of the assessment's version named in a request's body, if any (else 422)."""
    if criterion_pk is None:
        return None
    found = Criterion.objects.filter(pk=criterion_pk, version=assessment.version).first()
    if found is None:
        raise ValidationError({"criterion_id": CRITERION_UNKNOWN})
    return found


# Starting an assessment


def peer_partnerships_for(user: User, organisation: Organisation) -> QuerySet[Partnership]:
    """Partnerships `organisation` belongs to in which `user` is a peer reviewer."""
    return Partnership.objects.filter(
        members__organisation=organisation,
        roles__user=user,
        roles__role=PartnershipRoleKind.PEER_REVIEWER,
    ).distinct()


def startable_kinds(user: User, access: OrganisationAccess, year: int | None = None) -> list[str]:
    """The kinds of assessment `user` may start for the organisation (for any year if None)."""
    kinds: list[str] = []
    if access.can_edit:
        kinds.append(AssessmentKind.SELF)
    if access.is_staff or (access.auditor_years if year is None else access.is_auditor_for(year)):
        kinds.append(AssessmentKind.AUDITOR)
    if access.is_staff or peer_partnerships_for(user, access.organisation).exists():
        kinds.append(AssessmentKind.PEER)
    return kinds


def organisation_for_starting(user: User, pk: Any) -> OrganisationAccess:
    """The organisation, for someone who may start some kind of assessment of it (else 403)."""
    access = organisation_for_user(user, pk)
    if not startable_kinds(user, access):
        raise PermissionDenied(NEEDS_ROLE)
    return access


def peer_partnership_for_user(user: User, pk: Any | None) -> Partnership | None:
    """The partnership named for a peer assessment, if any (404 if the user cannot see it)."""
    return None if pk is None else partnership_for_user(user, pk).partnership


def check_can_start(
    user: User,
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


# A partnership's score targets


def score_target_for_user(
    user: User, partnership_pk: Any, target_pk: Any
) -> tuple[PartnershipAccess, ScoreTarget]:
    """One of a partnership's score targets, for its managers (404, or 403 for other readers)."""
    access = partnership_for_user(user, partnership_pk, need=Need.MANAGE)
    rows = access.partnership.score_targets.select_related("version")
    return access, one_or_404(rows.filter(pk=target_pk))
