"""The API's request and response shapes for improvement plans (see `plans.api`)."""

import datetime

from ninja import Schema

from vfmhub.core.api.versions import VersionedOut
from vfmhub.core.api.writes import refuse_null
from vfmhub.lib import clock
from vfmhub.lib.years import FinancialYear
from vfmhub.plans.models import ActionStatus, ItemSource, PlanStatus, ReviewStatus
from vfmhub.plans.selectors.tables import criterion_label, is_overdue, theme_label


class RoundOut(Schema):
    id: int
    label: str
    as_at: datetime.date | None
    order: int


class PlanOut(VersionedOut):
    id: int
    organisation_id: int
    title: str
    version_id: int | None
    version_name: str | None
    year: int | None
    owner_id: int | None
    status: PlanStatus
    description: str
    shared_with_id: int | None
    shared_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: str  # exact, to send back as `updated_at` when saving

    @staticmethod
    def resolve_version_name(obj) -> str | None:
        return obj.version.name if obj.version_id else None


class PlanDetailOut(PlanOut):
    """A plan as `selectors.plans.plan_with_counts` prepares it (rounds and counts attached)."""

    rounds: list[RoundOut]
    item_count: int
    action_count: int
    overdue_count: int

    @staticmethod
    def resolve_rounds(obj) -> list:
        return obj.rounds_out


class ItemOut(VersionedOut):
    id: int
    plan_id: int
    text: str
    criterion_id: int | None
    criterion_code: str | None
    theme: str  # as the plan table groups it: the criterion's theme, else the theme heading
    theme_heading: str
    criterion_heading: str
    source: ItemSource
    finding_id: int | None
    order: int
    updated_at: str

    @staticmethod
    def resolve_criterion_code(obj) -> str | None:
        return obj.criterion.code if obj.criterion_id else None

    @staticmethod
    def resolve_theme(obj) -> str:
        return theme_label(obj)


class UpdateOut(Schema):
    id: int
    round_id: int
    round_label: str
    text: str
    status: str
    rag: str
    is_current: bool
    corrects_id: int | None
    correction_reason: str
    author_id: int | None
    author_label: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_round_label(obj) -> str:
        return obj.round.label


class ActionOut(VersionedOut):
    id: int
    item_id: int
    theme: str
    criterion: str
    description: str
    officer: str
    officer_user_id: int | None
    target_date: datetime.date | None
    status: ActionStatus
    rag: str
    no_action_reason: str
    added_in_round_id: int | None
    added_from: str
    order: int
    is_overdue: bool
    current_updates: list[UpdateOut]  # one per round at most, in round order
    updated_at: str

    @staticmethod
    def resolve_theme(obj) -> str:
        return theme_label(obj.item)

    @staticmethod
    def resolve_criterion(obj) -> str:
        return criterion_label(obj.item)

    @staticmethod
    def resolve_is_overdue(obj) -> bool:
        return is_overdue(obj, clock.today())

    @staticmethod
    def resolve_current_updates(obj) -> list:
        return obj.current


class ActionDetailOut(ActionOut):
    """One action with every update, corrected ones included (`action_with_history`)."""

    plan_id: int
    history: list[UpdateOut]

    @staticmethod
    def resolve_plan_id(obj) -> int:
        return obj.item.plan_id

    @staticmethod
    def resolve_history(obj) -> list:
        return obj.history


class MyActionOut(ActionOut):
    plan_id: int
    plan_title: str
    organisation_id: int
    organisation_name: str

    @staticmethod
    def resolve_plan_id(obj) -> int:
        return obj.item.plan_id

    @staticmethod
    def resolve_plan_title(obj) -> str:
        return obj.item.plan.title

    @staticmethod
    def resolve_organisation_id(obj) -> int:
        return obj.item.plan.organisation_id

    @staticmethod
    def resolve_organisation_name(obj) -> str:
        return obj.item.plan.organisation.name


class ReviewCommentOut(Schema):
    item_id: int
    comment: str


class ReviewOut(VersionedOut):
    id: int
    plan_id: int
    partnership_id: int
    reviewer_id: int | None
    status: ReviewStatus
    overall_comment: str
    rating_id: int | None
    rating_value: int | None
    rating_label: str | None
    submitted_at: datetime.datetime | None
    response: str
    response_by_id: int | None
    response_at: datetime.datetime | None
    comments: list[ReviewCommentOut]
    created_at: datetime.datetime
    updated_at: str

    @staticmethod
    def resolve_rating_value(obj) -> int | None:
        return obj.rating.value if obj.rating_id else None

    @staticmethod
    def resolve_rating_label(obj) -> str | None:
        return obj.rating.label if obj.rating_id else None

    @staticmethod
    def resolve_comments(obj) -> list:
        return list(obj.comments.all())


class PlanIn(Schema):
    organisation_id: int
    title: str
    version_id: int | None = None
    year: FinancialYear | None = None
    owner_id: int | None = None
    description: str = ""


class PlanPatchIn(Schema):
    title: str | None = None
    version_id: int | None = None
    year: FinancialYear | None = None
    owner_id: int | None = None
    status: PlanStatus | None = None
    description: str | None = None
    updated_at: datetime.datetime | None = None

    _not_null = refuse_null("title", "description", "status")


class ItemIn(Schema):
    text: str
    criterion_id: int | None = None
    theme_heading: str = ""
    criterion_heading: str = ""
    source: ItemSource = ItemSource.OTHER


class ItemPatchIn(Schema):
    text: str | None = None
    criterion_id: int | None = None
    theme_heading: str | None = None
    criterion_heading: str | None = None
    source: ItemSource | None = None
    order: int | None = None
    updated_at: datetime.datetime | None = None


class FindingItemIn(Schema):
    finding_id: int


class ActionIn(Schema):
    description: str
    officer: str = ""
    officer_user_id: int | None = None
    target_date: datetime.date | None = None
    status: ActionStatus = ActionStatus.NOT_STARTED
    no_action_reason: str = ""
    rag: str = ""
    added_in_round_id: int | None = None
    added_from: str = ""


class ActionPatchIn(Schema):
    description: str | None = None
    officer: str | None = None
    officer_user_id: int | None = None
    target_date: datetime.date | None = None
    status: ActionStatus | None = None
    no_action_reason: str | None = None
    rag: str | None = None
    added_in_round_id: int | None = None
    added_from: str | None = None
    order: int | None = None
    updated_at: datetime.datetime | None = None


class RoundIn(Schema):
    label: str
    as_at: datetime.date | None = None


class UpdateIn(Schema):
    round_id: int
    text: str
    status: str = ""
    rag: str = ""


class CorrectionIn(Schema):
    text: str
    reason: str
    status: str = ""
    rag: str = ""


class EntryIn(Schema):
    action_id: int
    text: str
    status: str = ""
    rag: str = ""


class RoundEntryIn(Schema):
    entries: list[EntryIn]


class ShareIn(Schema):
    partnership_id: int


class ReviewSaveIn(Schema):
    overall_comment: str
    rating_id: int | None = None
    item_comments: dict[int, str] = {}
    updated_at: datetime.datetime | None = None


class RespondIn(Schema):
    response: str
    updated_at: datetime.datetime | None = None  # the review's, as read
