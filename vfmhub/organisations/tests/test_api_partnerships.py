"""The partnerships endpoints: access, data, validation, paging, queries."""

import datetime

import pytest

from vfmhub.audit.models import AuditEvent
from vfmhub.organisations.models import (
    Organisation,
    PartnershipMember,
    PartnershipRole,
    PartnershipRoleKind,
)
from vfmhub.organisations.services import ALREADY_MEMBER
from vfmhub.organisations.tests.api_helpers import (
    CANNOT_MANAGE_PARTNERSHIP,
    JSON,
    NOT_FOUND,
    READS_PARTNERSHIP,
    partnership_url,
)
from vfmhub.testing import assert_access, make_user

pytestmark = pytest.mark.django_db

# Partnerships: reads


def test_it_lists_partnerships_the_user_can_read(as_user, personas):
    for name in READS_PARTNERSHIP:
        body = as_user(personas.user(name)).get("/api/v1/partnerships").json()
        assert [p["name"] for p in body["items"]] == ["Improvement Northmoor"], name
    outsider = as_user(personas.outsider).get("/api/v1/partnerships").json()
    assert outsider == {"items": [], "count": 0}


def test_it_pins_the_partnership_list_queries(as_user, personas, django_assert_num_queries):
    client = as_user(personas.partnership_manager)
    # session, user, count, page of partnerships with their lead body, the user's roles in them
    with django_assert_num_queries(5):
        response = client.get("/api/v1/partnerships")
    assert response.json()["items"][0]["lead_organisation_id"] == (
        personas.partnership.lead_organisation_id
    )


def test_it_shows_one_partnership(as_user, personas):
    url = partnership_url(personas)
    assert_access(personas, url, allowed=READS_PARTNERSHIP, hidden=["outsider"])
    body = as_user(personas.peer_reviewer).get(url).json()
    assert body["name"] == "Improvement Northmoor"
    assert body["kind"] == personas.partnership.kind
    outsider = as_user(personas.outsider).get(url)
    assert (outsider.status_code, outsider.json()) == (404, NOT_FOUND)


def test_it_lists_a_partnerships_member_bodies(as_user, personas):
    url = partnership_url(personas, "/members")
    assert_access(personas, url, allowed=READS_PARTNERSHIP, hidden=["outsider"])
    body = as_user(personas.viewer).get(url).json()
    assert body["count"] == 3
    assert [(m["organisation"]["name"], m["joined"], m["left"]) for m in body["items"]] == [
        ("Ashby District Council", "2008-04-01", None),
        ("Carrow Fire Authority", "2008-04-01", None),
        ("Northmoor County Council", "2008-04-01", None),
    ]
    limited = as_user(personas.viewer).get(url, {"limit": 1, "offset": 2}).json()
    assert [m["organisation"]["name"] for m in limited["items"]] == ["Northmoor County Council"]
    assert limited["count"] == 3


def test_it_pins_the_member_list_queries(as_user, personas, django_assert_num_queries):
    for n in range(5):
        PartnershipMember.objects.create(
            partnership=personas.partnership,
            organisation=Organisation.objects.create(name=f"Extra {n}", body_type="district"),
            joined=datetime.date(2010, 4, 1),
        )
    client = as_user(personas.partnership_viewer)
    # session, user, partnership with the user's reach, the user's roles in it, count,
    # page of members with organisation and region
    with django_assert_num_queries(6):
        response = client.get(partnership_url(personas, "/members"))
    assert response.json()["count"] == 8


def test_it_lists_a_partnerships_people(as_user, personas):
    url = partnership_url(personas, "/people")
    assert_access(personas, url, allowed=READS_PARTNERSHIP, hidden=["outsider"])
    body = as_user(personas.partnership_viewer).get(url).json()
    assert body["count"] == 3
    assert sorted((p["email"], p["role"]) for p in body["items"]) == [
        ("partnership.manager@example.org", PartnershipRoleKind.MANAGER),
        ("partnership.viewer@example.org", PartnershipRoleKind.VIEWER),
        ("peer.reviewer@example.org", PartnershipRoleKind.PEER_REVIEWER),
    ]


def test_it_pins_the_people_of_a_partnership_queries(as_user, personas, django_assert_num_queries):
    for n in range(5):
        PartnershipRole.objects.create(
            user=make_user(f"extra{n}@example.org"),
            partnership=personas.partnership,
            role=PartnershipRoleKind.VIEWER,
        )
    client = as_user(personas.partnership_viewer)
    # session, user, partnership with the user's reach, the user's roles in it,
    # roles with their users
    with django_assert_num_queries(5):
        response = client.get(partnership_url(personas, "/people"))
    assert response.json()["count"] == 8


# Partnerships: writes


def test_it_adds_a_member_body(as_user, personas):
    url = partnership_url(personas, "/members")
    data = {"organisation_id": personas.org_b.pk, "joined": "2009-04-01"}
    assert_access(
        personas,
        url,
        method="post",
        data=data,
        content_type=JSON,
        forbidden=CANNOT_MANAGE_PARTNERSHIP,
        hidden=["outsider"],
    )
    assert not PartnershipMember.objects.filter(organisation=personas.org_b).exists()
    response = as_user(personas.partnership_manager).post(url, data, content_type=JSON)
    assert response.status_code == 201
    member = PartnershipMember.objects.get(organisation=personas.org_b)
    assert member.partnership == personas.partnership
    assert member.joined == datetime.date(2009, 4, 1)
    body = response.json()
    assert body["id"] == member.pk
    assert body["organisation"]["name"] == "Bexwell Borough Council"
    assert (body["joined"], body["left"]) == ("2009-04-01", None)
    event = AuditEvent.objects.get(action="partnership.member_add")
    assert event.actor == personas.partnership_manager
    assert event.partnership_id == personas.partnership.pk
    # The outsider's body is now a member, so its people can see the partnership.
    assert as_user(personas.outsider).get(partnership_url(personas)).status_code == 200


def test_it_lets_staff_add_a_member_body(as_user, personas):
    response = as_user(personas.staff).post(
        partnership_url(personas, "/members"),
        {"organisation_id": personas.org_b.pk, "joined": "2009-04-01"},
        content_type=JSON,
    )
    assert response.status_code == 201


def test_it_refuses_a_body_that_is_already_a_member(as_user, personas):
    response = as_user(personas.partnership_manager).post(
        partnership_url(personas, "/members"),
        {"organisation_id": personas.org_a.pk, "joined": "2012-04-01"},
        content_type=JSON,
    )
    assert response.status_code == 422
    message = ALREADY_MEMBER.format(organisation=personas.org_a, partnership=personas.partnership)
    assert response.json()["errors"] == [{"field": "", "message": message}]
    assert PartnershipMember.objects.filter(organisation=personas.org_a).count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"organisation_id": "B", "joined": "2009-04-01"}, "organisation_id"),
        ({"joined": "2009-04-01"}, "organisation_id"),
        ({"organisation_id": 1, "joined": "1 April 2009"}, "joined"),
    ],
)
def test_it_refuses_a_member_body_that_is_not_valid(as_user, personas, data, field):
    response = as_user(personas.partnership_manager).post(
        partnership_url(personas, "/members"), data, content_type=JSON
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "The request is not valid."
    assert [e["field"] for e in body["errors"]] == [field]
    assert PartnershipMember.objects.count() == 3


def test_it_answers_not_found_for_an_unknown_body(as_user, personas):
    response = as_user(personas.partnership_manager).post(
        partnership_url(personas, "/members"),
        {"organisation_id": 999999, "joined": "2009-04-01"},
        content_type=JSON,
    )
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
