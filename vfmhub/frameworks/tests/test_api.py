import pytest
from django.test import Client

from vfmhub.frameworks.models import Applicability, FrameworkVersion, VersionStatus

pytestmark = pytest.mark.django_db

API = "/api/v1/frameworks"


def test_it_needs_a_signed_in_user_or_token(loaded):
    response = Client().get(API)
    assert response.status_code == 401


def test_it_lists_frameworks_in_fixed_queries(loaded, personas, as_user, django_assert_num_queries):
    client = as_user(personas.outsider)
    # session, user, count, page of frameworks with version counts and latest version
    with django_assert_num_queries(4):
        response = client.get(API)
    data = response.json()
    assert data["count"] == 4
    first = data["items"][0]
    assert first["code"] == "use-of-resources"
    assert first["source_text"].startswith("Audit Commission")


def test_it_gets_a_framework_with_its_versions(uor_2008, personas, as_user):
    response = as_user(personas.viewer).get(f"{API}/{uor_2008.framework_id}")
    data = response.json()
    assert [v["code"] for v in data["versions"]] == ["2008-09", "2009-10"]
    assert data["versions"][0]["status"] == "published"
    assert len(data["versions"][0]["content_hash"]) == 64


def test_it_gets_a_version_with_everything_in_it(uor_2005, personas, as_user):
    data = as_user(personas.viewer).get(f"{API}/versions/{uor_2005.pk}").json()
    assert [t["title"] for t in data["themes"]] == [
        "Financial reporting",
        "Financial management",
        "Financial standing",
        "Internal control",
        "Value for money",
    ]
    assert data["scale"]["kind"] == "scored"
    sets = {s["code"]: s for s in data["scale"]["label_sets"]}
    assert sets["plain"]["labels"]["3"] == "Performs well"
    assert sets["audit-commission"]["is_default"] is True
    overall = next(r for r in data["rollup_rules"] if r["scope"] == "overall")
    assert overall["method"] == "rule_table"
    assert overall["rows"][0] == {
        "order": 1,
        "result": 4,
        "conditions": [{"at_least": 2, "scoring": 4}, {"none_below": 3}],
    }
    assert "otherwise 1" in overall["in_words"]
    assert data["finding_types"][0]["code"] == "area-for-improvement"


def test_it_pages_through_criteria_in_fixed_queries(
    uor_2008, personas, as_user, django_assert_num_queries
):
    client = as_user(personas.viewer)
    # session, user, version, count, page of criteria with themes, focus areas, level descriptors
    with django_assert_num_queries(7):
        response = client.get(f"{API}/versions/{uor_2008.pk}/criteria?limit=3&offset=0")
    data = response.json()
    assert data["count"] == 10
    assert [c["code"] for c in data["items"]] == ["1.1", "1.2", "1.3"]
    assert data["items"][0]["focus_areas"] == [
        "Financial planning",
        "Financial health",
        "Financial skills",
    ]
    assert data["items"][0]["theme_code"] == "1"


def test_it_says_which_criteria_apply_to_a_body_type(
    uor_2008, personas, as_user, django_assert_num_queries
):
    client = as_user(personas.viewer)
    url = f"{API}/versions/{uor_2008.pk}/applicability?body_type=district"
    # session, user, version, criteria with default and override subqueries
    with django_assert_num_queries(4):
        data = client.get(url).json()
    applying = [item["code"] for item in data["items"] if item["applies"]]
    assert applying == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1"]


def test_it_includes_a_partnerships_overrides(uor_2008, personas, as_user):
    Applicability.objects.create(
        criterion=uor_2008.criteria.get(code="3.3"),
        body_type="district",
        partnership=personas.partnership,
        applies=True,
    )
    url = f"{API}/versions/{uor_2008.pk}/applicability?body_type=district"
    url += f"&partnership_id={personas.partnership.pk}"
    data = as_user(personas.partnership_viewer).get(url).json()
    item = next(i for i in data["items"] if i["code"] == "3.3")
    assert item == {
        "criterion_id": item["criterion_id"],
        "code": "3.3",
        "title": "Workforce",
        "theme_code": "3",
        "body_type": "district",
        "applies": True,
        "default_applies": False,
        "overridden": True,
    }
    assert as_user(personas.outsider).get(url).status_code == 404


def test_it_rejects_an_unknown_body_type(uor_2008, personas, as_user):
    response = as_user(personas.viewer).get(
        f"{API}/versions/{uor_2008.pk}/applicability?body_type=parish"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body_type"


def test_it_hides_drafts_and_unknown_ids(uor_2008, personas, as_user):
    FrameworkVersion.objects.filter(pk=uor_2008.pk).update(status=VersionStatus.DRAFT)
    assert as_user(personas.viewer).get(f"{API}/versions/{uor_2008.pk}").status_code == 404
    assert as_user(personas.staff).get(f"{API}/versions/{uor_2008.pk}").status_code == 200
    assert as_user(personas.viewer).get(f"{API}/999999").status_code == 404
    assert as_user(personas.viewer).get(f"{API}/versions/999999/criteria").status_code == 404
