"""The indicator library API: access, writes, 409 on stale updates, pinned query counts."""

import json

import pytest

from vfmhub.performance.models import Commentary, Indicator, IndicatorValue, Target
from vfmhub.performance.services import indicators as defs
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db
BASE = "/api/v1/performance"


@pytest.fixture
def local(personas):
    return defs.indicator_create(
        acting_user=personas.editor,
        owner=personas.org_a,
        fields={
            "code": "L1",
            "title": "Calls answered",
            "polarity": "higher",
            "frequency": "quarter",
        },
    )


@pytest.fixture
def national(personas):
    return defs.indicator_create(
        acting_user=None,
        owner=None,
        fields={
            "code": "NI 192",
            "title": "Recycling",
            "polarity": "higher",
            "frequency": "quarter",
        },
    )


def url(personas, tail=""):
    return f"{BASE}/organisations/{personas.org_a.pk}/indicators{tail}"


def post(user, address, body):
    return client_for(user).post(address, json.dumps(body), content_type="application/json")


def test_it_lists_national_and_local_indicators_in_pinned_queries(
    personas, local, national, django_assert_num_queries
):
    client = client_for(personas.viewer)
    client.get(url(personas))  # warm the session
    # session, user, organisation + role (access), count, page
    with django_assert_num_queries(6):
        response = client.get(url(personas))
    assert [i["code"] for i in response.json()["items"]] == ["L1", "NI 192"]


def test_the_national_list_has_no_local_indicators(personas, local, national):
    response = client_for(personas.outsider).get(f"{BASE}/indicators")
    assert [i["code"] for i in response.json()["items"]] == ["NI 192"]


def test_one_indicator_shows_its_rag_rule_versions(personas, local):
    response = client_for(personas.viewer).get(url(personas, f"/{local.pk}"))
    assert response.json()["rag_rules"][0]["version"] == 1


def test_outsiders_do_not_see_the_local_library(personas, local):
    assert_access(personas, url(personas, f"/{local.pk}"), hidden=["outsider"], allowed=["viewer"])


def test_editors_create_local_indicators_and_viewers_may_not(personas):
    body = {"code": "L9", "title": "Missed bins", "polarity": "lower", "frequency": "month"}
    assert_access(
        personas,
        url(personas),
        method="post",
        data=body,
        content_type="application/json",
        hidden=["outsider"],
        forbidden=["viewer"],
        allowed=["editor"],
        ok=(201,),
    )
    assert Indicator.objects.get(code="L9").owner == personas.org_a


def test_a_stale_update_is_a_conflict(personas, local):
    stale = client_for(personas.editor).get(url(personas, f"/{local.pk}")).json()["updated_at"]
    client = client_for(personas.editor)
    first = client.patch(
        url(personas, f"/{local.pk}"),
        {"title": "A", "updated_at": stale},
        content_type="application/json",
    )
    assert first.status_code == 200
    second = client.patch(
        url(personas, f"/{local.pk}"),
        {"title": "B", "updated_at": stale},
        content_type="application/json",
    )
    assert second.status_code == 409


def test_only_staff_change_a_national_indicator(personas, national):
    response = client_for(personas.editor).patch(
        url(personas, f"/{national.pk}"),
        {"title": "X", "updated_at": "2020-01-01T00:00:00Z"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_values_targets_and_commentary_are_recorded(personas, local):
    tail = f"/{local.pk}"
    response = post(
        personas.editor, url(personas, tail + "/values"), {"period": "Q1 2024/25", "value": "7"}
    )
    assert response.status_code == 201 and response.json()["version"] == 1
    assert (
        post(
            personas.editor,
            url(personas, tail + "/targets"),
            {"period": "Q1 2024/25", "value": "9"},
        ).status_code
        == 201
    )
    body = {"period": "Q1 2024/25", "what_happened": "Short staffed"}
    assert post(personas.editor, url(personas, tail + "/commentary"), body).status_code == 201
    assert IndicatorValue.objects.get().value == 7
    assert Target.objects.get().value == 9 and Commentary.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {"period": "Q1 2024/25", "value": "1e40"},
        {"period": "fortnight 3", "value": "1"},
        {"period": "April 2024", "value": "1"},
    ],
)
def test_bad_values_are_422_not_500(personas, local, body):
    response = post(personas.editor, url(personas, f"/{local.pk}/values"), body)
    assert response.status_code == 422
    assert not IndicatorValue.objects.exists()


def test_viewers_may_not_record_values(personas, local):
    body = {"period": "Q1 2024/25", "value": "7"}
    assert_access(
        personas,
        url(personas, f"/{local.pk}/values"),
        method="post",
        data=body,
        content_type="application/json",
        hidden=["outsider"],
        forbidden=["viewer"],
    )


def test_the_national_list_is_pinned_in_queries(personas, national, django_assert_num_queries):
    client = client_for(personas.outsider)
    client.get(f"{BASE}/indicators")  # warm the session
    # session, user, count, page
    with django_assert_num_queries(4):
        response = client.get(f"{BASE}/indicators")
    assert response.json()["count"] == 1
