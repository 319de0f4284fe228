"""The organisations endpoints: access, data, validation, paging, queries."""

import pytest

from vfmhub.audit.models import AuditEvent
from vfmhub.core.api.versions import exact_time
from vfmhub.organisations.models import (
    BodyType,
    Organisation,
    OrganisationMembership,
    OrganisationRole,
)
from vfmhub.organisations.services import LAST_MANAGER
from vfmhub.organisations.tests.api_helpers import (
    CANNOT_MANAGE_ORG_A,
    FORBIDDEN,
    JSON,
    NOT_FOUND,
    READS_ORG_A,
    add_people,
    membership_of,
    org_url,
    version_of,
)
from vfmhub.testing import assert_access

pytestmark = pytest.mark.django_db

# Organisations: reads


def test_it_lists_only_organisations_the_user_can_read(as_user, personas):
    body = as_user(personas.viewer).get("/api/v1/organisations").json()
    assert body["count"] == 1
    assert [o["name"] for o in body["items"]] == ["Ashby District Council"]
    outsider = as_user(personas.outsider).get("/api/v1/organisations").json()
    assert [o["name"] for o in outsider["items"]] == ["Bexwell Borough Council"]


def test_it_lists_every_member_body_to_a_partnership_role(as_user, personas):
    body = as_user(personas.partnership_viewer).get("/api/v1/organisations").json()
    assert [o["name"] for o in body["items"]] == [
        "Ashby District Council",
        "Carrow Fire Authority",
        "Northmoor County Council",
    ]


def test_it_filters_organisations(as_user, personas):
    client = as_user(personas.staff)
    by_name = client.get("/api/v1/organisations", {"q": "ashby"}).json()
    assert [o["name"] for o in by_name["items"]] == ["Ashby District Council"]
    by_code = client.get("/api/v1/organisations", {"q": "E06000901"}).json()
    assert [o["name"] for o in by_code["items"]] == ["Bexwell Borough Council"]
    fire = client.get("/api/v1/organisations", {"body_type": BodyType.FIRE}).json()
    assert [o["name"] for o in fire["items"]] == ["Carrow Fire Authority"]


