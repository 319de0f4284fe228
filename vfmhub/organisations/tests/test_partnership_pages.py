"""Partnership pages: who sees them, who changes members and people, history, exports; home page."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from vfmhub.audit.models import AuditEvent
from vfmhub.core import worklist
from vfmhub.organisations.models import (
    BodyType,
    Organisation,
    Partnership,
    PartnershipMember,
    PartnershipRole,
    PartnershipRoleKind,
)
from vfmhub.organisations.services import LEFT_BEFORE_JOINED
from vfmhub.testing import assert_access

pytestmark = pytest.mark.django_db

# People at member bodies (A and C) and anyone with a partnership role can see it; B cannot.
SEES_PARTNERSHIP = [
    "manager",
    "editor",
    "viewer",
    "partnership_manager",
    "partnership_viewer",
    "peer_reviewer",
    "staff",
]
# Of those, all but its managers and staff are refused its changes.
CANNOT_MANAGE = ["manager", "editor", "viewer", "partnership_viewer", "peer_reviewer"]


def detail_url(personas) -> str:
    return reverse("organisations:partnership_detail", args=[personas.partnership.pk])


def member_of(personas, organisation) -> PartnershipMember:
    return PartnershipMember.objects.get(
        partnership=personas.partnership, organisation=organisation
    )


def role_of(personas, user) -> PartnershipRole:
    return PartnershipRole.objects.get(partnership=personas.partnership, user=user)


# Seeing the partnership


def test_it_shows_the_partnership_to_its_roles_and_member_bodies_people(personas):
    assert_access(personas, detail_url(personas), allowed=SEES_PARTNERSHIP, hidden=["outsider"])


def test_it_hides_the_partnership_from_an_auditor_of_a_member_body(personas):
    # An auditor reads the body they audit, not the partnerships it belongs to.
    assert_access(personas, detail_url(personas), hidden=["auditor"])


def test_it_lists_member_bodies_and_people(personas, as_user):
    response = as_user(personas.viewer).get(detail_url(personas))
    body = response.content.decode()
    assert '<h1 class="govuk-heading-l">Improvement Northmoor</h1>' in body
    for name in ("Ashby District Council", "Carrow Fire Authority", "Northmoor County Council"):
        assert name in body
    assert "Bexwell Borough Council" not in body
    for email in (
        "partnership.manager@example.org",
        "partnership.viewer@example.org",
        "peer.reviewer@example.org",
    ):
        assert email in body
    assert [m.organisation.name for m in response.context["members"]] == [
        "Ashby District Council",
        "Carrow Fire Authority",
        "Northmoor County Council",
    ]


def test_it_offers_changes_only_to_those_who_may_make_them(personas, as_user):
    add_member = reverse("organisations:partnership_member_add", args=[personas.partnership.pk])
    for name in CANNOT_MANAGE:
        body = as_user(personas.user(name)).get(detail_url(personas)).content.decode()
        assert add_member not in body, name
        assert "End membership" not in body, name
    body = as_user(personas.partnership_manager).get(detail_url(personas)).content.decode()
    assert add_member in body
    assert "End membership" in body
    assert "Add a person" in body


def test_it_pins_the_detail_page_queries(personas, as_user, django_assert_num_queries):
    for n in range(4):
        PartnershipMember.objects.create(
            partnership=personas.partnership,
            organisation=Organisation.objects.create(name=f"Extra {n}", body_type="district"),
            joined=datetime.date(2010, 4, 1),
        )
    client = as_user(personas.partnership_manager)
    # session, user, partnership with the user's reach, the user's roles in it,
    # members with organisation and region, people with their users
    with django_assert_num_queries(6):
        response = client.get(detail_url(personas))
    assert len(response.context["members"]) == 7


def member_cells(body: str) -> list[str]:
    table = body.split("Member bodies of", 1)[1].split("</table>", 1)[0]
    return re.findall(
        r'<tr class="govuk-table__row">\s*<td class="govuk-table__cell">(.*?)</td>', table
    )


def test_it_links_each_member_body_for_a_partnership_role(personas, as_user):
    for role in ("partnership_manager", "partnership_viewer", "peer_reviewer"):
        body = as_user(personas.user(role)).get(detail_url(personas)).content.decode()
        assert member_cells(body) == [
            f'<a class="govuk-link" href="{reverse("organisations:detail", args=[org.pk])}">'
            f"{org.name}</a>"
            for org in (personas.org_a, personas.org_c, personas.org_a.parent)
        ], role
        for org in (personas.org_a, personas.org_c, personas.org_a.parent):
            page = as_user(personas.user(role)).get(reverse("organisations:detail", args=[org.pk]))
            assert page.status_code == 200


def test_it_links_only_the_members_a_member_bodys_person_may_open(personas, as_user):
    body = as_user(personas.viewer).get(detail_url(personas)).content.decode()
    ashby = reverse("organisations:detail", args=[personas.org_a.pk])
    assert member_cells(body) == [
        f'<a class="govuk-link" href="{ashby}">Ashby District Council</a>',
        "Carrow Fire Authority",
        "Northmoor County Council",
    ]


def test_it_names_the_score_dashboard_link_assessments_dashboard(personas, as_user):
    body = as_user(personas.partnership_viewer).get(detail_url(personas)).content.decode()
    dashboard = reverse("assessments:partnership_dashboard", args=[personas.partnership.pk])
    assert re.findall(rf'href="{dashboard}[^"]*">([^<]+)</a>', body) == ["Assessments dashboard"]


def test_it_lists_partnerships_the_user_can_see(personas, as_user):
    url = reverse("organisations:partnership_list")
    body = as_user(personas.viewer).get(url).content.decode()
    assert "Improvement Northmoor" in body
    outsider = as_user(personas.outsider).get(url).content.decode()
    assert "Improvement Northmoor" not in outsider
    assert "You are not in any partnership." in outsider


def test_it_pins_the_list_queries(personas, as_user, django_assert_num_queries):
    client = as_user(personas.partnership_manager)
    # session, user, partnerships with lead body and member counts, the user's roles in them
    with django_assert_num_queries(4):
        response = client.get(reverse("organisations:partnership_list"))
    assert "Improvement Northmoor" in response.content.decode()


# Member bodies


def test_it_adds_a_member_body(personas, as_user):
    url = reverse("organisations:partnership_member_add", args=[personas.partnership.pk])
    data = {"organisation": personas.org_b.pk, "joined": "2010-04-01"}
    assert_access(
        personas,
        url,
        method="post",
        data=data,
        allowed=[],
        forbidden=CANNOT_MANAGE,
        hidden=["outsider", "auditor"],
    )
    assert not PartnershipMember.objects.filter(organisation=personas.org_b).exists()
    response = as_user(personas.partnership_manager).post(url, data)
    assert response.status_code == 302
    assert response.url == detail_url(personas)
    member = member_of(personas, personas.org_b)
    assert member.joined == datetime.date(2010, 4, 1)
    event = AuditEvent.objects.get(action="partnership.member_add")
    assert event.actor == personas.partnership_manager
    assert event.partnership_id == personas.partnership.pk
    assert event.changes["joined"] == [None, "2010-04-01"]


def test_it_shows_the_add_member_form_to_managers(personas, as_user):
    url = reverse("organisations:partnership_member_add", args=[personas.partnership.pk])
    response = as_user(personas.partnership_manager).get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Add a member body" in body
    assert 'class="govuk-select' in body


def test_it_refuses_a_body_that_is_already_a_member(personas, as_user):
    url = reverse("organisations:partnership_member_add", args=[personas.partnership.pk])
    response = as_user(personas.partnership_manager).post(
        url, {"organisation": personas.org_a.pk, "joined": "2012-04-01"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Ashby District Council is already a member of Improvement Northmoor" in body
    assert PartnershipMember.objects.filter(organisation=personas.org_a).count() == 1


def test_it_ends_a_membership(personas, as_user):
    member = member_of(personas, personas.org_c)
    url = reverse("organisations:partnership_member_end", args=[personas.partnership.pk, member.pk])
    assert_access(
        personas,
        url,
        method="post",
        data={"left": "2011-03-31"},
        forbidden=CANNOT_MANAGE,
        hidden=["outsider", "auditor"],
    )
    member.refresh_from_db()
    assert member.left is None
    response = as_user(personas.partnership_manager).post(url, {"left": "2011-03-31"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.left == datetime.date(2011, 3, 31)
    event = AuditEvent.objects.get(action="partnership.member_end")
    assert event.changes == {"left": [None, "2011-03-31"]}
    assert event.partnership_id == personas.partnership.pk


def test_it_refuses_an_end_before_the_start(personas, as_user):
    member = member_of(personas, personas.org_c)
    url = reverse("organisations:partnership_member_end", args=[personas.partnership.pk, member.pk])
    response = as_user(personas.partnership_manager).post(url, {"left": "2001-01-01"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert LEFT_BEFORE_JOINED in body
    member.refresh_from_db()
    assert member.left is None


def test_it_hides_a_member_of_another_partnership(personas, as_user):
    other = Partnership.objects.create(name="Elsewhere Partnership", kind=personas.partnership.kind)
    elsewhere = PartnershipMember.objects.create(
        partnership=other, organisation=personas.org_b, joined=datetime.date(2008, 4, 1)
    )
    url = reverse(
        "organisations:partnership_member_end", args=[personas.partnership.pk, elsewhere.pk]
    )
    response = as_user(personas.partnership_manager).post(url, {"left": "2011-03-31"})
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.left is None


# People


def test_it_adds_a_person(personas, as_user, mailoutbox):
    url = reverse("organisations:partnership_role_add", args=[personas.partnership.pk])
    data = {"email": "New.Reviewer@example.org", "role": PartnershipRoleKind.PEER_REVIEWER}
    assert_access(
        personas,
        url,
        method="post",
        data=data,
        forbidden=CANNOT_MANAGE,
        hidden=["outsider", "auditor"],
    )
    assert not PartnershipRole.objects.filter(user__email="new.reviewer@example.org").exists()
    response = as_user(personas.partnership_manager).post(url, data)
    assert response.status_code == 302
    grant = PartnershipRole.objects.get(user__email="new.reviewer@example.org")
    assert grant.partnership == personas.partnership
    assert grant.role == PartnershipRoleKind.PEER_REVIEWER
    assert [m.to for m in mailoutbox] == [["new.reviewer@example.org"]]
    event = AuditEvent.objects.get(action="partnership.role_grant")
    assert event.partnership_id == personas.partnership.pk
    assert event.changes["role"] == [None, "peer_reviewer"]


def test_it_refuses_a_person_without_a_valid_email(personas, as_user):
    url = reverse("organisations:partnership_role_add", args=[personas.partnership.pk])
    response = as_user(personas.partnership_manager).post(
        url, {"email": "not an email", "role": "viewer"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Enter a valid email address." in body
    assert PartnershipRole.objects.count() == 3


def test_it_removes_a_person(personas, as_user):
    grant = role_of(personas, personas.partnership_viewer)
    url = reverse("organisations:partnership_role_remove", args=[personas.partnership.pk, grant.pk])
    assert_access(
        personas, url, method="post", forbidden=CANNOT_MANAGE, hidden=["outsider", "auditor"]
    )
    assert PartnershipRole.objects.filter(pk=grant.pk).exists()
    response = as_user(personas.partnership_manager).post(url)
    assert response.status_code == 302
    assert not PartnershipRole.objects.filter(pk=grant.pk).exists()
    event = AuditEvent.objects.get(action="partnership.role_revoke")
    assert event.changes["role"] == ["viewer", None]
    # Without a role and without a member body, the partnership is now hidden from them.
    assert as_user(personas.partnership_viewer).get(detail_url(personas)).status_code == 404


def test_it_refuses_to_remove_a_person_with_get(personas, as_user):
    grant = role_of(personas, personas.partnership_viewer)
    url = reverse("organisations:partnership_role_remove", args=[personas.partnership.pk, grant.pk])
    assert as_user(personas.partnership_manager).get(url).status_code == 405
    assert PartnershipRole.objects.filter(pk=grant.pk).exists()


# History


def test_it_shows_every_change_in_the_history(personas, as_user):
    client = as_user(personas.partnership_manager)
    pk = personas.partnership.pk
    newcomer = Organisation.objects.create(
        name="Dunham District Council", body_type=BodyType.DISTRICT
    )
    client.post(
        reverse("organisations:partnership_member_add", args=[pk]),
        {"organisation": newcomer.pk, "joined": "2010-04-01"},
    )
    member = member_of(personas, personas.org_c)
    client.post(
        reverse("organisations:partnership_member_end", args=[pk, member.pk]),
        {"left": "2011-03-31"},
    )
    client.post(
        reverse("organisations:partnership_role_add", args=[pk]),
        {"email": "new.viewer@example.org", "role": "viewer"},
    )
    # The peer reviewer still sees the partnership afterwards, through their body (C).
    grant = role_of(personas, personas.peer_reviewer)
    client.post(reverse("organisations:partnership_role_remove", args=[pk, grant.pk]))

    url = reverse("organisations:partnership_history", args=[pk])
    assert_access(personas, url, allowed=SEES_PARTNERSHIP, hidden=["outsider"])
    response = as_user(personas.viewer).get(url)
    body = response.content.decode()
    assert [e.action for e in response.context["events"]] == [
        "partnership.role_revoke",
        "partnership.role_grant",
        "partnership.member_end",
        "partnership.member_add",
    ]
    assert "partnership.manager@example.org" in body
    assert "(none) → 2011-03-31" in body
    assert "(none) → 2010-04-01" in body
    assert "peer_reviewer → (none)" in body


def test_it_pins_the_history_queries(personas, as_user, django_assert_num_queries):
    client = as_user(personas.partnership_manager)
    for n in range(3):
        client.post(
            reverse("organisations:partnership_role_add", args=[personas.partnership.pk]),
            {"email": f"person{n}@example.org", "role": "viewer"},
        )
    url = reverse("organisations:partnership_history", args=[personas.partnership.pk])
    # session, user, partnership with the user's reach, the user's roles in it, count of events,
    # page of events
    with django_assert_num_queries(6):
        response = client.get(url)
    assert len(response.context["events"]) == 3


# Exports


def test_it_exports_members_as_csv(personas, as_user):
    Organisation.objects.filter(pk=personas.org_c.pk).update(name="=HYPERLINK(evil)")
    response = as_user(personas.viewer).get(detail_url(personas), {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="improvement-northmoor-members.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Organisation", "Body type", "GSS code", "Region", "Joined", "Left"]
    names = [row[0] for row in rows[1:]]
    assert names == ["'=HYPERLINK(evil)", "Ashby District Council", "Northmoor County Council"]
    assert rows[2][4:] == ["2008-04-01", ""]
    assert "Bexwell" not in response.content.decode("utf-8-sig")


def test_it_exports_members_as_xlsx(personas, as_user):
    response = as_user(personas.peer_reviewer).get(detail_url(personas), {"export": "xlsx"})
    assert response.status_code == 200
    assert 'filename="improvement-northmoor-members.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Organisation", "Body type", "GSS code", "Region", "Joined", "Left")
    assert [row[0] for row in rows[1:]] == [
        "Ashby District Council",
        "Carrow Fire Authority",
        "Northmoor County Council",
    ]
    assert rows[1][4] == datetime.datetime(2008, 4, 1)


def test_it_refuses_exports_to_outsiders_and_unknown_formats(personas, as_user):
    assert (
        as_user(personas.outsider).get(detail_url(personas), {"export": "csv"}).status_code == 404
    )
    assert as_user(personas.viewer).get(detail_url(personas), {"export": "pdf"}).status_code == 404


# Home page


def test_it_shows_a_person_their_organisations_and_partnerships(personas, as_user):
    body = as_user(personas.viewer).get(reverse("core:home")).content.decode()
    assert "Ashby District Council" in body
    assert "(Viewer)" in body
    assert "Improvement Northmoor" in body
    for elsewhere in ("Bexwell Borough Council", "Carrow Fire Authority", "Northmoor County"):
        assert elsewhere not in body


def test_it_shows_an_outsider_only_their_own_organisation(personas, as_user):
    response = as_user(personas.outsider).get(reverse("core:home"))
    body = response.content.decode()
    assert "Bexwell Borough Council" in body
    assert "Ashby District Council" not in body
    assert "Improvement Northmoor" not in body
    assert "None of your organisations is in a partnership." in body
    assert [m.organisation for m in response.context["memberships"]] == [personas.org_b]


def test_it_shows_a_partnership_role_and_the_bodies_audited(personas, as_user):
    reviewer = as_user(personas.peer_reviewer).get(reverse("core:home")).content.decode()
    assert "Carrow Fire Authority" in reviewer
    assert "Improvement Northmoor" in reviewer
    assert "peer reviewer" in reviewer
    assert "Ashby District Council" not in reviewer
    auditor = as_user(personas.auditor).get(reverse("core:home")).content.decode()
    assert "Bodies you audit" in auditor
    assert "Ashby District Council" in auditor
    assert "from 2008/09" in auditor
    assert "Improvement Northmoor" not in auditor


def test_it_pins_the_home_page_queries(personas, as_user, django_assert_num_queries, monkeypatch):
    # Other modules' "What is due" lines pin their own queries.
    monkeypatch.setattr(worklist, "_due_work_providers", [])
    client = as_user(personas.peer_reviewer)
    # session, user, memberships with organisations, partnerships with counts, the user's roles
    # in them, auditor assignments
    with django_assert_num_queries(6):
        response = client.get(reverse("core:home"))
    assert response.status_code == 200
