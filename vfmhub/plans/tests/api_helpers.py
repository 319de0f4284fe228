"""A small plan built through the services, for the API tests (test_api*.py)."""

import datetime
from dataclasses import dataclass

from vfmhub.accounts.models import User
from vfmhub.lib import clock
from vfmhub.plans import services
from vfmhub.plans.models import Action, ActionUpdate, Plan, PlanItem, UpdateRound
from vfmhub.testing import Personas

PLANS = "/api/v1/plans"
JSON = "application/json"


@dataclass
class SmallPlan:
    """Organisation A's plan: two themes, three actions (one overdue, one due soon, one done)."""

    plan: Plan
    december: UpdateRound
    march: UpdateRound
    finance: PlanItem
    data: PlanItem
    overdue: Action
    due_soon: Action
    done: Action
    update: ActionUpdate

    @property
    def url(self) -> str:
        return f"{PLANS}/{self.plan.pk}"


def build_plan(personas: Personas, *, title: str = "Use of Resources Action Plan") -> SmallPlan:
    manager = personas.manager
    plan = services.plan_create(
        acting_user=manager, organisation=personas.org_a, title=title, year=2009, owner=manager
    )
    december, march = _rounds(manager, plan)
    finance, data = _items(manager, plan)
    overdue, due_soon, done = _actions(personas, finance, data)
    update = services.action_update_add(
        acting_user=manager, action=overdue, round=december, text="We will meet again in April."
    )
    services.action_update_add(
        acting_user=manager, action=overdue, round=march, text="New service plan template."
    )
    services.action_update_add(
        acting_user=personas.editor, action=done, round=december, text="Ongoing."
    )
    return SmallPlan(plan, december, march, finance, data, overdue, due_soon, done, update)


def _rounds(manager: User, plan: Plan) -> tuple[UpdateRound, UpdateRound]:
    december = services.round_add(
        acting_user=manager,
        plan=plan,
        label="December 2009 Position",
        as_at=datetime.date(2009, 12, 31),
    )
    march = services.round_add(
        acting_user=manager, plan=plan, label="March 2010 update", as_at=datetime.date(2010, 3, 31)
    )
    return december, march


def _items(manager: User, plan: Plan) -> tuple[PlanItem, PlanItem]:
    finance = services.item_add(
        acting_user=manager,
        plan=plan,
        text="Further integrate corporate financial planning with service planning.",
        theme_heading="Theme 1 - Managing finances",
        criterion_heading="KLOE 1.1 - Financial planning",
        source="auditor_finding",
    )
    data = services.item_add(
        acting_user=manager,
        plan=plan,
        text="Improved testing of systems for data quality.",
        theme_heading="Theme 2 - Governing the business",
        criterion_heading="KLOE 2.2 - Data quality and use of information",
    )
    return finance, data


def _actions(
    personas: Personas, finance: PlanItem, data: PlanItem
) -> tuple[Action, Action, Action]:
    """One overdue, one due soon (both in progress), one done."""
    manager, today = personas.manager, clock.today()
    overdue = services.action_add(
        acting_user=manager,
        item=finance,
        description="Ensure managers and members understand the budget process.",
        officer="HoF",
        officer_user=manager,
        target_date=today - datetime.timedelta(days=10),
        status="in_progress",
        rag="red",
    )
    due_soon = services.action_add(
        acting_user=manager,
        item=finance,
        description="Training for members on the estimates process.",
        officer="HoF/IPM",
        target_date=today + datetime.timedelta(days=10),
        status="in_progress",
        rag="amber",
    )
    done = services.action_add(
        acting_user=manager,
        item=data,
        description="Data quality action plan, in the internal audit plan.",
        officer="IPM",
        officer_user=personas.editor,
        target_date=datetime.date(2010, 6, 30),
        status="completed",
        rag="green",
    )
    return overdue, due_soon, done


def add_actions(small: SmallPlan, user, count: int) -> None:
    """More actions, each with an update in both rounds (to show a list's queries stay fixed)."""
    for n in range(count):
        action = services.action_add(
            acting_user=user, item=small.data, description=f"Extra action {n}", officer="SMT"
        )
        for update_round in (small.december, small.march):
            services.action_update_add(
                acting_user=user, action=action, round=update_round, text=f"Update {n}"
            )


def share(small: SmallPlan, personas: Personas) -> None:
    services.plan_share(
        acting_user=personas.manager, plan=small.plan, partnership=personas.partnership
    )
