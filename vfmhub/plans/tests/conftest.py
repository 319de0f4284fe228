"""Fixtures for plan tests: org A's plan in seed 002's shape, with two rounds and updates."""

import datetime

import pytest

from vfmhub.plans import services
from vfmhub.plans.models import Action, Plan, UpdateRound

TODAY = datetime.date(2010, 4, 20)


@pytest.fixture
def plan(personas) -> Plan:
    return services.plan_create(
        acting_user=personas.manager,
        organisation=personas.org_a,
        title="Use of Resources Action Plan",
        year=2009,
        owner=personas.manager,
    )


@pytest.fixture
def rounds(personas, plan) -> list[UpdateRound]:
    return [
        services.round_add(acting_user=personas.editor, plan=plan, label=label, as_at=as_at)
        for label, as_at in (
            ("December 2009 Position", datetime.date(2009, 12, 31)),
            ("March 2010 update", datetime.date(2010, 3, 31)),
        )
    ]


def add_item(personas, plan, text, theme="Theme 1 - Managing", kloe="KLOE 1.1 - Financial"):
    return services.item_add(
        acting_user=personas.editor,
        plan=plan,
        text=text,
        theme_heading=theme,
        criterion_heading=kloe,
    )


def add_action(personas, item, description, **fields) -> Action:
    return services.action_add(
        acting_user=personas.editor, item=item, description=description, **fields
    )


@pytest.fixture
def actions(personas, plan, rounds) -> dict[str, Action]:
    """Three issues from seed 002 and four actions; the editor owns two (one overdue)."""
    integrate = add_item(personas, plan, "Further integrate financial and service planning.")
    consult = add_item(personas, plan, "Better evidence how consultation feedback is used.")
    costs = add_item(
        personas,
        plan,
        "Strengthen the use of whole life costing.",
        kloe="KLOE 1.2 - Understanding costs and achieving efficiencies",
    )
    made = {
        "budget": add_action(
            personas,
            integrate,
            "Ensure managers and members understand the budget process.",
            officer="HoF",
            officer_user=personas.editor,
            target_date=datetime.date(2010, 3, 31),
            status="in_progress",
            rag="amber",
        ),
        "panel": add_action(
            personas,
            consult,
            "Broaden scope of Citizens Panel questions.",
            officer="HoF/IPM",
            officer_user=personas.editor,
            target_date=datetime.date(2010, 5, 1),
        ),
        "training": add_action(
            personas,
            consult,
            "Training for members on Estimates process.",
            officer="HoF",
            target_date=datetime.date(2009, 11, 30),
            status="completed",
            rag="green",
        ),
        "appraisals": add_action(
            personas,
            costs,
            "Standard requirement for all appraisals.",
            officer="SFM",
            officer_user=personas.manager,
            target_date=datetime.date(2010, 1, 31),
        ),
    }
    services.action_update_add(
        acting_user=personas.editor,
        action=made["budget"],
        round=rounds[0],
        text="2010/11, we will meet again in April",
    )
    return made


@pytest.fixture
def shared_plan(personas, plan, actions) -> Plan:
    return services.plan_share(
        acting_user=personas.manager, plan=plan, partnership=personas.partnership
    )
