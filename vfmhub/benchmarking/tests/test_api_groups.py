"""The organisation-scoped comparator groups API: save, new version and archive (audited), who may
write, 409 on a stale group version, pinned query counts on the list and one group, and hostile
input answered 4xx, never 500."""

import pytest

from vfmhub.audit.models import AuditEvent
from vfmhub.benchmarking.models import ComparatorGroup
from vfmhub.benchmarking.tests.api_pages_data import get, org_url, send
from vfmhub.benchmarking.tests.pages_data import SPEND, make_group, make_reference
from vfmhub.core.concurrency import CHANGED_SINCE_OPENED
from vfmhub.testing import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference(personas):
    return make_reference()


# -- who may write ---------------------------------------------------------------------------------


def test_read_only_users_may_not_write_and_outsiders_are_not_found(personas, reference):
    group = make_group(personas.org_a, "Ours", ["E07000911"])
    writes: list[tuple[str, dict]] = [
        ("groups", {"name": "X", "members": ["E07000912"]}),
        (f"groups/{group.pk}/versions", {"name": "X", "members": ["E07000912"], "version": 1}),
        (f"groups/{group.pk}/archive", {"version": 1}),
        ("groups", {"bad": []}),  # a body not valid: still 403, not 422
    ]
    before = ComparatorGroup.objects.count()
    for rest, body in writes:
        assert send(personas, org_url(personas, rest), body, user="viewer").status_code == 403
        assert send(personas, org_url(personas, rest), body, user="outsider").status_code == 404
        assert client_for(None).post(org_url(personas, rest), body).status_code == 401
    assert ComparatorGroup.objects.count() == before
    assert ComparatorGroup.objects.get(pk=group.pk).is_current


# -- groups ----------------------------------------------------------------------------------------


def test_save_change_and_archive_a_group_audited(personas, reference):
    response = send(
        personas,
        org_url(personas, "groups"),
        {"name": "  Our districts ", "members": ["E07000911", "corley", "  Denham  "]},
    )
    assert response.status_code == 201, response.json()
    saved = response.json()
    assert saved["name"] == "Our districts" and saved["version"] == 1 and saved["is_current"]
    assert [m["gss_code"] for m in saved["members"]] == ["E07000911", "E07000912", "E07000913"]
    assert saved["citation"].startswith(f"Our districts, as saved by {personas.editor.email}")
    assert saved["compare_token"] == f"list:{saved['id']}"
    # it is a group the compare endpoint takes
    compared = get(
        personas, org_url(personas, f"compare?measure=ref:{SPEND}&group=list:{saved['id']}")
    ).json()
    assert compared["distribution"]["n"] == 4 and compared["group"]["citation"] == saved["citation"]

    changed = send(
        personas,
        org_url(personas, f"groups/{saved['id']}/versions"),
        {"name": "Our districts", "members": ["E07000911"], "version": 1},
    )
    assert changed.status_code == 201, changed.json()
    new = changed.json()
    assert new["version"] == 2 and [v["version"] for v in new["versions"]] == [2, 1]
    old = get(personas, org_url(personas, f"groups/{saved['id']}")).json()
    assert not old["is_current"] and len(old["members"]) == 3  # the earlier version is kept
    listed = get(personas, org_url(personas, "groups")).json()
    assert [(g["id"], g["version"]) for g in listed["items"]] == [(new["id"], 2)]

    archived = send(personas, org_url(personas, f"groups/{new['id']}/archive"), {"version": 2})
    assert archived.status_code == 200 and not archived.json()["is_current"]
    assert get(personas, org_url(personas, "groups")).json()["count"] == 0
    actions = list(
        AuditEvent.objects.filter(action__startswith="comparator_group.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "comparator_group.created",
        "comparator_group.new_version",
        "comparator_group.archived",
    ]


def test_a_stale_version_is_a_conflict_and_changes_nothing(personas, reference):
    group = make_group(personas.org_a, "Ours", ["E07000911"])
    first = send(
        personas,
        org_url(personas, f"groups/{group.pk}/versions"),
        {"name": "Ours", "members": ["E07000912"], "version": 1},
    )
    assert first.status_code == 201
    before = list(ComparatorGroup.objects.values_list("pk", "version", "is_current"))
    for rest, body in (
        (f"groups/{group.pk}/versions", {"name": "Mine", "members": ["E07000913"], "version": 1}),
        (f"groups/{group.pk}/archive", {"version": 1}),
    ):
        response = send(personas, org_url(personas, rest), body)
        assert response.status_code == 409, response.json()
        assert response.json() == {"detail": CHANGED_SINCE_OPENED, "errors": []}
    assert list(ComparatorGroup.objects.values_list("pk", "version", "is_current")) == before


@pytest.mark.parametrize(
    "body",
    [
        {"name": "X", "members": []},
        {"name": "X", "members": ["Nowhere"]},
        {"name": "X", "members": ["x" * 201]},
        {"name": "X", "members": ["E07000911"] * 501},
        {"name": "", "members": ["E07000911"]},
        {"name": "X" * 201, "members": ["E07000911"]},
        {"name": "X", "members": "E07000911"},
        {"name": "X", "members": [None]},
        {"name": "X"},
        {},
    ],
)
def test_hostile_groups_are_refused_with_reasons(personas, reference, body):
    response = send(personas, org_url(personas, "groups"), body)
    assert response.status_code == 422, response.content[:300]
    assert response.json()["errors"]
    assert not ComparatorGroup.objects.exists()


def test_hostile_group_ids_are_not_found(personas, reference):
    for pk in ("0", "99999999999999999999", "abc", "-1"):
        assert get(personas, org_url(personas, f"groups/{pk}")).status_code == 404
        response = send(personas, org_url(personas, f"groups/{pk}/archive"), {"version": 1})
        assert response.status_code == 404
    group = make_group(personas.org_a, "Ours", ["E07000911"])
    response = send(personas, org_url(personas, f"groups/{group.pk}/archive"), {"version": 0})
    assert response.status_code == 422


@pytest.mark.parametrize("count", [2, 12])
def test_the_groups_list_has_a_fixed_number_of_queries(
    personas, reference, count, django_assert_num_queries
):
    for i in range(count):
        make_group(personas.org_a, f"Group {i}", ["E07000911"])
    client = client_for(personas.viewer)
    client.get(org_url(personas, "groups"))  # warm the session
    # session, user, the organisation with the user's role, its auditor assignments, the
    # current groups with who saved them
    with django_assert_num_queries(5):
        response = client.get(org_url(personas, "groups"))
    assert response.json()["count"] == count


def test_one_group_has_a_fixed_number_of_queries(personas, reference, django_assert_num_queries):
    group = make_group(personas.org_a, "Ours", ["E07000911", "E07000912"])
    client = client_for(personas.viewer)
    client.get(org_url(personas, f"groups/{group.pk}"))
    # session, user, organisation and role, auditor assignments, the group, its members, versions
    with django_assert_num_queries(7):
        response = client.get(org_url(personas, f"groups/{group.pk}"))
    assert len(response.json()["members"]) == 2
