"""The council plan and ratings over the API: reading the tree, adding and changing actions
(409 when stale), rating a service; permissions and pinned query counts."""

from pathlib import Path

import pytest

from vfmhub.api.testing import version_of
from vfmhub.performance.importing.plan import council_plan_import
from vfmhub.performance.models import CouncilPlan, Deliverable, PlanAction, ServiceRating
from vfmhub.performance.services.ratings import service_add
from vfmhub.testing import assert_access

SEED = Path(__file__).parent / "fixtures" / "plan" / "seed004_council_plan.docx"
JSON = "application/json"
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


def _api(personas) -> str:
    return f"/api/v1/performance/organisations/{personas.org_a.pk}"


def test_the_plan_tree_is_read_by_the_organisations_readers(personas, plan, as_user):
    url = f"{_api(personas)}/plans/{plan.pk}"
    assert_access(personas, url, allowed=READERS, hidden=["outsider"], ok=(200,))
    tree = as_user(personas.viewer).get(url).json()
    (priority,) = tree["priorities"]
    assert priority["title"] == "Value for Money (FP1)"
    restructure = priority["deliverables"][1]
    assert restructure["actions"][0]["completion_date"] == "2009-03-31"
    assert restructure["measures"][0]["text"] == "Fit for Purpose Management Structure"


def test_plans_are_listed_in_fixed_queries(personas, plan, as_user, django_assert_num_queries):
    client = as_user(personas.viewer)
    url = f"{_api(personas)}/plans"
    client.get(url)
    # session, user, organisation with the user's role, its auditor years, count, page
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.json()["count"] == 1
    CouncilPlan.objects.create(organisation=personas.org_a, title="B", first_year=1, last_year=2)
    with django_assert_num_queries(6):
        client.get(url)


def test_editors_add_and_change_actions_and_a_stale_change_is_409(personas, plan, as_user):
    deliverable = Deliverable.objects.get(title="VFM Ratings")
    url = f"{_api(personas)}/plan-deliverables/{deliverable.pk}/actions"
    assert_access(
        personas,
        url,
        method="post",
        data={"title": "Rate every service", "resource_amount": "5000"},
        content_type=JSON,
        allowed=["editor"],
        forbidden=["viewer", "partnership_manager"],
        hidden=["outsider"],
        ok=(201,),
    )
    action = PlanAction.objects.get(title="Rate every service")
    client = as_user(personas.editor)
    url = f"{_api(personas)}/plan-actions/{action.pk}"
    stale = version_of(action)
    response = client.patch(url, {"status": "on_track", "updated_at": stale}, content_type=JSON)
    assert response.status_code == 200 and response.json()["status"] == "on_track"
    assert response.json()["title"] == "Rate every service"
    again = client.patch(url, {"status": "at_risk", "updated_at": stale}, content_type=JSON)
    assert again.status_code == 409
    assert client.patch(url, {"status": "at_risk"}, content_type=JSON).status_code == 428
    link = {"project_id": 999999, "updated_at": response.json()["updated_at"]}
    refused = client.patch(url, link, content_type=JSON)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "project_id"


def test_services_are_rated_and_listed(personas, as_user, django_assert_num_queries):
    service = service_add(acting_user=personas.editor, organisation=personas.org_a, name="Waste")
    url = f"{_api(personas)}/rated-services/{service.pk}/ratings"
    data = {"year": 2009, "score": 3, "reason": "Costs below average"}
    assert_access(
        personas,
        url,
        method="post",
        data=data,
        content_type=JSON,
        allowed=["editor"],
        forbidden=["viewer"],
        hidden=["outsider"],
        ok=(201,),
    )
    client = as_user(personas.editor)
    assert client.post(url, data, content_type=JSON).status_code == 422
    rating = ServiceRating.objects.get()
    change = {"score": 2, "reason": "Costs up", "updated_at": version_of(rating)}
    assert client.patch(f"{url}/2009", change, content_type=JSON).status_code == 200
    assert client.patch(f"{url}/2009", change, content_type=JSON).status_code == 409
    listing = f"{_api(personas)}/rated-services?year=2009"
    client.get(listing)
    # session, user, organisation with the user's role, its auditor years, count, services,
    # their ratings that year
    with django_assert_num_queries(7):
        body = client.get(listing).json()
    assert body["items"][0]["rating"]["score"] == 2
    check = client.get(f"{_api(personas)}/rating-target?year=2009").json()
    assert (check["rated"], check["at_or_above"], check["met"]) == (1, 1, True)
