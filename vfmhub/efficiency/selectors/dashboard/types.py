"""What the programme dashboard shows, as plain data: the page, the exports, the PDF report and
the API all read these, so they cannot disagree."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from vfmhub.efficiency.calculations import difference
from vfmhub.efficiency.models import EfficiencyProgramme

NOT_RATED = ""
NOT_RATED_LABEL = "Not rated"


@dataclass(frozen=True)
class BodyReturn:
    """One participant's standing for the chosen year and kind: received (with when) or missing."""

    organisation_id: int
    name: str
    gss_code: str
    received: bool
    return_id: int | None = None
    submitted_at: datetime.datetime | None = None
    is_late: bool = False
    is_overdue: bool = False


@dataclass(frozen=True)
class RatingCell:
    """One cell of the Green/Amber/Red table: a rating ("" = not rated) and the bodies in it."""

    rating: str
    label: str
    bodies: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.bodies)


@dataclass(frozen=True)
class RatingRow:
    year: int
    cells: tuple[RatingCell, ...]

    def cell(self, rating: str) -> RatingCell:
        return next(c for c in self.cells if c.rating == rating)

    @property
    def counts(self) -> dict[str, int]:
        return {c.rating: c.count for c in self.cells}


@dataclass(frozen=True)
class YearTargetLine:
    """The programme's cumulative target for one year, against the aggregate baseline."""

    year: int
    percent: Decimal  # one place, as published (9.4)
    amount: Decimal | None  # £, None without baselines


@dataclass(frozen=True)
class BodyProgress:
    """A body that returned: its value against its own baseline and the year's target."""

    organisation_id: int
    name: str
    baseline: Decimal | None
    value: Decimal | None
    percent: Decimal | None
    target_percent: Decimal | None
    target_amount: Decimal | None
    rating: str  # its rating for the chosen year, "" if none

    @property
    def difference(self) -> Decimal | None:
        """Percentage points above (+) or below (−) its target."""
        return difference(self.percent, self.target_percent)


@dataclass
class ProgrammeDashboard:
    """Everything on the programme dashboard for one year and kind of return."""

    programme: EfficiencyProgramme
    year: int
    kind: str
    today: datetime.date
    years_with_returns: list[int]
    due_on: datetime.date | None
    returns: list[BodyReturn]
    ratings: list[RatingRow]
    targets: list[YearTargetLine]
    aggregate_baseline: Decimal | None
    achieved: Decimal
    achieved_percent: Decimal | None
    target: YearTargetLine | None
    bodies: list[BodyProgress]
    threshold: Decimal | None
    below_threshold: list[BodyProgress] = field(default_factory=list)

    @property
    def received(self) -> list[BodyReturn]:
        return [r for r in self.returns if r.received]

    @property
    def missing(self) -> list[BodyReturn]:
        return [r for r in self.returns if not r.received]

    @property
    def participant_count(self) -> int:
        return len(self.returns)

    @property
    def shortfall(self) -> Decimal | None:
        """£ still to find against the year's cumulative target (negative when ahead)."""
        if self.target is None or self.target.amount is None:
            return None
        return self.target.amount - self.achieved
