"""Projects: correcting and removing funding lines and milestones, on the pages and in the API,
audited and for managers only. Updates stay append-only."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse

from vfmhub.api.testing import version_of
from vfmhub.core.concurrency import CHANGED_SINCE_OPENED
from vfmhub.lib import clock
from vfmhub.programme.models import ProjectFunding, ProjectMilestone
from vfmhub.programme.services import projects as services
from vfmhub.programme.tests.helpers import latest_audit
from vfmhub.programme.tests.test_projects import make_project
from vfmhub.programme.views import projects_corrections as views
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db

WRITERS = ["partnership_manager"]
READERS = ["partnership_viewer", "peer_reviewer", "manager", "editor", "viewer"]
OUTSIDERS = ["outsider"]
API = "/api/v1/programme/partnerships/{}/projects/{}"


@pytest.fixture
def project(personas):
    return make_project(personas)


@pytest.fixture
def funding(personas, project):
    return services.project_funding_add(
        acting_user=personas.partnership_manager,
        project=project,
        source="RIEP",
        allocation="Shared revenue and benefits services",
        amount=Decimal("300000"),
    )


@pytest.fixture
def milestone(personas, project):
    return services.project_milestone_add(
        acting_user=personas.partnership_manager,
        project=project,
        title="Business case agreed",
        due_on=datetime.date(2009, 12, 1),
    )


def _page(name, project, *pks):
    return reverse(f"programme:{name}", args=[project.partnership_id, project.pk, *pks])


def _project_page(project):
    return reverse("programme:project", args=[project.partnership_id, project.pk])


def test_it_lets_only_managers_reach_the_correction_pages(personas, project, funding, milestone):
    for url in (
        _page("project_funding_edit", project, funding.pk),
        _page("project_funding_remove", project, funding.pk),
        _page("project_milestone_edit", project, milestone.pk),
        _page("project_milestone_remove", project, milestone.pk),
    ):
        assert_access(
            personas, url, allowed=WRITERS, forbidden=READERS, hidden=OUTSIDERS, ok=(200,)
        )


def test_it_refuses_correction_posts_to_readers(personas, project, funding, milestone):
    posts = [
        ("project_funding_edit", funding.pk, {"source": "LAA", "amount": "5"}),
        ("project_milestone_edit", milestone.pk, {"title": "X", "due_on": "2010-01-01"}),
        ("project_milestone_remove", milestone.pk, {}),
        ("project_funding_remove", funding.pk, {}),
    ]
    for name, pk, data in posts:
        data = {"status": "not_started", **data}
        assert_access(
            personas,
            _page(name, project, pk),
            method="post",
            data=data,
            allowed=WRITERS,
            forbidden=READERS,
            hidden=OUTSIDERS,
            ok=(302,),
        )
    assert not ProjectFunding.objects.exists()
    assert not ProjectMilestone.objects.exists()


def test_it_shows_change_and_remove_links_to_managers_only(personas, project, funding, milestone):
    remove = _page("project_funding_remove", project, funding.pk)
    change = _page("project_milestone_edit", project, milestone.pk)
    managed = client_for(personas.partnership_manager).get(_project_page(project)).content.decode()
    assert remove in managed and change in managed
    read = client_for(personas.partnership_viewer).get(_project_page(project)).content.decode()
    assert remove not in read and change not in read


def test_it_removes_a_funding_line_after_a_confirm_page(personas, project, funding):
    services.project_funding_add(
        acting_user=personas.partnership_manager, project=project, source="LAA", amount=50000
    )
    client = client_for(personas.partnership_manager)
    url = _page("project_funding_remove", project, funding.pk)
    confirm = client.get(url).content.decode()
    assert "govuk-warning-text" in confirm and "£300,000.00" in confirm
    assert ProjectFunding.objects.filter(pk=funding.pk).exists()  # GET changes nothing
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == _project_page(project)
    assert not ProjectFunding.objects.filter(pk=funding.pk).exists()
    page = client.get(_project_page(project))
    assert page.context["project"].funded == Decimal("50000")
    assert views.FUNDING_REMOVED in page.content.decode()
    event = latest_audit("project_funding.remove")
    assert event.partnership_id == project.partnership_id
    assert event.object_id == str(funding.pk)
    assert event.changes["amount"] == ["300000.00", None]
    assert event.changes["source"] == ["RIEP", None]


def test_it_corrects_a_funding_line_and_audits_the_change(personas, project, funding):
    client = client_for(personas.partnership_manager)
    url = _page("project_funding_edit", project, funding.pk)
    form = client.get(url).context["form"]
    assert form.initial["amount"] == Decimal("300000.00")
    data = {"source": "RIEP", "allocation": "Revenues and benefits", "amount": "250000"}
    assert client.post(url, data).status_code == 302
    funding.refresh_from_db()
    assert (funding.allocation, funding.amount) == ("Revenues and benefits", Decimal("250000"))
    event = latest_audit("project_funding.update")
    assert event.partnership_id == project.partnership_id
    assert event.changes == {
        "allocation": ["Shared revenue and benefits services", "Revenues and benefits"],
        "amount": ["300000.00", "250000.00"],
    }
    assert "source" not in event.changes


def test_it_refuses_a_negative_funding_amount(personas, funding):
    with pytest.raises(ValidationError) as error:
        services.project_funding_update(
            acting_user=personas.partnership_manager, funding=funding, amount=Decimal("-1")
        )
    assert error.value.message_dict == {"amount": [services.AMOUNT_NEGATIVE]}
    funding.refresh_from_db()
    assert funding.amount == Decimal("300000")


def test_it_reaches_no_funding_line_of_another_project(personas, project, funding):
    other = make_project(personas, name="Fleet")
    client = client_for(personas.partnership_manager)
    assert client.get(_page("project_funding_remove", other, funding.pk)).status_code == 404
    assert client.post(_page("project_funding_remove", other, funding.pk)).status_code == 404
    url = f"{API.format(personas.partnership.pk, other.pk)}/funding/{funding.pk}"
    assert client.delete(url).status_code == 404
    assert ProjectFunding.objects.filter(pk=funding.pk).exists()


def _milestone_data(client, url, **changes):
    data = {k: v for k, v in client.get(url).context["form"].initial.items() if v is not None}
    data.update(changes)
    return data


def test_it_edits_a_milestone_title_due_date_and_status(personas, project, milestone):
    client = client_for(personas.partnership_manager)
    url = _page("project_milestone_edit", project, milestone.pk)
    data = _milestone_data(
        client,
        url,
        title="Business case signed off",
        due_on="2010-01-31",
        status="done",
        completed_on="2010-01-20",
    )
    assert client.post(url, data).status_code == 302
    milestone.refresh_from_db()
    assert milestone.title == "Business case signed off"
    assert milestone.due_on == datetime.date(2010, 1, 31)
    assert (milestone.status, milestone.completed_on) == ("done", datetime.date(2010, 1, 20))
    event = latest_audit("project_milestone.edit")
    assert event.partnership_id == project.partnership_id
    assert event.changes["status"] == ["not_started", "done"]
    assert event.changes["completed_on"] == [None, "2010-01-20"]


def test_it_dates_a_milestone_done_without_a_date_today(personas, project, milestone):
    client = client_for(personas.partnership_manager)
    url = _page("project_milestone_edit", project, milestone.pk)
    assert client.post(url, _milestone_data(client, url, status="done")).status_code == 302
    milestone.refresh_from_db()
    assert milestone.completed_on == clock.today()


def test_it_refuses_a_completion_date_unless_done(personas, project, milestone):
    client = client_for(personas.partnership_manager)
    url = _page("project_milestone_edit", project, milestone.pk)
    data = _milestone_data(client, url, status="in_progress", completed_on="2009-11-01")
    response = client.post(url, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text and "govuk-error-message" in text
    assert services.COMPLETED_ONLY_WHEN_DONE in text
    milestone.refresh_from_db()
    assert (milestone.status, milestone.completed_on) == ("not_started", None)


def test_it_clears_the_completion_date_when_a_milestone_is_reopened(personas, milestone):
    manager = personas.partnership_manager
    services.project_milestone_complete(acting_user=manager, milestone=milestone)
    services.project_milestone_edit(acting_user=manager, milestone=milestone, status="in_progress")
    milestone.refresh_from_db()
    assert (milestone.status, milestone.completed_on) == ("in_progress", None)


def test_it_refuses_a_stale_milestone_edit_on_the_page(personas, project, milestone):
    client = client_for(personas.partnership_manager)
    url = _page("project_milestone_edit", project, milestone.pk)
    data = _milestone_data(client, url, title="Mine")
    services.project_milestone_edit(
        acting_user=personas.partnership_manager, milestone=milestone, title="Theirs"
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert CHANGED_SINCE_OPENED in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.title == "Theirs"


def test_it_removes_a_milestone_after_a_confirm_page(personas, project, milestone):
    client = client_for(personas.partnership_manager)
    url = _page("project_milestone_remove", project, milestone.pk)
    confirm = client.get(url).content.decode()
    assert "govuk-warning-text" in confirm and "Business case agreed" in confirm
    assert client.post(url).status_code == 302
    assert not ProjectMilestone.objects.filter(pk=milestone.pk).exists()
    event = latest_audit("project_milestone.remove")
    assert event.partnership_id == project.partnership_id
    assert event.changes["title"] == ["Business case agreed", None]


def test_updates_stay_append_only(personas, project):
    services.project_update_add(
        acting_user=personas.partnership_manager, project=project, rag="G", text="On track"
    )
    for name in ("project_update_edit", "project_update_remove", "project_update_delete"):
        assert not hasattr(services, name)
        with pytest.raises(NoReverseMatch):
            reverse(f"programme:{name}", args=[1, 1, 1])
    update = project.updates.get()
    url = f"{API.format(personas.partnership.pk, project.pk)}/updates/{update.pk}"
    client = client_for(personas.partnership_manager)
    assert client.patch(url, {"text": "x"}, content_type="application/json").status_code in (
        404,
        405,
    )
    assert client.delete(url).status_code in (404, 405)
    assert project.updates.get().text == "On track"


# API


def test_api_funding_access(personas, project, funding):
    base = f"{API.format(personas.partnership.pk, project.pk)}/funding"
    assert_access(
        personas, base, allowed=[*WRITERS, *READERS, "staff"], hidden=OUTSIDERS, ok=(200,)
    )
    for method, url, body, ok in (
        ("post", base, {"source": "LAA", "amount": "1000"}, 201),
        ("patch", f"{base}/{funding.pk}", {"amount": "1", "updated_at": version_of(funding)}, 200),
        ("delete", f"{base}/{funding.pk}", None, 204),
    ):
        assert_access(
            personas,
            url,
            method=method,
            data=body,
            content_type="application/json",
            allowed=WRITERS,
            forbidden=READERS,
            hidden=OUTSIDERS,
            ok=(ok,),
        )
    assert list(project.funding.values_list("source", flat=True)) == ["LAA"]


def test_api_funding_list_add_correct_remove(personas, project, funding):
    client = client_for(personas.partnership_manager)
    base = f"{API.format(personas.partnership.pk, project.pk)}/funding"
    added = client.post(
        base, {"source": "LAA", "allocation": "Fleet", "amount": "40000"}, "application/json"
    )
    assert added.status_code == 201
    assert added.json()["allocation"] == "Fleet"
    listed = client.get(base).json()
    assert listed["count"] == 2
    assert [item["source"] for item in listed["items"]] == ["RIEP", "LAA"]
    read_at = listed["items"][0]["updated_at"]
    patched = client.patch(
        f"{base}/{funding.pk}",
        {"amount": "275000.50", "updated_at": read_at},
        content_type="application/json",
    )
    assert patched.status_code == 200
    assert Decimal(patched.json()["amount"]) == Decimal("275000.50")
    assert patched.json()["source"] == "RIEP"  # fields not sent are left alone
    negative = client.patch(
        f"{base}/{funding.pk}",
        {"amount": "-5", "updated_at": patched.json()["updated_at"]},
        "application/json",
    )
    assert negative.status_code == 422
    assert negative.json()["errors"] == [{"field": "amount", "message": services.AMOUNT_NEGATIVE}]
    assert client.delete(f"{base}/{added.json()['id']}").status_code == 204
    detail = client.get(API.format(personas.partnership.pk, project.pk)).json()
    assert Decimal(detail["funded"]) == Decimal("275000.50")
    assert [f["id"] for f in detail["funding"]] == [funding.pk]
    assert latest_audit("project_funding.remove").object_id == str(added.json()["id"])


def test_api_milestone_status_patch_still_works(personas, project, milestone):
    client = client_for(personas.partnership_manager)
    url = f"{API.format(personas.partnership.pk, project.pk)}/milestones/{milestone.pk}"
    done = client.patch(
        url, {"status": "done", "updated_at": version_of(milestone)}, "application/json"
    )
    assert done.status_code == 200
    assert done.json()["completed_on"] == clock.today().isoformat()
    again = client.patch(
        url, {"status": "not_started", "updated_at": done.json()["updated_at"]}, "application/json"
    )
    assert again.json()["completed_on"] is None
    dated = client.patch(
        url,
        {"status": "done", "completed_on": "2009-11-30", "updated_at": again.json()["updated_at"]},
        content_type="application/json",
    )
    assert dated.json()["completed_on"] == "2009-11-30"


def test_api_milestone_edit_remove_and_stale_409(personas, project, milestone):
    client = client_for(personas.partnership_manager)
    base = f"{API.format(personas.partnership.pk, project.pk)}/milestones"
    url = f"{base}/{milestone.pk}"
    sent = client.get(base).json()["items"][0]["updated_at"]
    moved = client.patch(
        url, {"due_on": "2010-02-28", "updated_at": sent}, content_type="application/json"
    )
    assert moved.status_code == 200
    assert moved.json()["due_on"] == "2010-02-28"
    assert moved.json()["title"] == "Business case agreed"
    stale = client.patch(url, {"title": "Late", "updated_at": sent}, "application/json")
    assert stale.status_code == 409
    assert stale.json() == {"detail": CHANGED_SINCE_OPENED, "errors": []}
    refused = client.patch(
        url,
        {
            "status": "missed",
            "completed_on": "2010-01-01",
            "updated_at": moved.json()["updated_at"],
        },
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "completed_on"
    assert_access(
        personas,
        url,
        method="delete",
        allowed=WRITERS,
        forbidden=READERS,
        hidden=OUTSIDERS,
        ok=(204,),
    )
    assert client.get(base).json()["count"] == 0
    assert not ProjectMilestone.objects.filter(pk=milestone.pk).exists()
