"""Programme history: delivery registers for a few projects and more rated risks on seed 001's
strategic register."""

import datetime
import random
from dataclasses import dataclass, field

from vfmhub.demo.generator import DemoContext, create_missing
from vfmhub.lib.years import financial_year_bounds
from vfmhub.programme.demo.history.common import aware_at, day_between
from vfmhub.programme.demo.history.projects import ProjectSpec, project_ids, project_specs
from vfmhub.programme.demo.risks import REGISTER_NAME, demo_matrices
from vfmhub.programme.models import (
    Project,
    ProjectStage,
    RatingKind,
    Risk,
    RiskMatrix,
    RiskRating,
    RiskRegister,
    RiskStatus,
)

RiskHistory = tuple[
    list[tuple[datetime.datetime, int, int]], tuple[int, int], tuple[int, int], bool
]


# Risks -------------------------------------------------------------------------------------------

STRATEGIC_RISKS = [
    "Funding for the programme is reduced in the spending review",
    "Member bodies withdraw from the partnership",
    "Efficiency targets are not met across the region",
    "Shared services fail to deliver the savings in their business cases",
    "Programme team capacity is lost through turnover",
    "Partners do not share data needed to measure outcomes",
    "Capital projects overrun their budgets",
    "Inspection regime changes the priorities of member bodies",
    "Local elections change the political leadership of partners",
    "Poor communication of the programme's achievements",
    "Procurement frameworks are challenged by suppliers",
    "Benefits of the programme are not evidenced",
    "Carry forward of unspent funding is not agreed",
    "District councils feel the programme favours larger bodies",
    "Fire and rescue authorities are not engaged",
    "Reorganisation of local government in the region",
    "Dependence on a small number of consultants",
    "Conflicts of interest in awarding funding",
    "Legal challenge to a shared service arrangement",
    "Information security breach on a shared system",
    "Economic downturn increases demand on services",
    "Pace of change outstrips the capacity of partners",
    "Regional structures are abolished",
    "Ring-fenced funding is spent outside its purpose",
]
PROJECT_RISKS = [
    "Business case not agreed by all partners",
    "Staff transfer delayed by consultation",
    "ICT systems cannot be integrated",
    "Savings take longer to realise than planned",
    "Service quality falls during transition",
    "A partner withdraws before go live",
    "Procurement of the new system is delayed",
    "Pension liabilities on staff transfer",
]
# demo_risks rates every risk on seed 001's strategic register at this review, each time it runs,
# unless the risk has a rating of each kind then: the risks added here are first rated at it.
STRATEGIC_REVIEW = (datetime.date(2009, 4, 1), 9)
DELIVERY_REGISTER = "Delivery risk register"
RISK_OWNERS = [
    "Programme manager",
    "Chair of the Advisory Group",
    "Head of efficiency",
    "Lead officer",
]
PROJECT_REGISTERS = (2, 4)  # how many projects per partnership get a delivery register


def _rating_history(
    rng: random.Random, years: list[int], first: datetime.datetime | None = None
) -> RiskHistory:
    """(current ratings over time, inherent, target, closed) for one risk on the 3 × 3 matrix:
    first rated at `first` (else a day in the years but the last), then re-rated later."""
    first_year = rng.choice(years[: max(1, len(years) - 1)])
    first = first or aware_at(day_between(rng, *financial_year_bounds(first_year)), 9)
    end = aware_at(financial_year_bounds(years[-1])[1], 9)
    count = rng.randint(2, 6)
    days = max(count, (end - first).days)
    offsets = [0, *sorted(rng.sample(range(1, days), count - 1))]
    likelihood, impact = rng.randint(1, 3), rng.randint(2, 3)
    ratings = []
    for offset in offsets:
        ratings.append((first + datetime.timedelta(days=offset), likelihood, impact))
        likelihood = max(1, min(3, likelihood + rng.choice((-1, -1, 0, 1))))
        impact = max(1, min(3, impact + rng.choice((-1, 0, 0, 0, 1))))
    _, first_likelihood, first_impact = ratings[0]
    inherent = (min(3, first_likelihood + 1), first_impact)
    target = (1, max(1, first_impact - 1))
    return ratings, inherent, target, rng.random() < 0.15


def _review_after(history: "RiskHistory", offset: int, last_day: datetime.date) -> datetime.date:
    """The next review: 20 to 180 days after the latest rating (`offset` is a draw in -40..120),
    never past the last day of the demo's years, so it sits in the history, not in today's year."""
    rated = history[0][-1][0].date()
    return max(rated, min(rated + datetime.timedelta(days=offset + 60), last_day))


def _risk(
    register_id: int, title: str, owner: str, history: "RiskHistory", review: datetime.date
) -> Risk:
    ratings, inherent, target, closed = history
    _, likelihood, impact = ratings[-1]
    closed_on = ratings[-1][0].date() + datetime.timedelta(days=30) if closed else None
    return Risk(
        register_id=register_id,
        title=title,
        owner=owner,
        inherent_likelihood=inherent[0],
        inherent_impact=inherent[1],
        current_likelihood=likelihood,
        current_impact=impact,
        current_score=likelihood * impact,  # bulk_create skips save(), which sets it
        target_likelihood=target[0],
        target_impact=target[1],
        mitigating_actions="Reviewed by the Advisory Group each quarter.",
        status=RiskStatus.CLOSED if closed else RiskStatus.OPEN,
        closed_on=closed_on,
        review_date=None if closed else review,
    )


