"""The programme page: funding position, allocation with checks, commitments, projects by stage and
RAG, top risks and events reach, gathered by `programme_overview` in a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from vfmhub.programme.models import AllocationNode, ProjectStage
from vfmhub.programme.selectors.overview import programme_overview
from vfmhub.programme.services import events, funding
from vfmhub.programme.tests.helpers import (
    READERS,
    TODAY,
    YEAR,
    add_event,
    add_project,
    add_register,
    add_risk,
)
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db


def overview_url(personas, year=YEAR) -> str:
    return reverse("programme:overview", args=[personas.partnership.pk]) + f"?year={year}"


def test_it_gathers_funding_and_commitments_for_the_year(personas, built):
    overview = programme_overview(personas.partnership, YEAR, TODAY)

    assert overview.position.funding == Decimal(13_000_000)
    assert overview.position.total.allocated == Decimal(12_922_000)
    assert overview.position.total.unallocated == Decimal(78_000)
    assert overview.position.problems == []
    assert [(c.node.name, c.amount) for c in overview.commitments] == [
        ("Use of Resources", Decimal(120_000))
    ]


def test_it_counts_projects_by_stage_and_latest_rag(personas, built):
    counts = programme_overview(personas.partnership, YEAR, TODAY).projects

    by_stage = {row.stage: row.cells for row in counts.rows}
    # Red, Amber, Green, Not rated: the latest update gives the RAG; none means not rated.
    assert by_stage[ProjectStage.BUSINESS_CASE] == [1, 1, 0, 0]
    assert by_stage[ProjectStage.FEASIBILITY] == [0, 0, 0, 1]
    assert by_stage[ProjectStage.LIVE] == [0, 0, 1, 0]
    assert by_stage[ProjectStage.IDEA] == [0, 0, 0, 0]
    assert counts.rows[0].label == "Idea"
    assert counts.totals == [1, 1, 1, 1] and counts.total == 4
    assert counts.rag_headings == ["Red", "Amber", "Green", "Not rated"]
    assert counts.expected_savings == Decimal(450_000)
    assert counts.realised_savings == Decimal(75_000)  # 90,000 gross less 15,000 ongoing cost


def test_it_lists_the_top_open_risks_of_the_partnership_and_its_projects(personas, built):
    summary = programme_overview(personas.partnership, YEAR, TODAY).risks

    assert [
        (r.risk.title, r.register_name, r.current, r.band, r.owner, r.overdue) for r in summary.top
    ] == [
        (
            "Partners withdraw from the shared legal service",
            "Legal project risks (Legal)",
            "3 × 3 = 9",
            "high",
            "Legal project board",
            True,
        ),
        (
            "Lack of Member engagement",
            "Strategic risk register 2009/10",
            "2 × 3 = 6",
            "high",
            "Chair of the Advisory Group",
            True,
        ),
        (
            "Expectations on the partnership are too high",
            "Strategic risk register 2009/10",
            "2 × 2 = 4",
            "medium",
            "partnership.manager@example.org",
            False,
        ),
        (
            "Lack of leadership from Member Panel",
            "Strategic risk register 2009/10",
            "1 × 3 = 3",
            "medium",
            "",
            False,
        ),
    ]
    # The closed risk and the other body's register are left out.
    assert (summary.open_count, summary.overdue_count) == (4, 2)


def test_it_shows_only_the_five_highest_risks_but_counts_them_all(personas, built):
    register = add_register(personas, "Operational risks")
    for n in range(4):
        add_risk(personas, register, f"Operational risk {n}", 1, 1)

    summary = programme_overview(personas.partnership, YEAR, TODAY).risks

    assert len(summary.top) == 5
    assert summary.top[-1].risk.title.startswith("Operational risk")
    assert summary.open_count == 8


def test_it_gives_the_latest_improvement_programmes_reach(personas, built):
    figures = programme_overview(personas.partnership, YEAR, TODAY).events

    assert figures is not None and figures.programme == built["workshops"]
    total = figures.total
    # By hand: Ann Cole (both days) counts once, with Sam Shaw, Jo Reid and Lee Harper: 4 people;
    # Ashby and Carrow of the 3 members; 2 of the 3 feedback returns good or very good.
    assert (total.people, total.bodies_reached, total.members, total.other_bodies) == (4, 2, 3, 1)
    assert (total.feedback_returned, total.percent_good) == (3, 67)


def test_it_takes_the_programme_of_the_year_or_the_latest_before_it(personas, built):
    later = events.improvement_programme_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        name="Efficiency seminars",
        year=2010,
    )

    shown_2009 = programme_overview(personas.partnership, 2009, TODAY).events
    shown_2011 = programme_overview(personas.partnership, 2011, TODAY).events

    assert shown_2009 is not None and shown_2009.programme == built["workshops"]
    assert shown_2011 is not None and shown_2011.programme == later
    assert programme_overview(personas.partnership, 2008, TODAY).events is None


def test_the_page_shows_every_section_with_links_to_its_full_page(personas, built):
    page = client_for(personas.partnership_viewer).get(overview_url(personas))
    html = page.content.decode()
    pk = personas.partnership.pk

    assert page.status_code == 200
    for expected in (
        "£13,000k",
        "£12,922k",
        "£78k",
        "Projects by stage and RAG",
        "Number of projects by stage and RAG",
        "£450k",  # expected annual savings
        "£75k",  # realised
        "Partners withdraw from the shared legal service",
        "Lack of Member engagement",
        "4 open risks on the partnership's and its projects' registers, 2 overdue",
        "Use of Resources improvement programme",
        "2 of 3",
        "67% of 3 feedback returns",
        f'href="{reverse("programme:projects", args=[pk])}"',
        f'href="{reverse("programme:risk_registers", args=[pk])}"',
        f'href="{reverse("programme:improvement_programmes", args=[pk])}"',
        f'href="{reverse("programme:improvement_programme", args=[built["workshops"].pk])}"',
        f'href="{reverse("programme:project", args=[pk, built["legal"].pk])}"',
        f'href="{reverse("programme:programme_report", args=[pk])}?year=2009"',
    ):
        assert expected in html, expected
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="app-chart"') == 1
    assert "A risk of another body" not in html
    assert "Funding is withdrawn" not in html


def test_the_page_says_so_when_there_is_nothing_yet(personas):
    html = client_for(personas.partnership_manager).get(overview_url(personas)).content.decode()

    assert "No open risks." in html
    assert "No improvement programme for 2009/10 or earlier yet." in html
    assert "No allocation for this year yet." in html


def test_members_read_the_page_and_outsiders_get_404(personas, built):
    assert_access(personas, overview_url(personas), allowed=READERS, hidden=["outsider"], ok=(200,))


def _add_more(personas, built, n):
    """More of everything the page counts, all in the same financial year."""
    register = add_register(personas, f"More risks {n}")
    for i in range(3):
        project = add_project(personas, f"Project {n}.{i}", "idea", "1000", ["G"])
        add_risk(personas, register, f"Risk {n}.{i}", 2, 2, review=datetime.date(2009, 1, 1))
        project_register = add_register(personas, f"Project risks {n}.{i}", project_id=project.pk)
        add_risk(personas, project_register, f"Project risk {n}.{i}", 1, 2)
        add_event(
            personas,
            built["workshops"],
            f"Seminar {n}.{i}",
            datetime.date(2009, 9, 1 + i),
            [(f"Person {n}.{i}", personas.org_c, "")],
            ["good"],
        )
    funding.commitment_create(
        acting_user=personas.partnership_manager,
        node=AllocationNode.objects.get(partnership=personas.partnership, name="CAA"),
        date=datetime.date(2009, 9, 1),
        amount=Decimal(1_000),
    )


def test_the_page_pins_its_queries_however_much_it_shows(
    personas, built, django_assert_num_queries
):
    client = client_for(personas.partnership_viewer)
    url = overview_url(personas)
    client.get(url)
    # session, user, partnership, roles; streams, plan, nodes, commitments and spend by node,
    # commitments list; projects by stage and RAG; top risks, risk counts; latest improvement
    # programme, its events, attendance, feedback, members in its year
    with django_assert_num_queries(18):
        response = client.get(url)
    assert response.status_code == 200

    _add_more(personas, built, 1)
    _add_more(personas, built, 2)

    with django_assert_num_queries(18):
        response = client.get(url)
    assert "Seminar 2.2" not in response.content.decode()  # figures only, not the events
    assert "16 open risks" in response.content.decode()
