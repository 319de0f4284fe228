"""Assessments over the API, mounted at /api/v1/assessments, with the pages' rules and permissions.

Reads go through the access layer (`assessment_for_user`, `organisation_for_user`,
`partnership_for_user`) and the app's selectors; writes go through the services, which validate and
audit. A change names the version it changes (`updated_at`, see `vfmhub.core.api.versions`): 428
without one, 409 Conflict when it would overwrite someone else's newer change.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from ninja import Router, Status
from ninja.pagination import paginate

from vfmhub.assessments import dashboard, selectors, services
from vfmhub.assessments.access import (
    AssessmentNeed,
    assessment_for_user,
    check_can_start,
    peer_partnerships_for,
)
from vfmhub.assessments.api_schemas import (
    AmendIn,
    AmendmentOut,
    AssessmentDetailOut,
    AssessmentOut,
    DistributionOut,
    FinaliseIn,
    FindingIn,
    FindingOut,
    FindingPatchIn,
    ReasonIn,
    ResponseIn,
    RolledUpIn,
    RolledUpOut,
    ScoreIn,
    ScoreOut,
    ScorePatchIn,
    StartIn,
    SubmitIn,
)
from vfmhub.assessments.models import (
    Assessment,
    AssessmentKind,
    Finding,
    RolledUpScore,
    Score,
    ScoreAmendment,
    ScoreStage,
)
from vfmhub.core.api.pagination import Pagination
from vfmhub.core.api.versions import sent_version, stale_as_conflict, updates_record
from vfmhub.core.api.writes import body_id, write_access
from vfmhub.frameworks.access import version_for_user
from vfmhub.frameworks.models import Criterion, FindingType
from vfmhub.lib import clock
from vfmhub.lib.years import FinancialYear
from vfmhub.organisations.access import NEEDS_ROLE, NOT_FOUND, organisation_for_user
from vfmhub.organisations.access import partnership_for_user as _partnership_for_user

router = Router(tags=["assessments"])


def _needs(need: AssessmentNeed):
    def check(request, assessment_id, **_):
        assessment_for_user(request.user, assessment_id, need=need)

    return check


def _may_reopen(request, assessment_id, **_):
    if not assessment_for_user(request.user, assessment_id)[1].can_reopen:
        raise PermissionDenied(NEEDS_ROLE)


def _may_raise_findings(request, assessment_id, **_):
    _can_raise_findings(assessment_for_user(request.user, assessment_id)[1])


def _may_start(request, **_):
    """Whoever may start no kind of assessment at the body sent (if it sends one) is refused."""
    organisation_id = body_id(request, "organisation_id")
    if organisation_id is None:
        return
    access = organisation_for_user(request.user, organisation_id)
    may_start = access.can_edit or access.is_staff or access.auditor_years
    if not may_start and not peer_partnerships_for(request.user, access.organisation).exists():
        raise PermissionDenied(NEEDS_ROLE)


def _assessment(request, assessment_id: int, need: AssessmentNeed = AssessmentNeed.READ):
    return assessment_for_user(request.user, assessment_id, need=need)


def _detail(assessment: Assessment, access) -> Assessment:
    """The assessment with its scores, roll-ups and findings attached (four queries)."""
    stages = list(assessment.score_stages)
    if not selectors.sees_provisional(access.organisation, assessment.year):
        stages = [stage for stage in stages if stage != ScoreStage.PROVISIONAL]
    amendments = ScoreAmendment.objects.order_by("-amended_at", "-pk")
    assessment.scores_out = list(  # type: ignore[attr-defined]
        Score.objects.filter(assessment=assessment, stage__in=stages)
        .select_related("criterion", "criterion__theme")
        .prefetch_related(Prefetch("amendments", queryset=amendments))
        .order_by("stage", "criterion__theme__order", "criterion__order", "criterion__code")
    )
    assessment.rolled_up_out = list(  # type: ignore[attr-defined]
        RolledUpScore.objects.filter(assessment=assessment, stage__in=stages)
        .select_related("theme")
        .order_by("stage", "theme__order")
    )
    assessment.findings_out = list(selectors.assessment_findings(assessment))  # type: ignore[attr-defined]
    return assessment


@router.get("", response=list[AssessmentOut], summary="An organisation's assessments you can see")
@paginate(Pagination)
def list_assessments(
    request,
    organisation_id: int,
    year: FinancialYear | None = None,
    version_id: int | None = None,
    kind: AssessmentKind | None = None,
):
    return _filtered(request, organisation_id, year, version_id, kind)


@router.get(
    "/organisations/{int:organisation_id}",
    response=list[AssessmentOut],
    summary="The same list, with the organisation in the path",
)
@paginate(Pagination)
def list_organisation_assessments(
    request,
    organisation_id: int,
    year: FinancialYear | None = None,
    version_id: int | None = None,
    kind: AssessmentKind | None = None,
):
    return _filtered(request, organisation_id, year, version_id, kind)


def _filtered(request, organisation_id, year, version_id, kind) -> QuerySet[Assessment]:
    access = organisation_for_user(request.user, organisation_id)
    assessments = selectors.organisation_assessments(request.user, access, clock.today())
    if year is not None:
        assessments = assessments.filter(year=year)
    if version_id is not None:
        assessments = assessments.filter(version_id=version_id)
    if kind is not None:
        assessments = assessments.filter(kind=kind)
    return assessments


@router.post("", response={201: AssessmentDetailOut}, summary="Start an assessment")
@write_access(_may_start)
def start_assessment(request, payload: StartIn):
    access = organisation_for_user(request.user, payload.organisation_id)
    version = version_for_user(request.user, payload.version_id)
    peer_partnership = None
    if payload.peer_partnership_id is not None:
        peer_partnership = _partnership_for_user(
            request.user, payload.peer_partnership_id
        ).partnership
    check_can_start(
        request.user,
        access,
        kind=payload.kind,
        year=payload.year,
        peer_partnership=peer_partnership,
    )
    assessment = services.assessment_start(
        acting_user=request.user,
        organisation=access.organisation,
        version=version,
        year=payload.year,
        kind=payload.kind,
        peer_partnership=peer_partnership,
    )
    assessment, assessment_access = _assessment(request, assessment.pk)
    return Status(201, _detail(assessment, assessment_access))


@router.get(
    "/{int:assessment_id}",
    response=AssessmentDetailOut,
    summary="An assessment with its scores at each stage, theme and overall scores, findings",
)
def get_assessment(request, assessment_id: int):
    assessment, access = _assessment(request, assessment_id)
    return _detail(assessment, access)


def _current_score(assessment: Assessment, criterion_id: int) -> Score:
    score = selectors.score_at(assessment, criterion_id, assessment.current_stage)
    if score is None:
        raise Http404(NOT_FOUND)
    return score


@router.put(
    "/{int:assessment_id}/scores/{int:criterion_id}",
    response=ScoreOut,
    summary="Save a criterion's score at the current stage (send the updated_at you read)",
)
@write_access(_needs(AssessmentNeed.SCORE))
@updates_record
def put_score(request, assessment_id: int, criterion_id: int, payload: ScoreIn):
    assessment, _ = _assessment(request, assessment_id, AssessmentNeed.SCORE)
    score = _current_score(assessment, criterion_id)
    expected = sent_version(request, payload.updated_at)
    with stale_as_conflict():
        services.score_save(
            acting_user=request.user,
            score=score,
            value=payload.value,
            narrative=payload.narrative,
            strengths=payload.strengths,
            areas_for_improvement=payload.areas_for_improvement,
            expected_updated_at=expected,
        )
    return _current_score(assessment, criterion_id)


@router.patch(
    "/{int:assessment_id}/scores/{int:criterion_id}",
    response=ScoreOut,
    summary="Change some of a criterion's score fields; those left out keep their values",
)
@write_access(_needs(AssessmentNeed.SCORE))
@updates_record
def patch_score(request, assessment_id: int, criterion_id: int, payload: ScorePatchIn):
    assessment, _ = _assessment(request, assessment_id, AssessmentNeed.SCORE)
    score = _current_score(assessment, criterion_id)
    expected = sent_version(request, payload.updated_at)
    sent = payload.dict(exclude_unset=True)
    fields = ("value", "narrative", "strengths", "areas_for_improvement")
    values = {name: sent.get(name, getattr(score, name)) for name in fields}
    for text in fields[1:]:
        values[text] = values[text] or ""
    with stale_as_conflict():
        services.score_save(
            acting_user=request.user,
            score=score,
            expected_updated_at=expected,
            **values,
        )
    return _current_score(assessment, criterion_id)


@router.post(
    "/{int:assessment_id}/scores/{int:criterion_id}/amend",
    response={201: AmendmentOut},
    summary="Correct a final (locked) score with a reason; the old value stays in history",
)
@write_access(_needs(AssessmentNeed.SCORE))
@updates_record
def amend_score(request, assessment_id: int, criterion_id: int, payload: AmendIn):
    assessment, _ = _assessment(request, assessment_id, AssessmentNeed.SCORE)
    score = selectors.score_at(assessment, criterion_id, ScoreStage.FINAL)
    if score is None:
        raise Http404(NOT_FOUND)
    expected = sent_version(request, payload.updated_at)
    with stale_as_conflict():
        amendment = services.score_amend(
            acting_user=request.user,
            score=score,
            expected_updated_at=expected,
            **payload.dict(exclude={"updated_at"}),
        )
    return Status(201, amendment)


@router.put(
    "/{int:assessment_id}/rolled-up/{int:rolled_up_id}",
    response=RolledUpOut,
    summary="Enter a theme or overall score (a manual rule, or an override with a reason)",
)
@write_access(_needs(AssessmentNeed.SCORE))
@updates_record
def put_rolled_up(request, assessment_id: int, rolled_up_id: int, payload: RolledUpIn):
    assessment, _ = _assessment(request, assessment_id, AssessmentNeed.SCORE)
    rolled_up = assessment.rolled_up_scores.filter(pk=rolled_up_id).first()
    if rolled_up is None:
        raise Http404(NOT_FOUND)
    expected = sent_version(request, payload.updated_at)
    with stale_as_conflict():
        services.rolled_up_enter(
            acting_user=request.user,
            rolled_up=rolled_up,
            expected_updated_at=expected,
            **payload.dict(exclude={"updated_at"}),
        )
    return assessment.rolled_up_scores.select_related("theme").get(pk=rolled_up_id)


def _transition_out(request, assessment_id: int) -> Assessment:
    assessment, access = _assessment(request, assessment_id)
    return _detail(assessment, access)


@router.post(
    "/{int:assessment_id}/submit",
    response=AssessmentDetailOut,
    summary="Submit; with criteria not scored, only with confirm_incomplete true (else 422)",
)
@write_access(_needs(AssessmentNeed.SUBMIT))
def submit_assessment(request, assessment_id: int, payload: SubmitIn | None = None):
    assessment, _ = _assessment(request, assessment_id, AssessmentNeed.SUBMIT)
    services.assessment_submit(
        acting_user=request.user,
        assessment=assessment,
        confirm_incomplete=bool(payload and payload.confirm_incomplete),
    )
    return _transition_out(request, assessment_id)


@router.post(
    "/{int:assessment_id}/reopen",
    response=AssessmentDetailOut,
    summary="Return a submitted self-assessment to draft (managers), with a reason",
)
@write_access(_may_reopen)
def reopen_assessment(request, assessment_id: int, payload: ReasonIn):
    assessment, access = _assessment(request, assessment_id)
    if not access.can_reopen:
        raise PermissionDenied(NEEDS_ROLE)
    services.assessment_reopen(acting_user=request.user, assessment=assessment, **payload.dict())
    return _transition_out(request, assessment_id)


@router.post(
    "/{int:assessment_id}/finalise",
    response=AssessmentDetailOut,
    summary="Record final scores (criterion id to value; others keep the provisional value)",
)
@write_access(_needs(AssessmentNeed.AUDIT))
def finalise_assessment(request, assessment_id: int, payload: FinaliseIn):
    assessment, _ = _assessment(request, assessment_id, AssessmentNeed.AUDIT)
    services.assessment_finalise(
        acting_user=request.user,
        assessment=assessment,
        final_values=payload.final_values,
        publish_on=payload.publish_on,
    )
    return _transition_out(request, assessment_id)


@router.post("/{int:assessment_id}/publish", response=AssessmentDetailOut, summary="Publish")
@write_access(_needs(AssessmentNeed.AUDIT))
def publish_assessment(request, assessment_id: int):
    assessment, _ = _assessment(request, assessment_id, AssessmentNeed.AUDIT)
    services.assessment_publish(acting_user=request.user, assessment=assessment)
    return _transition_out(request, assessment_id)


def _finding_type(assessment: Assessment, finding_type_id: int) -> FindingType:
    found = FindingType.objects.filter(pk=finding_type_id, version=assessment.version).first()
    if found is None:
        raise ValidationError({"finding_type_id": "Choose a type of finding from this version."})
    return found


def _criterion(assessment: Assessment, criterion_id: int | None) -> Criterion | None:
    if criterion_id is None:
        return None
    found = Criterion.objects.filter(pk=criterion_id, version=assessment.version).first()
    if found is None:
        raise ValidationError({"criterion_id": "Choose a criterion from this version."})
    return found


def _can_raise_findings(access) -> None:
    if not access.can_raise_findings:
        raise PermissionDenied(NEEDS_ROLE)


def _finding(assessment: Assessment, finding_id: int) -> Finding:
    finding = selectors.assessment_findings(assessment).filter(pk=finding_id).first()
    if finding is None:
        raise Http404(NOT_FOUND)
    return finding


@router.post(
    "/{int:assessment_id}/findings",
    response={201: FindingOut},
    summary="Record a finding or recommendation (the auditor or peer reviewer)",
)
@write_access(_may_raise_findings)
def add_finding(request, assessment_id: int, payload: FindingIn):
    assessment, access = _assessment(request, assessment_id)
    _can_raise_findings(access)
    finding = services.finding_add(
        acting_user=request.user,
        assessment=assessment,
        finding_type=_finding_type(assessment, payload.finding_type_id),
        title=payload.title,
        detail=payload.detail,
        criterion=_criterion(assessment, payload.criterion_id),
    )
    return Status(201, _finding(assessment, finding.pk))


@router.patch(
    "/{int:assessment_id}/findings/{int:finding_id}",
    response=FindingOut,
    summary="Change a finding; fields left out keep their values",
)
@write_access(_may_raise_findings)
@updates_record
def patch_finding(request, assessment_id: int, finding_id: int, payload: FindingPatchIn):
    assessment, access = _assessment(request, assessment_id)
    _can_raise_findings(access)
    finding = _finding(assessment, finding_id)
    expected = sent_version(request, payload.updated_at)
    sent = payload.dict(exclude_unset=True)
    type_id = sent.get("finding_type_id", finding.finding_type_id)
    criterion_id = sent.get("criterion_id", finding.criterion_id)
    with stale_as_conflict():
        services.finding_update(
            acting_user=request.user,
            finding=finding,
            title=sent.get("title") or finding.title,
            detail=sent.get("detail", finding.detail) or "",
            finding_type=_finding_type(assessment, type_id),
            criterion=_criterion(assessment, criterion_id),
            expected_updated_at=expected,
        )
    return _finding(assessment, finding_id)


@router.post(
    "/{int:assessment_id}/findings/{int:finding_id}/response",
    response=FindingOut,
    summary="The body's management response to a finding (its editors and managers)",
)
@write_access(_needs(AssessmentNeed.RESPOND))
@updates_record
def respond_to_finding(request, assessment_id: int, finding_id: int, payload: ResponseIn):
    assessment, _ = _assessment(request, assessment_id, AssessmentNeed.RESPOND)
    finding = _finding(assessment, finding_id)
    expected = sent_version(request, payload.updated_at)
    with stale_as_conflict():
        services.finding_respond(
            acting_user=request.user,
            finding=finding,
            response=payload.response,
            expected_updated_at=expected,
        )
    return _finding(assessment, finding_id)


SOURCE_UNKNOWN = "Choose a source: {choices}."
SHIFT_UNKNOWN = "Choose a shift of {choices}."
NOTHING_ASSESSED = (
    "No member has results the partnership can see yet: give version_id and year to choose."
)


def _version_and_year(request, partnership, version_id: int | None, year: int | None, today):
    """The version and year asked for; by default the latest year with results (as the page)."""
    if version_id is not None and year is not None:
        return version_for_user(request.user, version_id), year
    latest = dashboard.assessed_version_years(partnership, today)
    if version_id is None:
        if not latest:
            raise ValidationError({"version_id": NOTHING_ASSESSED})
        version_id = max(latest, key=lambda pk: (latest[pk], pk))
    version = version_for_user(request.user, version_id)
    if year is None:
        year = latest.get(version.pk, version.first_year)
    return version, year


def _check_choices(source: str, shift: int) -> None:
    if source not in dashboard.SOURCES:
        choices = ", ".join(dashboard.SOURCES)
        raise ValidationError({"source": SOURCE_UNKNOWN.format(choices=choices)})
    if shift not in dashboard.SHIFTS:
        choices = ", ".join(str(s) for s in sorted(dashboard.SHIFTS))
        raise ValidationError({"shift": SHIFT_UNKNOWN.format(choices=choices)})


@router.get(
    "/partnerships/{int:partnership_id}/distribution",
    response=DistributionOut,
    summary="Members' scores per criterion, theme and overall, and progress against targets",
)
def partnership_distribution(
    request,
    partnership_id: int,
    version_id: int | None = None,
    year: FinancialYear | None = None,
    source: str = dashboard.SOURCE_FINAL,
    shift: int = 0,
    threshold: int | None = None,
):
    """Without `version_id` and `year`: the latest year in which the partnership can see results.
    `shift` (−1, 0 or 1) moves every score a level: the projection control of the page."""
    access = _partnership_for_user(request.user, partnership_id)
    _check_choices(source, shift)
    today = clock.today()
    version, year = _version_and_year(request, access.partnership, version_id, year, today)
    distribution, targets = dashboard.partnership_dashboard(
        access.partnership,
        version,
        year,
        source=source,
        today=today,
        shift=shift,
        threshold=threshold,
    )
    return {
        "partnership_id": access.partnership.pk,
        "version_id": version.pk,
        **distribution.as_dict(),
        "targets": [{**vars(t), "status": t.status} for t in targets],
    }
