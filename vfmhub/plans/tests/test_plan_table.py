"""The plan table: grouped by theme and KLOE like seed 002, a column per round, filters, exports,
and a query count that does not grow with the plan."""

import datetime

import pytest
from django.urls import reverse

from vfmhub.plans import services
from vfmhub.plans.selectors import tables as selectors
from vfmhub.plans.tests.conftest import TODAY, add_action, add_item

pytestmark = pytest.mark.django_db


def table_url(plan, query=""):
    return reverse("plans:detail", args=[plan.pk]) + query


def test_it_groups_items_by_theme_then_kloe(plan, actions):
    table = selectors.plan_table(plan, selectors.PlanFilters(), TODAY)
    assert [t.label for t in table.themes] == ["Theme 1 - Managing"]
    groups = table.themes[0].criteria
    assert [g.label for g in groups] == [
        "KLOE 1.1 - Financial",
        "KLOE 1.2 - Understanding costs and achieving efficiencies",
    ]
    assert [len(i.shown) for i in groups[0].items] == [1, 2]  # type: ignore[attr-defined]


def test_it_puts_each_rounds_current_update_in_its_column(personas, plan, actions, rounds):
    services.action_update_correct(
        acting_user=personas.editor,
        update=actions["budget"].updates.get(),
        text="Meeting held in April.",
        reason="Happened",
    )
    table = selectors.plan_table(plan, selectors.PlanFilters(), TODAY)
    budget = table.themes[0].criteria[0].items[0].shown[0]  # type: ignore[attr-defined]
    assert [c.text if c else None for c in budget.round_cells] == ["Meeting held in April.", None]


def test_it_shows_the_table_with_round_columns(personas, plan, actions, as_user):
    html = as_user(personas.viewer).get(table_url(plan)).content.decode()
    for text in (
        "December 2009 Position",
        "March 2010 update",
        "KLOE 1.2 - Understanding costs",
        "2010/11, we will meet again in April",
        'tabindex="0"',
        "govuk-tag--orange",
    ):
        assert text in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=completed", ["training"]),
        ("?rag=amber", ["budget"]),
        ("?overdue=on", ["budget", "appraisals"]),
        ("?officer=HoF", ["budget", "panel", "training"]),
        ("?officer=manager@example.org", ["appraisals"]),
        ("?theme=Theme+2", []),
    ],
)
def test_it_filters_the_actions(personas, plan, actions, as_user, clock_at, query, expected):
    clock_at(TODAY)
    page = as_user(personas.viewer).get(table_url(plan, query))
    table = page.context["table"]
    shown = [a.pk for t in table.themes for g in t.criteria for i in g.items for a in i.shown]
    assert shown == [actions[name].pk for name in expected]


def test_it_exports_the_table_as_shown(personas, plan, actions, as_user):
    response = as_user(personas.viewer).get(table_url(plan, "?rag=green&export=csv"))
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].endswith("December 2009 Position,March 2010 update")
    assert len(lines) == 2 and "Training for members" in lines[1]


def grow(personas, plan, rounds, n):
    for i in range(n):
        item = add_item(personas, plan, f"Issue {i}", theme=f"Theme {i % 3}", kloe=f"KLOE {i}")
        for j in range(3):
            action = add_action(
                personas, item, f"Action {i}.{j}", target_date=datetime.date(2010, 1, 1)
            )
            for update_round in rounds:
                services.action_update_add(
                    acting_user=personas.editor, action=action, round=update_round, text="Done"
                )


def test_it_pins_the_plan_table_query_count(
    personas, plan, actions, rounds, as_user, django_assert_num_queries
):
    client = as_user(personas.viewer)
    # 1 session, 2 user, 3 plan (with organisation, version, shared_with, owner),
    # 4 organisation with the viewer's role, 5 auditor years, 6 rounds,
    # 7 items (with criterion and theme), 8 actions (with linked officer), 9 current updates.
    with django_assert_num_queries(9):
        client.get(table_url(plan))
    grow(personas, plan, rounds, 10)
    with django_assert_num_queries(9):
        response = client.get(table_url(plan))
    assert response.context["table"].action_count == 34


def test_it_shows_the_latest_round_and_puts_earlier_ones_in_a_details(
    personas, plan, actions, rounds, as_user
):
    services.action_update_add(
        acting_user=personas.editor,
        action=actions["budget"],
        round=rounds[1],
        text="Budget briefings held in March.",
    )
    page = as_user(personas.viewer).get(table_url(plan))
    budget = page.context["table"].themes[0].criteria[0].items[0].shown[0]
    assert budget.latest.text == "Budget briefings held in March."
    assert [(r.label, u.text) for r, u in budget.earlier] == [
        ("December 2009 Position", "2010/11, we will meet again in April")
    ]
    html = page.content.decode()
    assert '<th scope="col" class="govuk-table__header">March 2010 update</th>' in html
    assert "December 2009 Position</th>" not in html  # no column for earlier rounds
    assert "Earlier rounds (1)" in html and '<details class="govuk-details' in html
    assert 'class="app-table-scroll"' in html
    assert "No update in this round." in html  # the panel has none in March


def test_it_still_exports_every_round_in_its_own_column(personas, plan, actions, rounds, as_user):
    services.action_update_add(
        acting_user=personas.editor, action=actions["budget"], round=rounds[1], text="Held."
    )
    response = as_user(personas.viewer).get(table_url(plan, "?rag=amber&export=csv"))
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1].endswith('"2010/11, we will meet again in April",Held.')


@pytest.mark.parametrize("theme", ["Theme 1 - Managing", "No theme", "Theme 2 - Governing"])
def test_it_filters_by_theme_the_same_on_the_page_and_in_the_api(
    personas, plan, actions, as_user, theme
):
    loose = add_item(personas, plan, "An issue under no theme", theme="", kloe="")
    add_action(personas, loose, "Untethered action")
    client = as_user(personas.viewer)
    table = client.get(table_url(plan), {"theme": theme}).context["table"]
    on_page = [a.pk for t in table.themes for g in t.criteria for i in g.items for a in i.shown]
    api = client.get(f"/api/v1/plans/{plan.pk}/actions", {"theme": theme}).json()
    assert [a["id"] for a in api["items"]] == on_page
    assert len(on_page) == {"Theme 1 - Managing": 4, "No theme": 1}.get(theme, 0)


def test_it_keeps_an_issue_without_actions_under_its_theme(personas, plan, actions, as_user):
    add_item(personas, plan, "Nothing planned yet")
    page = as_user(personas.viewer).get(table_url(plan, "?theme=Theme+1+-+Managing"))
    assert "Nothing planned yet" in page.content.decode()
    assert page.context["filter_form"].fields["theme"].widget.choices[1] == (
        "Theme 1 - Managing",
        "Theme 1 - Managing",
    )
