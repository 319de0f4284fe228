"""Reading risk registers: a partnership's registers, a register's risks, its heat map and the
risks overdue for review. Callers have checked access to the owner already."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from vfmhub.organisations.access import NOT_FOUND
from vfmhub.plans.models import Action
from vfmhub.programme.access.owners import PARTNERSHIP, RegisterOwner
from vfmhub.programme.models import Risk, RiskMatrix, RiskRegister, RiskStatus

SORTS = {
    "score": ["-current_score", "title", "pk"],
    "-score": ["current_score", "title", "pk"],
    "title": ["title", "pk"],
    "review": ["review_date", "title", "pk"],
}


def registers_for_owner(owner: RegisterOwner) -> QuerySet[RiskRegister]:
    """The owner's registers (for a partnership, its projects' registers too), counting risks."""
    return (
        RiskRegister.objects.filter(owner.registers_filter())
        .select_related("matrix", "project")
        .annotate(
            open_count=Count("risks", filter=Q(risks__status=RiskStatus.OPEN)),
            risk_count=Count("risks"),
        )
        .order_by(F("project__name").asc(nulls_first=True), "name", "pk")
    )


def registers_for_partnership(partnership) -> QuerySet[RiskRegister]:
    return registers_for_owner(RegisterOwner(PARTNERSHIP, partnership=partnership))


def register_of_owner(owner: RegisterOwner, register_id) -> RiskRegister:
    register = (
        RiskRegister.objects.select_related("matrix", "partnership", "organisation", "project")
        .filter(owner.registers_filter(), pk=register_id)
        .first()
    )
    if register is None:
        raise Http404(NOT_FOUND)
    return register


def register_of_partnership(partnership, register_id) -> RiskRegister:
    """A register of the partnership or of one of its projects; 404 otherwise."""
    return register_of_owner(RegisterOwner(PARTNERSHIP, partnership=partnership), register_id)


def risk_of_owner(owner: RegisterOwner, risk_id) -> Risk:
    risk = (
        Risk.objects.select_related(
            "register__matrix",
            "register__partnership",
            "register__organisation",
            "register__project",
            "owner_user",
        )
        .filter(owner.registers_filter("register__"), pk=risk_id)
        .first()
    )
    if risk is None:
        raise Http404(NOT_FOUND)
    return risk


def risk_of_partnership(partnership, risk_id) -> Risk:
    return risk_of_owner(RegisterOwner(PARTNERSHIP, partnership=partnership), risk_id)


def linkable_plan_actions(register: RiskRegister) -> QuerySet[Action]:
    """Plan actions a register's risks may name as mitigation: a body's register, the body's own
    plans; a partnership's or project's register, the plans shared with the partnership."""
    if register.organisation_id:
        plans = Q(item__plan__organisation_id=register.organisation_id)
    else:
        plans = Q(item__plan__shared_with_id=register.owner_partnership_id)
    return (
        Action.objects.filter(plans)
        .select_related("item__plan__organisation")
        .order_by(
            "item__plan__organisation__name", "item__plan__title", "item__order", "order", "pk"
        )
    )


def register_risks(
    register: RiskRegister, *, sort: str = "score", status: str | None = None
) -> QuerySet[Risk]:
    risks = Risk.objects.filter(register=register).select_related("owner_user")
    if status:
        risks = risks.filter(status=status)
    return risks.order_by(*SORTS.get(sort, SORTS["score"]))


def is_overdue(risk: Risk, today: datetime.date) -> bool:
    return bool(risk.status == RiskStatus.OPEN and risk.review_date and risk.review_date < today)


def due_for_review(risks, today: datetime.date) -> list[Risk]:
    """Open risks whose review date has come (on or before today): the home page counts these."""
    return [
        r for r in risks if r.status == RiskStatus.OPEN and r.review_date and r.review_date <= today
    ]


def overdue(risks, today: datetime.date) -> list[Risk]:
    return sorted(
        (r for r in risks if is_overdue(r, today)),
        key=lambda r: (r.review_date, r.title),
    )


@dataclass
class Cell:
    likelihood: int
    impact: int
    band: str
    risks: list[Risk] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.risks)


@dataclass
class HeatRow:
    likelihood: int
    label: str
    cells: list[Cell]


@dataclass
class HeatMap:
    matrix: RiskMatrix
    rows: list[HeatRow]  # highest likelihood first
    impacts: list[tuple[int, str]]  # lowest impact first

    @property
    def total(self) -> int:
        return sum(cell.count for row in self.rows for cell in row.cells)

    def count(self, likelihood: int, impact: int) -> int:
        return self.cell(likelihood, impact).count

    def cell(self, likelihood: int, impact: int) -> Cell:
        for row in self.rows:
            if row.likelihood == likelihood:
                return row.cells[impact - 1]
        raise KeyError((likelihood, impact))

    def counts(self) -> dict[tuple[int, int], int]:
        return {(c.likelihood, c.impact): c.count for row in self.rows for c in row.cells}


def heat_map(matrix: RiskMatrix, risks) -> HeatMap:
    """The open risks placed by their current likelihood and impact (no queries of its own)."""
    rows = [
        HeatRow(
            likelihood=likelihood,
            label=matrix.likelihood_label(likelihood),
            cells=[
                Cell(likelihood, impact, matrix.band_for(likelihood, impact))
                for impact in matrix.ratings
            ],
        )
        for likelihood in reversed(matrix.ratings)
    ]
    by_likelihood = {row.likelihood: row for row in rows}
    for risk in risks:
        if risk.status != RiskStatus.OPEN:
            continue
        row = by_likelihood.get(risk.current_likelihood)
        if row is not None and 1 <= risk.current_impact <= matrix.size:
            row.cells[risk.current_impact - 1].risks.append(risk)
    impacts = [(i, matrix.impact_label(i)) for i in matrix.ratings]
    return HeatMap(matrix=matrix, rows=rows, impacts=impacts)


def rating_history(risk: Risk):
    return risk.ratings.select_related("rated_by").order_by("-rated_at", "-pk")
