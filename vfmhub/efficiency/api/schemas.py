"""The API's request and response shapes for efficiency programmes (see `api.py`).

Money is sent and returned as decimal strings (pounds and pence), percentages to one place.
"""

import datetime
from decimal import Decimal

from ninja import Field, Schema

from vfmhub.core.api.versions import VersionedOut
from vfmhub.efficiency.models import BaselineKind, Rating, ReturnKind, ReturnStatus, TargetMethod
from vfmhub.lib.money import Money
from vfmhub.lib.years import FinancialYear


class ProgrammeOut(VersionedOut):
    id: int
    partnership_id: int | None
    organisation_id: int | None
    name: str
    indicator_code: str
    baseline_year: int
    first_year: int
    last_year: int
    method: TargetMethod
    description: str
    updated_at: str


class TargetOut(Schema):
    year: int
    percent: Decimal
    cumulative_percent: Decimal  # one place: 3.0, 6.0, 9.4 (added) or 3.0, 6.1, 9.3 (compounded)


class DeadlineOut(Schema):
    year: int
    kind: ReturnKind
    due_on: datetime.date


class BaselineOut(Schema):
    kind: BaselineKind
    year: int
    amount: Decimal
    source: str


class ParticipantOut(Schema):
    organisation_id: int
    name: str
    body_type: str
    carry_forward: Decimal
    carry_forward_source: str
    baselines: list[BaselineOut]
    baseline_total: Decimal | None


class ProgrammeDetailOut(ProgrammeOut):
    indicator_definition: str
    targets: list[TargetOut]
    deadlines: list[DeadlineOut]
    participants: list[ParticipantOut]
    categories: list[dict]


class GainOut(VersionedOut):
    id: int
    organisation_id: int
    description: str
    category_id: int | None
    category: str | None
    project_label: str
    first_year: int
    gross_annual_value: Decimal
    investment_cost: Decimal
    ongoing_cost: Decimal
    net_annual_value: Decimal
    is_cash_releasing: bool
    evidence: str
    persistence: str  # removed, confirmed, due, coming or live
    persistence_check_on: datetime.date
    persistence_confirmed_on: datetime.date | None
    removed_from_year: int | None
    removed_on: datetime.date | None
    removal_reason: str
    created_at: datetime.datetime
    updated_at: str

    @staticmethod
    def resolve_category(obj) -> str | None:
        return obj.category.name if obj.category_id else None


class GainIn(Schema):
    description: str
    first_year: FinancialYear
    gross_annual_value: Money
    investment_cost: Money = Decimal(0)
    ongoing_cost: Money = Decimal(0)
    is_cash_releasing: bool = True
    category_id: int | None = None
    project_label: str = ""
    evidence: str = ""


class GainPatchIn(Schema):
    """Fields left out keep their values; send `updated_at` as read to avoid overwrites (409)."""

    description: str | None = None
    first_year: FinancialYear | None = None
    gross_annual_value: Money | None = None
    investment_cost: Money | None = None
    ongoing_cost: Money | None = None
    is_cash_releasing: bool | None = None
    category_id: int | None = None
    project_label: str | None = None
    evidence: str | None = None
    updated_at: datetime.datetime | None = None


class GainRemoveIn(Schema):
    removed_from_year: FinancialYear
    removed_on: datetime.date | None = None  # today if left out
    reason: str
    updated_at: datetime.datetime | None = None  # the gain's, as read


class GainConfirmIn(Schema):
    confirmed_on: datetime.date | None = None  # today if left out
    updated_at: datetime.datetime | None = None  # the gain's, as read


class ReturnRatingOut(Schema):
    year: int
    rating: Rating


class ReturnOut(VersionedOut):
    id: int
    organisation_id: int
    year: int
    kind: ReturnKind
    version: int
    is_current: bool
    status: ReturnStatus
    reported_value: Decimal | None
    register_value: Decimal | None
    value: Decimal | None  # the reported total if given, else the register's
    difference: Decimal | None  # reported − register, where both exist
    narrative: str
    ratings: list[ReturnRatingOut]
    due_on: datetime.date | None = None
    is_late: bool = False
    created_by_id: int | None
    created_at: datetime.datetime
    submitted_by_id: int | None
    submitted_at: datetime.datetime | None
    updated_at: str  # exact, to send back when saving or submitting the draft

    @staticmethod
    def resolve_ratings(obj) -> list:
        return list(obj.ratings.all())


class ReturnIn(Schema):
    """Save the draft for a year and kind (a new version after a submission)."""

    year: FinancialYear
    kind: ReturnKind
    reported_value: Money | None = None  # leave out to use the gains register
    ratings: dict[FinancialYear, Rating] = Field(default_factory=dict)  # year -> G, A or R
    narrative: str = ""
    updated_at: datetime.datetime | None = None  # the draft's, as read (none if no draft yet)


class BodyReturnOut(Schema):
    organisation_id: int
    name: str
    gss_code: str
    received: bool
    return_id: int | None
    submitted_at: datetime.datetime | None
    is_late: bool
    is_overdue: bool


class RatingCellOut(Schema):
    rating: str  # G, A, R or "" (not rated)
    label: str
    count: int
    bodies: list[str]


class RatingRowOut(Schema):
    year: int
    cells: list[RatingCellOut]


class ProgrammeTargetLineOut(Schema):
    year: int
    percent: Decimal
    amount: Decimal | None


class BodyProgressOut(Schema):
    organisation_id: int
    name: str
    baseline: Decimal | None
    value: Decimal | None
    percent: Decimal | None
    target_percent: Decimal | None
    target_amount: Decimal | None
    difference: Decimal | None
    rating: str


class DashboardOut(Schema):
    programme_id: int
    year: int
    kind: ReturnKind
    years_with_returns: list[int]
    due_on: datetime.date | None
    participant_count: int
    received: list[BodyReturnOut]
    missing: list[BodyReturnOut]
    ratings: list[RatingRowOut]
    targets: list[ProgrammeTargetLineOut]
    aggregate_baseline: Decimal | None
    achieved: Decimal
    achieved_percent: Decimal | None
    target: ProgrammeTargetLineOut | None
    shortfall: Decimal | None
    bodies: list[BodyProgressOut]
    threshold: Decimal | None
    below_threshold: list[BodyProgressOut]

    @staticmethod
    def resolve_programme_id(obj) -> int:
        return obj.programme.pk
