"""Projects: permissions, append-only updates, realised against expected, pages, API, queries."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from vfmhub.api.testing import version_of
from vfmhub.efficiency import services as efficiency
from vfmhub.programme.models import MilestoneStatus, Project, ProjectStage, ProjectUpdate
from vfmhub.programme.services import projects as services
from vfmhub.testing import assert_access, client_for

WRITERS = ["partnership_manager"]
READERS = ["partnership_viewer", "peer_reviewer", "viewer"]
OUTSIDERS = ["outsider"]
API = "/api/v1/programme/partnerships/{}/projects"


def make_project(personas, name="Shared revenues and benefits", **fields) -> Project:
    return services.project_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        name=name,
        lead_organisation=fields.pop("lead_organisation", personas.org_a),
        partners=fields.pop("partners", [personas.org_c]),
        expected_annual_savings=fields.pop("expected_annual_savings", Decimal("300000")),
        **fields,
    )


@pytest.fixture
def project(personas):
    return make_project(personas)


@pytest.fixture
def programme(personas):
    programme = efficiency.programme_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        name="LAA NI 179 efficiency target",
        first_year=2008,
        last_year=2010,
        baseline_year=2007,
        method="added",
    )
    for organisation in (personas.org_a, personas.org_c):
        efficiency.participant_add(
            acting_user=personas.partnership_manager,
            programme=programme,
            organisation=organisation,
        )
    return programme


def add_gain(personas, programme, organisation, gross, costs="0"):
    return efficiency.gain_add(
        acting_user=personas.staff,
        programme=programme,
        organisation=organisation,
        description="Shared revenues and benefits service",
        first_year=2009,
        gross_annual_value=Decimal(gross),
        ongoing_cost=Decimal(costs),
    )


def test_pages_members_read_managers_write_outsiders_404(personas, project):
    p = personas.partnership.pk
    for url in (
        reverse("programme:projects", args=[p]),
        reverse("programme:project", args=[p, project.pk]),
        API.format(p),
        f"{API.format(p)}/{project.pk}",
        f"{API.format(p)}/{project.pk}/updates",
        f"{API.format(p)}/{project.pk}/milestones",
    ):
        assert_access(personas, url, allowed=WRITERS + READERS + ["staff"], hidden=OUTSIDERS)
    for name in (
        "project_add",
        "project_edit",
        "project_update_add",
        "project_milestone_add",
        "project_funding_add",
        "project_gain_link",
    ):
        args = [p] if name == "project_add" else [p, project.pk]
        assert_access(
            personas,
            reverse(f"programme:{name}", args=args),
            allowed=WRITERS,
            forbidden=READERS,
            hidden=OUTSIDERS,
        )


def test_page_writes_refused_to_readers(personas, project):
    p = personas.partnership.pk
    milestone = services.project_milestone_add(
        acting_user=personas.partnership_manager,
        project=project,
        title="Business case agreed",
        due_on=datetime.date(2009, 12, 1),
    )
    assert_access(
        personas,
        reverse("programme:project_update_add", args=[p, project.pk]),
        method="post",
        data={"date": "2009-10-01", "rag": "A", "text": "Governance under discussion"},
        allowed=WRITERS,
        forbidden=READERS,
        hidden=OUTSIDERS,
    )
    assert_access(
        personas,
        reverse("programme:project_milestone_complete", args=[p, project.pk, milestone.pk]),
        method="post",
        allowed=WRITERS,
        forbidden=READERS,
        hidden=OUTSIDERS,
    )
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.DONE and milestone.completed_on


def test_api_writes_refused_to_readers(personas, project):
    p = personas.partnership.pk
    body = {"name": "Legal", "lead_organisation_id": personas.org_a.pk}
    assert_access(
        personas,
        API.format(p),
        method="post",
        data=body,
        content_type="application/json",
        allowed=WRITERS,
        forbidden=READERS,
        hidden=OUTSIDERS,
        ok=(201,),
    )
    assert_access(
        personas,
        f"{API.format(p)}/{project.pk}/updates",
        method="post",
        data={"rag": "G", "text": "On track"},
        content_type="application/json",
        allowed=WRITERS,
        forbidden=READERS,
        hidden=OUTSIDERS,
        ok=(201,),
    )
    assert_access(
        personas,
        f"{API.format(p)}/{project.pk}",
        method="patch",
        data={"stage": "feasibility", "updated_at": version_of(project)},
        content_type="application/json",
        allowed=WRITERS,
        forbidden=READERS,
        hidden=OUTSIDERS,
    )
    project.refresh_from_db()
    assert project.stage == ProjectStage.FEASIBILITY
    assert [c.to_stage for c in project.stage_changes.all()] == ["idea", "feasibility"]


def test_lead_and_partners_must_be_members(personas):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        make_project(personas, lead_organisation=personas.org_b)
    assert "lead_organisation" in error.value.message_dict
    with pytest.raises(ValidationError):
        make_project(personas, name="Fleet", partners=[personas.org_b])


def test_update_history_is_append_only_and_latest_gives_rag(personas, project):
    manager = personas.partnership_manager
    first = services.project_update_add(
        acting_user=manager,
        project=project,
        rag="G",
        text="Good start",
        date=datetime.date(2009, 9, 1),
    )
    services.project_update_add(
        acting_user=manager,
        project=project,
        rag="A",
        text="Correction: governance slowing progress",
        date=datetime.date(2009, 10, 1),
    )
    assert not hasattr(services, "project_update_edit")
    assert not hasattr(services, "project_update_delete")
    first.refresh_from_db()
    assert (first.rag, first.text) == ("G", "Good start")
    assert ProjectUpdate.objects.filter(project=project).count() == 2
    response = client_for(personas.partnership_viewer).get(
        reverse("programme:project", args=[personas.partnership.pk, project.pk])
    )
    assert response.context["project"].current_rag == "A"
    assert [u.rag for u in response.context["updates"]] == ["A", "G"]
    api = client_for(personas.partnership_viewer).get(API.format(personas.partnership.pk))
    assert api.json()["items"][0]["rag"] == "A"
    listed = client_for(personas.viewer).get(
        reverse("programme:projects", args=[personas.partnership.pk]), {"rag": "G"}
    )
    assert listed.context["projects"] == []


def test_realised_against_expected_with_linked_gains(personas, project, programme):
    manager = personas.partnership_manager
    a = add_gain(personas, programme, personas.org_a, "120000", costs="20000")
    c = add_gain(personas, programme, personas.org_c, "50000")
    services.project_gain_link(acting_user=manager, project=project, gain=a)
    url = reverse("programme:project_gain_link", args=[personas.partnership.pk, project.pk])
    response = client_for(manager).post(url, {"gain": c.pk})
    assert response.status_code == 302
    page = client_for(personas.viewer).get(
        reverse("programme:project", args=[personas.partnership.pk, project.pk])
    )
    assert page.context["project"].realised == Decimal("150000")
    assert page.context["shortfall"] == Decimal("150000")
    assert "£150,000" in page.content.decode()
    detail = client_for(personas.viewer).get(f"{API.format(personas.partnership.pk)}/{project.pk}")
    assert Decimal(detail.json()["realised_annual_savings"]) == Decimal("150000")
    assert sorted(detail.json()["gain_ids"]) == sorted([a.pk, c.pk])
    services.project_gain_unlink(acting_user=manager, project=project, gain=c)
    listed = client_for(personas.viewer).get(API.format(personas.partnership.pk))
    assert Decimal(listed.json()["items"][0]["realised_annual_savings"]) == Decimal("100000")


def test_gain_of_a_body_outside_the_project_cannot_be_linked(personas, programme):
    from django.core.exceptions import ValidationError

    project = make_project(personas, name="Land charges", partners=[])
    gain = add_gain(personas, programme, personas.org_c, "1000")
    with pytest.raises(ValidationError):
        services.project_gain_link(
            acting_user=personas.partnership_manager, project=project, gain=gain
        )


def test_milestone_overdue_flagged_and_funding_shown(personas, project):
    manager = personas.partnership_manager
    services.project_milestone_add(
        acting_user=manager,
        project=project,
        title="Options appraisal",
        due_on=datetime.date(2009, 1, 1),
    )
    services.project_funding_add(
        acting_user=manager,
        project=project,
        source="RIEP",
        allocation="Shared revenue and benefits services",
        amount=Decimal("300000"),
    )
    page = client_for(personas.viewer).get(
        reverse("programme:project", args=[personas.partnership.pk, project.pk])
    )
    assert page.context["milestones"][0].pk in page.context["overdue_ids"]
    content = page.content.decode()
    assert "Overdue" in content and "£300,000" in content


def test_list_counts_filters_and_exports(personas, project):
    manager = personas.partnership_manager
    make_project(personas, name="Fleet", stage="feasibility")
    services.project_update_add(acting_user=manager, project=project, rag="R", text="Stalled")
    url = reverse("programme:projects", args=[personas.partnership.pk])
    client = client_for(personas.viewer)
    response = client.get(url)
    counts = response.context["counts"]
    assert counts.total == 2
    idea = next(row for row in counts.rows if row.label == "Idea")
    assert idea.cells[0] == 1  # red
    assert "<svg" in response.content.decode()
    assert [p.name for p in client.get(url, {"stage": "feasibility"}).context["projects"]] == [
        "Fleet"
    ]
    assert [p.name for p in client.get(url, {"rag": "none"}).context["projects"]] == ["Fleet"]
    csv = client.get(url, {"export": "csv"})
    assert csv.status_code == 200 and b"Shared revenues and benefits" in csv.content
    assert client.get(url, {"export": "xlsx"}).status_code == 200


def test_add_and_edit_pages(personas):
    client = client_for(personas.partnership_manager)
    p = personas.partnership.pk
    response = client.post(
        reverse("programme:project_add", args=[p]),
        {
            "name": "Winter maintenance",
            "kind": "shared_service",
            "lead_organisation": personas.org_a.parent.pk,
            "partners": [personas.org_a.pk],
            "stage": "idea",
            "expected_annual_savings": "5000",
        },
    )
    assert response.status_code == 302
    project = Project.objects.get(name="Winter maintenance")
    edit = reverse("programme:project_edit", args=[p, project.pk])
    form = client.get(edit).context["form"]
    data = dict(form.initial)
    data.update(stage="business_case", name="Winter maintenance (City/County)")
    assert client.post(edit, data).status_code == 302
    project.refresh_from_db()
    assert project.stage == "business_case" and project.name.endswith("(City/County)")


def test_api_update_with_stale_updated_at_is_409(personas, project):
    client = client_for(personas.partnership_manager)
    url = f"{API.format(personas.partnership.pk)}/{project.pk}"
    sent = client.get(url).json()["updated_at"]
    assert (
        client.patch(
            url, {"stage": "feasibility", "updated_at": sent}, content_type="application/json"
        ).status_code
        == 200
    )
    again = client.patch(
        url, json.dumps({"stage": "live", "updated_at": sent}), content_type="application/json"
    )
    assert again.status_code == 409


def test_api_milestones(personas, project):
    client = client_for(personas.partnership_manager)
    url = f"{API.format(personas.partnership.pk)}/{project.pk}/milestones"
    made = client.post(
        url, {"title": "Business case", "due_on": "2010-03-31"}, content_type="application/json"
    )
    assert made.status_code == 201
    done = client.patch(
        f"{url}/{made.json()['id']}",
        {"status": "done", "updated_at": made.json()["updated_at"]},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["completed_on"]
    assert client.get(url).json()["count"] == 1


def _many(personas, count, programme=None):
    for n in range(count):
        project = make_project(personas, name=f"Project {n}")
        services.project_update_add(
            acting_user=personas.partnership_manager, project=project, rag="A", text="x"
        )
        services.project_funding_add(
            acting_user=personas.partnership_manager, project=project, source="RIEP", amount=1
        )


@pytest.mark.parametrize("count", [1, 6])
def test_list_page_queries_constant(personas, django_assert_num_queries, count):
    _many(personas, count)
    client = client_for(personas.viewer)
    url = reverse("programme:projects", args=[personas.partnership.pk])
    # session, user, partnership (with access annotation), roles, projects (all, for the
    # counts), projects (filtered, same annotations): pinned at 6.
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [1, 6])
def test_api_list_queries_constant(personas, django_assert_num_queries, count):
    _many(personas, count)
    client = client_for(personas.viewer)
    # session, user, partnership, roles, count, page of projects (annotated): pinned at 6.
    with django_assert_num_queries(6):
        assert client.get(API.format(personas.partnership.pk)).status_code == 200


def test_demo_step_seeds_seed_003_projects_once(personas):
    from vfmhub.programme.demo.projects import PROJECTS, programme_projects

    class Ctx:
        partnerships = [personas.partnership]

    programme_projects(Ctx())
    programme_projects(Ctx())
    projects = Project.objects.filter(partnership=personas.partnership)
    assert projects.count() == len(PROJECTS) == 7
    rb = projects.get(name="Revenues and Benefits")
    assert rb.funding.get().amount == Decimal("300000")
    assert rb.updates.count() == 2


def test_the_projects_chart_draws_each_rag_in_its_colour(personas, project):
    """The projects page once drew Red in blue and Not rated in purple (the palette's order)."""
    import re

    make_project(personas, name="Fleet", stage="feasibility")  # not rated
    services.project_update_add(
        acting_user=personas.partnership_manager, project=project, rag="R", text="Stalled"
    )
    url = reverse("programme:projects", args=[personas.partnership.pk])
    html = client_for(personas.viewer).get(url).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    legend = {
        name: colour
        for colour, name in re.findall(
            r'fill="(#[0-9a-f]{6})"/>\s*<text[^>]*>(Red|Amber|Green|Not rated)</text>', svg
        )
    }
    assert legend == {
        "Red": "#d4351c",
        "Amber": "#f47738",
        "Green": "#00703c",
        "Not rated": "#505a5f",
    }
    overview = client_for(personas.viewer).get(
        reverse("programme:overview", args=[personas.partnership.pk])
    )
    assert 'fill="#d4351c"/>' in overview.content.decode()
