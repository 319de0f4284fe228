import pytest
from django.urls import reverse

from vfmhub.audit.models import AuditEvent
from vfmhub.organisations.models import OrganisationMembership, OrganisationRole
from vfmhub.testing import assert_access

pytestmark = pytest.mark.django_db


def test_it_shows_organisation_to_those_with_access(personas):
    url = reverse("organisations:detail", args=[personas.org_a.pk])
    assert_access(
        personas,
        url,
        allowed=["manager", "editor", "viewer", "auditor", "partnership_manager", "staff"],
        hidden=["outsider"],
    )


def test_it_refuses_read_only_users_the_edit_page(personas):
    url = reverse("organisations:edit", args=[personas.org_a.pk])
    assert_access(
        personas,
        url,
        allowed=["manager", "staff"],
        forbidden=["viewer", "editor", "auditor", "partnership_manager"],
        hidden=["outsider"],
    )


def test_it_saves_details_and_records_history(personas, as_user):
    org = personas.org_a
    client = as_user(personas.manager)
    page = client.get(reverse("organisations:edit", args=[org.pk]))
    version = page.context["form"].initial["version"]
    response = client.post(
        reverse("organisations:edit", args=[org.pk]),
        {
            "name": "Ashby Council",
            "short_name": "Ashby",
            "body_type": "district",
            "version": version,
        },
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name == "Ashby Council"
    event = AuditEvent.objects.get(action="organisation.update")
    assert event.actor == personas.manager
    assert event.changes["name"] == ["Ashby District Council", "Ashby Council"]
    history = client.get(reverse("organisations:history", args=[org.pk]))
    assert "Ashby District Council → Ashby Council" in history.content.decode()


def test_it_refuses_a_stale_edit(personas, as_user):
    org = personas.org_a
    client = as_user(personas.manager)
    version = (
        client.get(reverse("organisations:edit", args=[org.pk])).context["form"].initial["version"]
    )
    org.short_name = "Changed elsewhere"
    org.save()
    response = client.post(
        reverse("organisations:edit", args=[org.pk]),
        {"name": "Mine", "body_type": "district", "version": version},
    )
    assert response.status_code == 200
    assert "Someone else changed this since you opened it" in response.content.decode()
    org.refresh_from_db()
    assert org.name == "Ashby District Council"


def test_it_invites_a_person_and_emails_them(personas, as_user, mailoutbox):
    url = reverse("organisations:member_invite", args=[personas.org_a.pk])
    assert_access(personas, url, forbidden=["viewer", "editor"], hidden=["outsider"])
    response = as_user(personas.manager).post(
        url, {"email": "New.Person@example.org", "role": "editor", "officer_title": "HoF"}
    )
    assert response.status_code == 302
    membership = OrganisationMembership.objects.get(user__email="new.person@example.org")
    assert membership.role == OrganisationRole.EDITOR
    assert membership.officer_title == "HoF"
    assert len(mailoutbox) == 1
    assert "/password-reset/" in mailoutbox[0].body


def test_it_keeps_the_last_manager(personas, as_user):
    membership = OrganisationMembership.objects.get(user=personas.manager)
    response = as_user(personas.manager).post(
        reverse("organisations:member_role", args=[personas.org_a.pk, membership.pk]),
        {"role": "viewer"},
    )
    assert response.status_code == 200
    assert "must keep at least one manager" in response.content.decode()


def test_list_pins_its_queries(personas, as_user, django_assert_num_queries):
    client = as_user(personas.staff)
    # session, user, count, page of organisations
    with django_assert_num_queries(4):
        response = client.get(reverse("organisations:list"))
    assert response.status_code == 200
    assert "Ashby District Council" in response.content.decode()


def test_list_exports_without_formulas(personas, as_user):
    personas.org_a.name = "=HYPERLINK(evil)"
    personas.org_a.save()
    response = as_user(personas.manager).get(reverse("organisations:list") + "?export=csv")
    body = response.content.decode()
    assert "'=HYPERLINK(evil)" in body
    assert "Bexwell" not in body