def test_it_refuses_an_unknown_body_type(as_user, personas):
    response = as_user(personas.staff).get("/api/v1/organisations", {"body_type": "parish"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body_type"


def test_it_paginates_with_limit_and_offset(as_user, personas):
    client = as_user(personas.staff)
    first = client.get("/api/v1/organisations", {"limit": 2}).json()
    assert first["count"] == 4
    assert [o["name"] for o in first["items"]] == [
        "Ashby District Council",
        "Bexwell Borough Council",
    ]
    rest = client.get("/api/v1/organisations", {"limit": 2, "offset": 2}).json()
    assert rest["count"] == 4
    assert [o["name"] for o in rest["items"]] == [
        "Carrow Fire Authority",
        "Northmoor County Council",
    ]
    beyond = client.get("/api/v1/organisations", {"offset": 10}).json()
    assert beyond == {"items": [], "count": 4}


def test_it_refuses_a_limit_over_the_maximum(as_user, personas):
    response = as_user(personas.staff).get("/api/v1/organisations", {"limit": 501})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "limit"


def test_it_pins_the_organisation_list_queries(as_user, personas, django_assert_num_queries):
    for n in range(5):
        Organisation.objects.create(name=f"Extra Council {n}", body_type=BodyType.DISTRICT)
    client = as_user(personas.staff)
    # session, user, count, page of organisations with region and parent
    with django_assert_num_queries(4):
        response = client.get("/api/v1/organisations")
    assert response.json()["count"] == 9


def test_it_pins_the_organisation_list_queries_for_a_non_staff_user(
    as_user, personas, django_assert_num_queries
):
    client = as_user(personas.partnership_viewer)
    # session, user, count, page (the access filter is part of both)
    with django_assert_num_queries(4):
        response = client.get("/api/v1/organisations")
    assert response.json()["count"] == 3


def test_it_shows_one_organisation(as_user, personas):
    response = as_user(personas.auditor).get(org_url(personas))
    assert response.status_code == 200
    assert response.json() == {
        "id": personas.org_a.pk,
        "name": "Ashby District Council",
        "short_name": "Ashby",
        "body_type": "district",
        "gss_code": "E07000901",
        "region": {"code": "E12000006", "name": "East of England"},
        "parent_id": personas.org_a.parent_id,
        "active_from": None,
        "active_to": None,
    }


def test_it_hides_an_organisation_from_outsiders(as_user, personas):
    assert_access(personas, org_url(personas), allowed=READS_ORG_A, hidden=["outsider"])
    response = as_user(personas.outsider).get(org_url(personas))
    assert response.json() == NOT_FOUND


def test_it_answers_not_found_for_a_missing_organisation(as_user, personas):
    response = as_user(personas.staff).get("/api/v1/organisations/999999")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_it_lists_an_organisations_people(as_user, personas):
    url = org_url(personas, "/members")
    assert_access(personas, url, allowed=READS_ORG_A, hidden=["outsider"])
    body = as_user(personas.viewer).get(url).json()
    assert body["count"] == 3
    assert [(m["email"], m["role"]) for m in body["items"]] == [
        ("editor@example.org", "editor"),
        ("manager@example.org", "manager"),
        ("viewer@example.org", "viewer"),
    ]


def test_it_paginates_an_organisations_people(as_user, personas):
    body = as_user(personas.viewer).get(org_url(personas, "/members"), {"limit": 1, "offset": 1})
    assert body.json() == {
        "items": [
            {
                "id": membership_of(personas.manager).pk,
                "user_id": personas.manager.pk,
                "email": "manager@example.org",
                "full_name": "",
                "role": "manager",
                "officer_title": "",
                "updated_at": version_of(personas.manager),
            }
        ],
        "count": 3,
    }


def test_it_pins_the_people_list_queries(as_user, personas, django_assert_num_queries):
    add_people(personas.org_a, 5)
    client = as_user(personas.viewer)
    # session, user, organisation with the user's role, auditor years, memberships with users
    with django_assert_num_queries(5):
        response = client.get(org_url(personas, "/members"))
    assert response.json()["count"] == 8


# Organisations: writes


def test_it_adds_a_person_to_an_organisation(as_user, personas, mailoutbox):
    url = org_url(personas, "/members")
    data = {"email": "New.Person@Example.org", "role": "editor", "officer_title": "HoF"}
    assert_access(
        personas,
        url,
        method="post",
        data=data,
        content_type=JSON,
        forbidden=CANNOT_MANAGE_ORG_A,
        hidden=["outsider"],
    )
    assert not OrganisationMembership.objects.filter(user__email="new.person@example.org").exists()
    response = as_user(personas.manager).post(url, data, content_type=JSON)
    assert response.status_code == 201
    membership = OrganisationMembership.objects.get(user__email="new.person@example.org")
    assert membership.organisation == personas.org_a
    assert membership.role == OrganisationRole.EDITOR
    assert response.json() == {
        "id": membership.pk,
        "user_id": membership.user_id,
        "email": "new.person@example.org",
        "full_name": "",
        "role": "editor",
        "officer_title": "HoF",
        "updated_at": exact_time(membership.updated_at),
    }
    event = AuditEvent.objects.get(action="organisation.member_add")
    assert event.actor == personas.manager
    assert event.organisation_id == personas.org_a.pk
    assert [m.to for m in mailoutbox] == [["new.person@example.org"]]


def test_it_refuses_writes_in_the_error_shape(as_user, personas):
    url = org_url(personas, "/members")
    data = {"email": "new.person@example.org", "role": "viewer"}
    forbidden = as_user(personas.viewer).post(url, data, content_type=JSON)
    assert (forbidden.status_code, forbidden.json()) == (403, FORBIDDEN)
    hidden = as_user(personas.outsider).post(url, data, content_type=JSON)
    assert (hidden.status_code, hidden.json()) == (404, NOT_FOUND)
    assert not OrganisationMembership.objects.filter(user__email="new.person@example.org").exists()


def test_it_lets_staff_add_a_person(as_user, personas):
    response = as_user(personas.staff).post(
        org_url(personas, "/members"),
        {"email": "new.person@example.org", "role": "viewer"},
        content_type=JSON,
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "not-an-email", "role": "viewer"}, "email", "Enter a valid email address."),
        (
            {"email": "new@example.org", "role": "boss"},
            "role",
            "Input should be 'viewer', 'editor' or 'manager'",
        ),
        ({"role": "viewer"}, "email", "Field required"),
    ],
)
def test_it_refuses_a_person_who_is_not_valid(as_user, personas, data, field, message):
    response = as_user(personas.manager).post(
        org_url(personas, "/members"), data, content_type=JSON
    )
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert {"field": field, "message": message} in body["errors"]
    assert OrganisationMembership.objects.filter(organisation=personas.org_a).count() == 3


