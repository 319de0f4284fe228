"""The API's request and response shapes for assessments (see `api.py`)."""

import datetime
from decimal import Decimal

from ninja import Field, Schema

from vfmhub.assessments.models import AssessmentKind, AssessmentStatus, ScoreStage
from vfmhub.core.api.versions import VersionedOut
from vfmhub.lib.years import FinancialYear


class AssessmentOut(Schema):
    id: int
    organisation_id: int
    version_id: int
    version_name: str
    year: int
    kind: AssessmentKind
    status: AssessmentStatus
    peer_partnership_id: int | None
    publish_on: datetime.date | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    submitted_at: datetime.datetime | None
    finalised_at: datetime.datetime | None
    published_at: datetime.datetime | None

    @staticmethod
    def resolve_version_name(obj) -> str:
        return obj.version.name


class AmendmentOut(Schema):
    old_value: int | None
    new_value: int | None
    old_narrative: str
    new_narrative: str
    reason: str
    amended_by_id: int | None
    amended_at: datetime.datetime


class ScoreOut(VersionedOut):
    id: int
    criterion_id: int
    criterion_code: str
    criterion_title: str
    theme_code: str
    stage: ScoreStage
    value: int | None
    narrative: str
    strengths: str
    areas_for_improvement: str
    scored_by_id: int | None
    scored_at: datetime.datetime | None
    updated_at: str  # exact, to send back as `updated_at` when saving
    amendments: list[AmendmentOut]

    @staticmethod
    def resolve_criterion_code(obj) -> str:
        return obj.criterion.code

    @staticmethod
    def resolve_criterion_title(obj) -> str:
        return obj.criterion.title

    @staticmethod
    def resolve_theme_code(obj) -> str:
        return obj.criterion.theme.code

    @staticmethod
    def resolve_amendments(obj) -> list:
        return list(obj.amendments.all())


class RolledUpOut(VersionedOut):
    id: int
    stage: ScoreStage
    theme_id: int | None
    theme_code: str | None
    calculated: int | None
    advisory: int | None
    value: int | None
    override_reason: str
    is_override: bool
    entered_by_id: int | None
    entered_at: datetime.datetime | None
    updated_at: str  # exact, to send back as `updated_at` when saving

    @staticmethod
    def resolve_theme_code(obj) -> str | None:
        return obj.theme.code if obj.theme else None


class FindingOut(VersionedOut):
    id: int
    criterion_id: int | None
    criterion_code: str | None
    finding_type_id: int
    finding_type: str
    title: str
    detail: str
    raised_by_id: int | None
    raised_at: datetime.datetime
    management_response: str
    response_by_id: int | None
    response_at: datetime.datetime | None
    updated_at: str  # exact, to send back as `updated_at` when saving

    @staticmethod
    def resolve_criterion_code(obj) -> str | None:
        return obj.criterion.code if obj.criterion else None

    @staticmethod
    def resolve_finding_type(obj) -> str:
        return obj.finding_type.code


class AssessmentDetailOut(AssessmentOut):
    """An assessment as `api._detail` prepares it (with `scores_out`, `rolled_up_out` and
    `findings_out` attached, so the response reads no more than those queries)."""

    scores: list[ScoreOut]
    rolled_up: list[RolledUpOut]
    findings: list[FindingOut]

    @staticmethod
    def resolve_scores(obj) -> list:
        return obj.scores_out

    @staticmethod
    def resolve_rolled_up(obj) -> list:
        return obj.rolled_up_out

    @staticmethod
    def resolve_findings(obj) -> list:
        return obj.findings_out


class StartIn(Schema):
    organisation_id: int
    version_id: int
    year: FinancialYear
    kind: AssessmentKind
    peer_partnership_id: int | None = None


class ScoreIn(Schema):
    value: int | None
    narrative: str = ""
    strengths: str = ""
    areas_for_improvement: str = ""
    updated_at: datetime.datetime | None = None


class ScorePatchIn(Schema):
    value: int | None = None
    narrative: str | None = None
    strengths: str | None = None
    areas_for_improvement: str | None = None
    updated_at: datetime.datetime | None = None


class ReasonIn(Schema):
    reason: str


class SubmitIn(Schema):
    confirm_incomplete: bool = Field(
        False,
        description="Needed to submit with criteria not scored: true confirms you mean to.",
    )


class FinaliseIn(Schema):
    final_values: dict[int, int | None] = {}
    publish_on: datetime.date | None = None


class AmendIn(Schema):
    value: int | None
    reason: str
    narrative: str | None = None
    updated_at: datetime.datetime | None = None  # the final score's, as read


class RolledUpIn(Schema):
    value: int | None
    reason: str = ""
    updated_at: datetime.datetime | None = None


class FindingIn(Schema):
    finding_type_id: int
    title: str
    detail: str = ""
    criterion_id: int | None = None


class FindingPatchIn(Schema):
    finding_type_id: int | None = None
    title: str | None = None
    detail: str | None = None
    criterion_id: int | None = None
    updated_at: datetime.datetime | None = None


class ResponseIn(Schema):
    response: str
    updated_at: datetime.datetime | None = None  # the finding's, as read


class DistributionLevelOut(Schema):
    value: int
    label: str


class DistributionRowOut(Schema):
    label: str
    kind: str
    code: str
    group: str
    counts: dict[str, int]
    not_scored: int
    members_counted: int
    at_or_above: int
    at_or_above_share: str | None
    mean: str | None


class TargetLineOut(Schema):
    label: str
    members_counted: int
    at_or_above: int
    share: Decimal | None
    mean: Decimal | None
    below: list[str]
    met: bool | None


class TargetProgressOut(Schema):
    target_id: int
    title: str
    words: str
    kind: str
    level: Decimal
    share_percent: Decimal | None
    due_date: datetime.date
    body_types: list[str]
    lines: list[TargetLineOut]
    members_not_assessed: list[str]
    met: bool | None
    overdue: bool
    status: str


class DistributionOut(Schema):
    partnership_id: int
    version_id: int
    year: int
    source: str
    shift: int
    threshold: int
    levels: list[DistributionLevelOut]
    rows: list[DistributionRowOut]
    members_counted: int
    members_assessed: list[str]
    members_not_assessed: list[str]
    targets: list[TargetProgressOut]
