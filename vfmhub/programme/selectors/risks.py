"""Reading risk registers: an owner's registers, a register's risks, its heat map and the risks
overdue for review, a risk's history and the plan actions it may name. Callers have reached the
owner, register or risk through the access layer already (`access/risks.py`)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet

from vfmhub.plans.models import Action, Plan
from vfmhub.programme.access.owners import RegisterOwner
from vfmhub.programme.models import Project, Risk, RiskMatrix, RiskRating, RiskRegister, RiskStatus

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


def risk_matrices() -> QuerySet[RiskMatrix]:
    """The matrices a register may use, smallest first."""
    return RiskMatrix.objects.order_by("size", "pk")


def project_registers(project: Project) -> QuerySet[RiskRegister]:
    """A project's registers, counting their open risks."""
    return project.risk_registers.annotate(
        open_count=Count("risks", filter=Q(risks__status=RiskStatus.OPEN))
    ).order_by("name", "pk")


def register_risks(
    register: RiskRegister,
    *,
    sort: str = "score",
    status: str | None = None,
    overdue: bool | None = None,
    today: datetime.date | None = None,
    with_plan_actions: bool = False,
) -> QuerySet[Risk]:
    """A register's risks in the order `sort` names (highest current score first unless it
    names another of SORTS); only those of `status`, and those overdue for review on `today`
    (or not, with `overdue=False`) when asked."""
    risks = Risk.objects.filter(register=register).select_related("owner_user", "register__matrix")
    if status:
        risks = risks.filter(status=status)
    if overdue is not None:
        due = Q(status=RiskStatus.OPEN, review_date__lt=today)
        risks = risks.filter(due) if overdue else risks.exclude(due)
    if with_plan_actions:
        risks = risks.prefetch_related("plan_actions")
    return risks.order_by(*SORTS.get(sort, SORTS["score"]))


def is_overdue(risk: Risk, today: datetime.date) -> bool:
    return bool(risk.status == RiskStatus.OPEN and risk.review_date and risk.review_date < today)


def risks_rated(risks: Iterable[Risk], matrix: RiskMatrix, today: datetime.date) -> list[Risk]:
    """The risks with what pages and the API show of their current rating on the register's
    matrix: `band`, `likelihood_text`, `impact_text` and `overdue` (no queries of its own)."""
    rated = []
    for risk in risks:
        likelihood, impact = risk.current_likelihood, risk.current_impact
        risk.band = matrix.band_for(likelihood, impact)  # type: ignore[attr-defined]
        risk.likelihood_text = matrix.likelihood_label(likelihood)  # type: ignore[attr-defined]
        risk.impact_text = matrix.impact_label(impact)  # type: ignore[attr-defined]
        risk.overdue = is_overdue(risk, today)  # type: ignore[attr-defined]
        rated.append(risk)
    return rated


def due_for_review(risks: Iterable[Risk], today: datetime.date) -> list[Risk]:
    """Open risks whose review date has come (on or before today): the home page counts these."""
    return [
        r for r in risks if r.status == RiskStatus.OPEN and r.review_date and r.review_date <= today
    ]


def overdue(risks: Iterable[Risk], today: datetime.date) -> list[Risk]:
    return sorted(
        (r for r in risks if is_overdue(r, today)),
        key=lambda r: (r.review_date or today, r.title),
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


def heat_map(matrix: RiskMatrix, risks: Iterable[Risk]) -> HeatMap:
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


def rating_history(risk: Risk) -> QuerySet[RiskRating]:
    return risk.ratings.select_related("rated_by").order_by("-rated_at", "-pk")


def risk_plan_actions(risk: Risk) -> QuerySet[Action]:
    """The plan actions linked to the risk, with their plans and bodies."""
    return risk.plan_actions.select_related("item__plan__organisation").order_by("pk")


def linkable_plans(register: RiskRegister) -> QuerySet[Plan]:
    """The plans with actions the register's risks may name (see `linkable_plan_actions`)."""
    actions = linkable_plan_actions(register)
    return (
        Plan.objects.filter(pk__in=actions.values("item__plan"))
        .select_related("organisation")
        .order_by("organisation__name", "title", "pk")
    )


def actions_to_link(risk: Risk, plan: Plan) -> QuerySet[Action]:
    """The plan's actions the risk may name and does not yet."""
    return linkable_plan_actions(risk.register).filter(item__plan=plan).exclude(risks=risk)