def test_it_changes_a_persons_role(as_user, personas):
    url = org_url(personas, f"/members/{membership_of(personas.viewer).pk}")
    data = {
        "role": "editor",
        "officer_title": "Head of Finance",
        "updated_at": version_of(personas.viewer),
    }
    assert_access(
        personas,
        url,
        method="patch",
        data=data,
        content_type=JSON,
        forbidden=CANNOT_MANAGE_ORG_A,
        hidden=["outsider"],
    )
    assert membership_of(personas.viewer).role == OrganisationRole.VIEWER
    response = as_user(personas.manager).patch(url, data, content_type=JSON)
    assert response.status_code == 200
    assert response.json()["role"] == "editor"
    membership = membership_of(personas.viewer)
    assert (membership.role, membership.officer_title) == ("editor", "Head of Finance")
    event = AuditEvent.objects.get(action="organisation.member_role")
    assert event.changes == {
        "role": ["viewer", "editor"],
        "officer_title": ["", "Head of Finance"],
    }


def test_it_keeps_the_officer_title_when_only_the_role_changes(as_user, personas):
    membership = membership_of(personas.viewer)
    membership.officer_title = "HoF"
    membership.save()
    response = as_user(personas.manager).patch(
        org_url(personas, f"/members/{membership.pk}"),
        {"role": "editor", "updated_at": version_of(personas.viewer)},
        content_type=JSON,
    )
    assert response.status_code == 200
    assert (membership_of(personas.viewer).role, membership_of(personas.viewer).officer_title) == (
        "editor",
        "HoF",
    )


def test_it_refuses_to_demote_the_last_manager(as_user, personas):
    response = as_user(personas.manager).patch(
        org_url(personas, f"/members/{membership_of(personas.manager).pk}"),
        {"role": "viewer", "updated_at": version_of(personas.manager)},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": "The data is not valid.",
        "errors": [{"field": "", "message": LAST_MANAGER}],
    }
    assert membership_of(personas.manager).role == OrganisationRole.MANAGER


def test_it_refuses_a_bad_role_on_change(as_user, personas):
    response = as_user(personas.manager).patch(
        org_url(personas, f"/members/{membership_of(personas.viewer).pk}"),
        {"role": "owner"},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "role"


def test_it_hides_a_membership_of_another_organisation(as_user, personas):
    # The outsider's membership is at B; reaching it through A's URL must not work.
    url = org_url(personas, f"/members/{membership_of(personas.outsider).pk}")
    response = as_user(personas.manager).patch(url, {"role": "viewer"}, content_type=JSON)
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert as_user(personas.manager).delete(url).status_code == 404
    assert membership_of(personas.outsider).role == OrganisationRole.MANAGER


def test_it_removes_a_person(as_user, personas):
    membership = membership_of(personas.viewer)
    url = org_url(personas, f"/members/{membership.pk}")
    assert_access(
        personas, url, method="delete", forbidden=CANNOT_MANAGE_ORG_A, hidden=["outsider"]
    )
    assert OrganisationMembership.objects.filter(pk=membership.pk).exists()
    response = as_user(personas.manager).delete(url)
    assert response.status_code == 204
    assert response.content == b""
    assert not OrganisationMembership.objects.filter(pk=membership.pk).exists()
    event = AuditEvent.objects.get(action="organisation.member_remove")
    assert event.changes == {"role": ["viewer", None]}
    assert event.organisation_id == personas.org_a.pk


def test_it_refuses_to_remove_the_last_manager(as_user, personas):
    membership = membership_of(personas.manager)
    response = as_user(personas.manager).delete(org_url(personas, f"/members/{membership.pk}"))
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "", "message": LAST_MANAGER}]
    assert OrganisationMembership.objects.filter(pk=membership.pk).exists()


def test_adding_someone_already_a_member_is_refused_not_a_silent_role_change(as_user, personas):
    # A POST would have changed their role with no version: the change goes through PATCH.
    membership = personas.org_a.memberships.get(user=personas.viewer)
    response = as_user(personas.manager).post(
        f"/api/v1/organisations/{personas.org_a.pk}/members",
        {"email": personas.viewer.email.upper(), "role": "manager"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert f"members/{membership.pk}" in response.json()["detail"]
    membership.refresh_from_db()
    assert membership.role == "viewer"
