"""Generator step: the demo council's plan in seed 004's shape, and its services' VFM ratings.

The plan runs from the year before the reporting quarter's to the year after (three years, as
seed 004's "over the next 3 years"); its priorities, key deliverables, outcome measures (some
measured by the council's indicators) and actions with completion dates, resources and lead
members come from `plan_content`. Actions due before today are mostly complete. Twenty-four
services are rated 1–4 in each of the three years to the reporting quarter's, against the target
"75% of services scoring 2 or above".
"""

import datetime
import random
from decimal import Decimal

from vfmhub.demo.generator import DemoContext, create_missing, demo_step
from vfmhub.demo.personas import ACCOUNT
from vfmhub.lib import clock
from vfmhub.lib.years import financial_year_label
from vfmhub.performance.demo.plan_content import PLAN, RATING_REASONS, SERVICES, Act
from vfmhub.performance.demo.values import reporting_quarter
from vfmhub.performance.models import (
    CouncilPlan,
    Deliverable,
    Indicator,
    OutcomeMeasure,
    PlanAction,
    PlanActionStatus,
    Priority,
    RatingTarget,
    Service,
    ServiceRating,
)

RATING_WEIGHTS = {1: 2, 2: 7, 3: 10, 4: 4}  # most services 2 or above, a few rated 1


def plan_title(first_year: int, last_year: int) -> str:
    return f"Council Plan {financial_year_label(first_year)} to {financial_year_label(last_year)}"


@demo_step(
    order=710,
    label="Council plan and service ratings",
    models=(CouncilPlan, Priority, Deliverable, OutcomeMeasure, PlanAction, ServiceRating),
)
def council_plan(ctx: DemoContext) -> None:
    home = ctx.home
    year = reporting_quarter().year
    first, last = year - 1, year + 1
    title = plan_title(first, last)
    wanted = CouncilPlan(
        organisation=home, title=title, first_year=first, last_year=last, source="Demo data"
    )
    create_missing(CouncilPlan, [wanted], ["organisation_id", "title"])
    plan = CouncilPlan.objects.get(organisation=home, title=title)
    indicators = dict(Indicator.objects.filter(owner=home).values_list("code", "pk"))
    _write_plan(plan, indicators, ctx.rng("performance-plan"))
    _ratings(ctx, year)


def _write_plan(plan: CouncilPlan, indicators: dict[str, int], rng: random.Random) -> None:
    priorities = [Priority(plan=plan, position=n, title=t) for n, (t, _) in enumerate(PLAN, 1)]
    create_missing(Priority, priorities, ["plan_id", "position"])
    stored = {p.position: p for p in plan.priorities.all()}
    goals = [
        Deliverable(priority=stored[n], position=m, title=goal.title)
        for n, (_, goal_list) in enumerate(PLAN, 1)
        for m, goal in enumerate(goal_list, 1)
    ]
    create_missing(Deliverable, goals, ["priority_id", "position"])
    measures, actions = [], []
    for n, (_, goal_list) in enumerate(PLAN, 1):
        made = {d.position: d for d in stored[n].deliverables.all()}
        for m, goal in enumerate(goal_list, 1):
            measures += [
                OutcomeMeasure(
                    deliverable=made[m],
                    position=k,
                    text=measure.text,
                    how_we_know=measure.how,
                    indicator_id=indicators.get(measure.indicator),
                )
                for k, measure in enumerate(goal.measures, 1)
            ]
            actions += [
                _action(plan, made[m], k, act, rng) for k, act in enumerate(goal.actions, 1)
            ]
    create_missing(OutcomeMeasure, measures, ["deliverable_id", "position"])
    create_missing(PlanAction, actions, ["deliverable_id", "position"])


def _action(plan: CouncilPlan, deliverable, position: int, act: Act, rng) -> PlanAction:
    due = datetime.date(plan.first_year + act.years, 3, 31)
    written = f"{due.day} {due:%B} {due.year}"
    return PlanAction(
        deliverable=deliverable,
        position=position,
        title=act.title,
        completion_date=due,
        completion_text=f"{written} {act.after}".strip(),
        resource=act.resource,
        resource_amount=None if act.amount is None else Decimal(act.amount),
        resource_staff=None if act.staff is None else Decimal(str(act.staff)),
        lead_officer=act.officer,
        lead_member=act.member,
        status=_status(due, rng),
    )


def _status(due: datetime.date, rng: random.Random) -> str:
    today = clock.today()
    if due < today:
        return PlanActionStatus.COMPLETE if rng.random() < 0.85 else PlanActionStatus.AT_RISK
    choices = [PlanActionStatus.ON_TRACK] * 6 + [
        PlanActionStatus.AT_RISK,
        PlanActionStatus.NOT_STARTED,
    ]
    return rng.choice(choices)


def _ratings(ctx: DemoContext, year: int) -> None:
    home = ctx.home
    rng = ctx.rng("performance-ratings")
    rater = ctx.users.get(ACCOUNT["manager"].email)
    create_missing(Service, [Service(organisation=home, name=n) for n in SERVICES], ["organisation_id", "name"])  # fmt: skip  # noqa: E501
    services = Service.objects.filter(organisation=home, name__in=SERVICES).order_by("name")
    years = range(year - 2, year + 1)
    scores = list(RATING_WEIGHTS)
    weights = list(RATING_WEIGHTS.values())
    ratings = []
    for service in services:
        score = rng.choices(scores, weights)[0]
        for each in years:
            ratings.append(
                ServiceRating(
                    service=service,
                    year=each,
                    score=score,
                    reason=RATING_REASONS[score],
                    rated_by=rater,
                )
            )
            score = min(4, score + 1) if rng.random() < 0.25 else score
    create_missing(ServiceRating, ratings, ["service_id", "year"])
    targets = [RatingTarget(organisation=home, year=each) for each in years]
    create_missing(RatingTarget, targets, ["organisation_id", "year"])
