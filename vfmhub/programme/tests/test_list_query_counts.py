"""Query counts of the programme's remaining list pages and endpoints, pinned and shown not to
grow with the rows listed: each is read with a few rows and again with many more."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vfmhub.programme.models import FeedbackRating
from vfmhub.programme.services import events as services_events
from vfmhub.programme.services import projects as services_projects
from vfmhub.programme.services import risks as services_risks
from vfmhub.testing import client_for

pytestmark = pytest.mark.django_db
DAY = datetime.date(2009, 6, 1)


@pytest.fixture
def built(personas):
    """A project, a programme with one event and a body's register, each to be grown by `_grow`
    (not the shared `built` of conftest.py: these lists are pinned with exactly these rows)."""
    manager = personas.partnership_manager
    project = services_projects.project_create(
        acting_user=manager,
        partnership=personas.partnership,
        name="Shared legal service",
        lead_organisation=personas.org_a,
        partners=[personas.org_c],
    )
    programme = services_events.improvement_programme_create(
        acting_user=manager, partnership=personas.partnership, name="UoR workshops", year=2009
    )
    event = services_events.event_create(
        acting_user=manager, programme=programme, title="Day one", date=DAY
    )
    register = services_risks.register_create(
        acting_user=personas.manager, organisation=personas.org_a, name="Corporate risks"
    )
    return {"project": project, "programme": programme, "event": event, "register": register}


def _grow(personas, built, start: int, stop: int) -> None:
    manager = personas.partnership_manager
    project, event = built["project"], built["event"]
    for n in range(start, stop):
        services_projects.project_update_add(
            acting_user=manager, project=project, rag="A", text=f"Update {n}", date=DAY
        )
        services_projects.project_milestone_add(
            acting_user=manager, project=project, title=f"Milestone {n}", due_on=DAY
        )
        services_projects.project_funding_add(
            acting_user=manager, project=project, source="RIEP", amount=Decimal(1000 + n)
        )
        services_events.attendance_add(
            acting_user=manager,
            event=event,
            person_name=f"Delegate {n}",
            organisation=personas.org_a if n % 2 else personas.org_c,
        )
        services_events.feedback_add(
            acting_user=manager, event=event, rating=FeedbackRating.GOOD, comments=f"Useful {n}"
        )
        services_events.event_create(
            acting_user=manager, programme=built["programme"], title=f"Day {n + 2}", date=DAY
        )
        services_risks.risk_create(
            acting_user=personas.manager,
            register=built["register"],
            title=f"Risk {n}",
            current_likelihood=1,
            current_impact=2,
        )


def _urls(personas, built) -> dict[str, tuple[str, int]]:
    p, project = personas.partnership.pk, built["project"].pk
    event, programme = built["event"].pk, built["programme"].pk
    api = "/api/v1/programme"
    body = f"{api}/organisations/{personas.org_a.pk}"
    return {
        # as staff: session, user, the owner (and roles), the parent, the rows (count and page)
        "project updates": (f"{api}/partnerships/{p}/projects/{project}/updates", 7),
        "project milestones": (f"{api}/partnerships/{p}/projects/{project}/milestones", 7),
        "project funding": (f"{api}/partnerships/{p}/projects/{project}/funding", 7),
        "programme events": (f"{api}/improvement-programmes/{programme}/events", 7),
        "event attendance": (f"{api}/events/{event}/attendance", 7),
        "event feedback": (f"{api}/events/{event}/feedback", 7),
        "body registers": (f"{body}/risk-registers", 6),
        "body register risks": (f"{body}/risk-registers/{built['register'].pk}/risks", 8),
        "improvement programmes page": (
            reverse("programme:improvement_programmes", args=[p]),
            5,
        ),
        "event page": (reverse("programme:event", args=[event]), 10),
        "project page": (reverse("programme:project", args=[p, project]), 12),
        "body registers page": (
            reverse("programme:organisation_risk_registers", args=[personas.org_a.pk]),
            5,
        ),
    }


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_list_query_counts_are_pinned_and_do_not_grow(personas, built):
    client = client_for(personas.staff)
    urls = _urls(personas, built)
    _grow(personas, built, 0, 2)
    client.get(urls["project updates"][0])  # the session is warm
    few = {name: _count(client, url) for name, (url, _) in urls.items()}
    _grow(personas, built, 2, 12)
    many = {name: _count(client, url) for name, (url, _) in urls.items()}
    assert many == few
    assert few == {name: pinned for name, (_, pinned) in urls.items()}
