"""The programme's part of the home page (risks due for review) and of the site search (risks and
projects), each limited to what the user may change or read."""

import datetime

import pytest
from django.urls import reverse

from vfmhub.core.worklist import due_work_for_user, search_for_user
from vfmhub.programme.services import projects as services_projects
from vfmhub.programme.services import risks as services_risks
from vfmhub.programme.worklist import risks_due_work
from vfmhub.testing import client_for

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2010, 4, 20)


@pytest.fixture
def registers(personas):
    partnership = services_risks.register_create(
        acting_user=personas.partnership_manager,
        name="Strategic risk register",
        partnership=personas.partnership,
    )
    body = services_risks.register_create(
        acting_user=personas.manager, name="Corporate risk register", organisation=personas.org_a
    )
    for register, who in ((partnership, personas.partnership_manager), (body, personas.manager)):
        for title, review in (
            ("Flooding of the depot", TODAY - datetime.timedelta(days=3)),
            ("Loss of key staff", TODAY),
            ("Budget pressure", TODAY + datetime.timedelta(days=1)),
        ):
            services_risks.risk_create(
                acting_user=who,
                register=register,
                title=title,
                current_likelihood=2,
                current_impact=2,
                review_date=review,
            )
    return partnership, body


def _due(user):
    return {
        (x.label, x.count, x.url)
        for x in due_work_for_user(user, TODAY)
        if x.group == "Risk registers"
    }


def test_it_counts_risks_due_for_review_for_whoever_changes_the_register(
    personas, registers, django_assert_num_queries
):
    partnership, body = registers
    with django_assert_num_queries(1):  # registers the user may change, counting due risks
        lines = list(risks_due_work(personas.partnership_manager, TODAY))
    url = reverse("programme:risk_register", args=[personas.partnership.pk, partnership.pk])
    assert [(x.label, x.count, x.url) for x in lines] == [
        ("risks due for review: Strategic risk register", 2, f"{url}?review=due")
    ]
    body_url = reverse("programme:organisation_risk_register", args=[personas.org_a.pk, body.pk])
    assert _due(personas.editor) == {
        ("risks due for review: Corporate risk register", 2, f"{body_url}?review=due")
    }
    assert _due(personas.viewer) == set()
    assert _due(personas.partnership_viewer) == set()
    assert _due(personas.outsider) == set()


def test_the_linked_page_lists_exactly_the_risks_due(personas, registers, monkeypatch):
    _, body = registers
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)
    url = reverse("programme:organisation_risk_register", args=[personas.org_a.pk, body.pk])
    html = client_for(personas.editor).get(f"{url}?review=due").content.decode()
    table = html[html.index('id="risks"') :]
    assert "Flooding of the depot" in table and "Loss of key staff" in table
    assert "Budget pressure" not in table
    assert "Showing the 2 open risks due for review" in html


def test_search_finds_risks_and_projects_the_user_may_read(personas, registers):
    services_projects.project_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        name="Shared flood defence service",
        lead_organisation=personas.org_a,
    )
    found = {(r.kind, r.title, r.context) for r in search_for_user(personas.viewer, "flood")}
    assert (
        "Risk",
        "Flooding of the depot",
        f"{personas.org_a.name} · Corporate risk register",
    ) in found
    assert (
        "Risk",
        "Flooding of the depot",
        f"{personas.partnership.name} · Strategic risk register",
    ) in found
    assert (
        "Project",
        "Shared flood defence service",
        f"{personas.partnership.name} · Idea",
    ) in found
    for result in search_for_user(personas.viewer, "flood"):
        if result.kind in ("Risk", "Project"):
            assert client_for(personas.viewer).get(result.url).status_code == 200


def test_an_outsider_finds_nothing(personas, registers):
    services_projects.project_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        name="Shared flood defence service",
        lead_organisation=personas.org_a,
    )
    found = [
        r for r in search_for_user(personas.outsider, "flood") if r.kind in ("Risk", "Project")
    ]
    assert found == []
    # the partnership's peer reviewer reads member bodies through the partnership: every result
    # it is given opens for it
    peer = [r for r in search_for_user(personas.peer_reviewer, "flood") if r.kind == "Risk"]
    assert len(peer) == 2
    assert all(client_for(personas.peer_reviewer).get(r.url).status_code == 200 for r in peer)