@dataclass
class Drawn:
    """The risks drawn, and the ratings of each over the years by (register id, title)."""

    years: list[int]
    last_day: datetime.date
    risks: list[Risk] = field(default_factory=list)
    histories: dict[tuple[int, str], RiskHistory] = field(default_factory=dict)

    def draw(
        self,
        rng: random.Random,
        register: int | None,
        title: str,
        owner: str,
        first: datetime.datetime,
    ) -> None:
        """Draw a risk's ratings and next review; keep it if its register exists (the draws
        are made either way, so what follows is drawn the same)."""
        history = _rating_history(rng, self.years, first)
        review = _review_after(history, rng.randint(-40, 120), self.last_day)
        if register is None:
            return
        self.histories[(register, title)] = history
        self.risks.append(_risk(register, title, owner, history, review))


def _chosen_projects(
    ctx: DemoContext, rng: random.Random, specs: list[ProjectSpec], ids: dict
) -> list[ProjectSpec]:
    """A few projects of each partnership past the idea stage for a delivery register; the
    project demo_risks gives its project register (the first by name) gets no second one."""
    first_by_name: dict[int, str] = {}
    for partnership_id, name in (
        Project.objects.filter(partnership__in=ctx.partnerships)
        .order_by("name", "pk")
        .values_list("partnership_id", "name")
    ):
        first_by_name.setdefault(partnership_id, name)
    chosen: list[ProjectSpec] = []
    for partnership in ctx.partnerships:
        own = [
            s
            for s in specs
            if s.partnership_id == partnership.pk
            and s.stage != ProjectStage.IDEA
            and first_by_name.get(partnership.pk) != s.name
            and (s.partnership_id, s.name) in ids
        ]
        chosen += rng.sample(own, min(len(own), rng.randint(*PROJECT_REGISTERS)))
    return chosen


def _delivery_registers(
    ctx: DemoContext, chosen: list[ProjectSpec], ids: dict, matrix: RiskMatrix
) -> dict[int, int]:
    """The chosen projects' delivery registers (made if missing): project id -> register id."""
    create_missing(
        RiskRegister,
        (
            RiskRegister(
                name=DELIVERY_REGISTER,
                project_id=ids[(spec.partnership_id, spec.name)],
                matrix=matrix,
                description="Risks to delivering the project, reviewed at each Board.",
            )
            for spec in chosen
        ),
        ("project_id", "name"),
    )
    return dict(
        RiskRegister.objects.filter(
            name=DELIVERY_REGISTER, project__partnership__in=ctx.partnerships
        ).values_list("project_id", "pk")
    )


def _ratings(pk: int, history: RiskHistory) -> list[RiskRating]:
    """A risk's rating history: inherent and target as first rated, and every current rating."""
    ratings, inherent, target, _ = history
    first_at = ratings[0][0]
    rows = [
        RiskRating(
            risk_id=pk,
            kind=kind,
            likelihood=pair[0],
            impact=pair[1],
            rated_at=first_at,
            note="First rating.",
        )
        for kind, pair in ((RatingKind.INHERENT, inherent), (RatingKind.TARGET, target))
    ]
    for n, (at, likelihood, impact) in enumerate(ratings):
        rows.append(
            RiskRating(
                risk_id=pk,
                kind=RatingKind.CURRENT,
                likelihood=likelihood,
                impact=impact,
                rated_at=at,
                note="First rating." if n == 0 else "Re-rated at the quarterly review.",
            )
        )
    return rows


def risks_history(ctx: DemoContext) -> None:
    rng = ctx.rng("programme-history:risks")
    years = list(ctx.scale.years)
    drawn = Drawn(years, financial_year_bounds(years[-1])[1])
    strategic = dict(
        RiskRegister.objects.filter(
            name=REGISTER_NAME, partnership__in=ctx.partnerships
        ).values_list("partnership_id", "pk")
    )
    ids = project_ids(ctx)
    # the same draws as the projects step: the same projects
    chosen = _chosen_projects(ctx, rng, project_specs(ctx), ids)
    delivery = _delivery_registers(ctx, chosen, ids, demo_matrices()["3x3"])
    for partnership in ctx.partnerships:
        titles = rng.sample(STRATEGIC_RISKS, rng.randint(10, 20))
        for n, title in enumerate(titles):
            owner = RISK_OWNERS[n % len(RISK_OWNERS)]
            register = strategic.get(partnership.pk)
            drawn.draw(rng, register, title, owner, aware_at(*STRATEGIC_REVIEW))
    for spec in chosen:
        register = delivery.get(ids[(spec.partnership_id, spec.name)])
        first = aware_at(spec.started + datetime.timedelta(30), 9)
        for title in rng.sample(PROJECT_RISKS, rng.randint(3, 6)):
            drawn.draw(rng, register, title, "Project manager", first)
    create_missing(Risk, drawn.risks, ("register_id", "title"))
    stored = Risk.objects.filter(
        register_id__in=list(strategic.values()) + list(delivery.values())
    ).values_list("register_id", "title", "pk")
    rows = [
        rating
        for register, title, pk in stored
        if (register, title) in drawn.histories
        for rating in _ratings(pk, drawn.histories[(register, title)])
    ]
    create_missing(RiskRating, rows, ("risk_id", "kind", "rated_at"))
