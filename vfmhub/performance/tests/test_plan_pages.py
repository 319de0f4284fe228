"""The council plan pages: who reads and who edits, the plan's tree, the edit pages, the
downloads in the import's shape, and the upload with its preview."""

import io
from pathlib import Path

import docx
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from vfmhub.core.concurrency import CHANGED_SINCE_OPENED
from vfmhub.performance.importing.plan import council_plan_import, saved_tree
from vfmhub.performance.models import CouncilPlan, Deliverable, PlanAction, Priority
from vfmhub.testing import assert_access

SEED = Path(__file__).parent / "fixtures" / "plan" / "seed004_council_plan.docx"
READERS = ["manager", "editor", "viewer", "auditor", "partnership_manager", "staff"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas) -> CouncilPlan:
    result = council_plan_import(
        acting_user=personas.editor,
        organisation=personas.org_a,
        content=SEED.read_bytes(),
        filename=SEED.name,
        title="Council Plan",
        first_year=2008,
        last_year=2010,
    )
    return CouncilPlan.objects.get(pk=result.plan_id or 0)


def _url(name: str, *args) -> str:
    return reverse(f"performance:{name}", args=args)


def test_it_shows_the_plan_to_everyone_who_reads_the_organisation(personas, plan):
    org = personas.org_a.pk
    for url in (
        _url("plan_list", org),
        _url("plan_detail", org, plan.pk),
        _url("plan_export", org, plan.pk, "csv"),
    ):
        assert_access(personas, url, allowed=READERS, hidden=["outsider"], ok=(200,))


def test_another_organisations_plan_is_not_found(personas, plan, as_user):
    client = as_user(personas.outsider)
    own = personas.org_b.pk
    assert client.get(_url("plan_detail", own, plan.pk)).status_code == 404


def test_only_editors_change_the_plan(personas, plan):
    org = personas.org_a.pk
    priority = plan.priorities.get()
    for url, data in (
        (_url("plan_priority_add", org, plan.pk), {"title": "Housing"}),
        (_url("plan_priority_edit", org, priority.pk), {"title": "VFM"}),
        (_url("plan_create", org), {"title": "Plan", "first_year": 2009, "last_year": 2011}),
    ):
        assert_access(
            personas,
            url,
            method="post",
            data=data,
            allowed=["editor"],
            forbidden=["viewer", "auditor", "partnership_manager"],
            hidden=["outsider"],
        )
    assert plan.priorities.filter(title="Housing").exists()
    assert CouncilPlan.objects.filter(title="Plan", first_year=2009).exists()


def test_the_plan_page_shows_the_tree_in_fixed_queries(
    personas, plan, as_user, django_assert_num_queries
):
    client = as_user(personas.viewer)
    url = _url("plan_detail", personas.org_a.pk, plan.pk)
    client.get(url)
    # session, user, organisation with the user's role, its auditor years, plan, priorities,
    # deliverables, measures with indicators, actions with their links
    with django_assert_num_queries(9):
        response = client.get(url)
    text = response.content.decode()
    assert "Value for Money (FP1)" in text
    assert "75% of Services Scoring 2 or Above" in text
    assert "31 March 2009 (new structure in place)" in text
    assert "Portfolio Holder for Human Resources, Legal and Democratic Services" in text
    priority = plan.priorities.get()
    for n in range(5):
        Deliverable.objects.create(priority=priority, title=f"More {n}", position=10 + n)
    with django_assert_num_queries(9):
        client.get(url)


def test_the_plan_list_has_fixed_queries(personas, plan, as_user, django_assert_num_queries):
    client = as_user(personas.viewer)
    url = _url("plan_list", personas.org_a.pk)
    client.get(url)
    # session, user, organisation with the user's role, its auditor years, plans with their
    # priority counts
    with django_assert_num_queries(5):
        response = client.get(url)
    assert "Council Plan" in response.content.decode()
    CouncilPlan.objects.create(
        organisation=personas.org_a, title="Old", first_year=2005, last_year=2007
    )
    with django_assert_num_queries(5):
        client.get(url)


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "csv"])
def test_the_downloads_read_back_into_the_same_plan(personas, plan, as_user, fmt):
    response = as_user(personas.viewer).get(_url("plan_export", personas.org_a.pk, plan.pk, fmt))
    assert response.status_code == 200
    content = response.content
    if fmt == "docx":
        table = docx.Document(io.BytesIO(content)).tables[0]
        assert table.rows[0].cells[3].text == "How Do We Know We Are Getting There?"
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(content)).active
        assert sheet["A2"].value == "Value for Money (FP1)" and sheet["A3"].value is None
    result = council_plan_import(
        acting_user=personas.editor,
        organisation=personas.org_a,
        content=content,
        filename=f"plan.{fmt}",
        title="Copy",
        first_year=2008,
        last_year=2010,
    )
    assert result.errors == []
    assert saved_tree(CouncilPlan.objects.get(pk=result.plan_id or 0)) == saved_tree(plan)


def test_an_unknown_export_format_is_not_found(personas, plan, as_user):
    response = as_user(personas.viewer).get(_url("plan_export", personas.org_a.pk, plan.pk, "pdf"))
    assert response.status_code == 404


def test_a_stale_edit_is_refused(personas, plan, as_user):
    action = PlanAction.objects.get(deliverable__title="VFM Ratings")
    url = _url("plan_action_edit", personas.org_a.pk, action.pk)
    stale = action.updated_at.isoformat()
    PlanAction.objects.filter(pk=action.pk).update(lead_officer="Someone")
    action.refresh_from_db()
    data = {"title": "New", "status": "on_track", "version_stamp": "2000-01-01T00:00:00+00:00"}
    response = as_user(personas.editor).post(url, data)
    assert response.status_code == 200
    assert CHANGED_SINCE_OPENED in response.content.decode()
    assert PlanAction.objects.get(pk=action.pk).title == "VFM Strategy"
    assert stale


def test_an_action_is_edited_and_linked_only_within_the_organisation(personas, plan, as_user):
    action = PlanAction.objects.get(deliverable__title="VFM Ratings")
    url = _url("plan_action_edit", personas.org_a.pk, action.pk)
    data = {
        "title": "VFM Strategy",
        "status": "at_risk",
        "completion_date": "31/3/2011",
        "resource_amount": "£25,000",
        "resource_staff": "0.5",
        "lead_member": "Cllr Denaro",
        "version_stamp": action.updated_at.isoformat(),
    }
    response = as_user(personas.editor).post(url, data)
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, str(action.resource_amount), action.lead_member) == (
        "at_risk",
        "25000.00",
        "Cllr Denaro",
    )
    response = as_user(personas.editor).post(url, {**data, "project": "999999"})
    assert response.status_code == 200 and "govuk-error-message" in response.content.decode()


def test_parts_of_another_organisations_plan_are_not_found(personas, plan, as_user):
    priority = Priority.objects.get()
    client = as_user(personas.outsider)
    url = _url("plan_priority_edit", personas.org_b.pk, priority.pk)
    assert client.post(url, {"title": "Taken"}).status_code == 404
    assert Priority.objects.get().title == "Value for Money (FP1)"


def test_moving_and_removing_renumber_the_rest(personas, plan, as_user):
    client = as_user(personas.editor)
    org = personas.org_a.pk
    last = Deliverable.objects.get(title="VFM Ratings")
    assert (
        client.post(_url("plan_deliverable_move", org, last.pk), {"position": 1}).status_code == 302
    )
    titles = list(Deliverable.objects.order_by("position").values_list("title", flat=True))
    assert titles[0] == "VFM Ratings" and titles[1] == "Delivery of Agreed Savings"
    assert client.post(_url("plan_deliverable_remove", org, last.pk), {}).status_code == 302
    positions = list(Deliverable.objects.order_by("position").values_list("position", flat=True))
    assert positions == [1, 2, 3]


def test_the_upload_previews_then_imports(personas, as_user):
    client = as_user(personas.editor)
    org = personas.org_a.pk
    with SEED.open("rb") as upload:
        response = client.post(
            _url("plan_import", org),
            {"file": upload, "title": "Council Plan", "first_year": 2008, "last_year": 2010},
        )
    assert response.status_code == 302
    preview = client.get(response["Location"])
    text = preview.content.decode()
    assert "Wrapped rows joined to the row above" in text and CouncilPlan.objects.count() == 0
    token = response["Location"].rstrip("/").split("/")[-1]
    viewer = as_user(personas.viewer)
    assert viewer.post(_url("plan_import_confirm", org, token)).status_code == 403
    done = client.post(_url("plan_import_confirm", org, token))
    assert done.status_code == 302
    plan = CouncilPlan.objects.get()
    assert PlanAction.objects.filter(deliverable__priority__plan=plan).count() == 4


def test_a_hostile_upload_shows_its_problems(personas, as_user):
    client = as_user(personas.editor)
    upload = io.BytesIO(b"PK\x03\x04 this is no workbook")
    upload.name = "plan.xlsx"
    response = client.post(
        _url("plan_import", personas.org_a.pk),
        {"file": upload, "title": "Council Plan", "first_year": 2008, "last_year": 2010},
    )
    preview = client.get(response["Location"])
    assert preview.status_code == 200 and "There is a problem" in preview.content.decode()
