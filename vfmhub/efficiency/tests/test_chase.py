"""Chasing missing returns: the service, the page, and who may do it."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from vfmhub.accounts.models import User
from vfmhub.audit.models import AuditEvent
from vfmhub.efficiency.models import ReturnChase
from vfmhub.efficiency.services.chase import ALREADY_SUBMITTED, return_chase
from vfmhub.efficiency.tests.seed003 import make_seed_003
from vfmhub.organisations.models import OrganisationMembership, OrganisationRole
from vfmhub.testing import assert_access


@pytest.fixture
def seed(personas):
    seed = make_seed_003(personas)
    blaby = seed.bodies["Blaby District Council"]
    for email, role in (
        ("finance@blaby.example", OrganisationRole.MANAGER),
        ("clerk@blaby.example", OrganisationRole.EDITOR),
    ):
        user = User.objects.create_user(email=email, password="x-" * 8)
        OrganisationMembership.objects.create(user=user, organisation=blaby, role=role)
    return seed


def test_it_emails_the_bodys_managers_and_records_it(personas, seed):
    chase = return_chase(
        acting_user=personas.partnership_manager,
        programme=seed.programme,
        organisation=seed.bodies["Blaby District Council"],
        year=2009,
        kind="forecast",
        message="Please send your return.",
    )

    assert chase.recipients == ["finance@blaby.example"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["finance@blaby.example"]
    assert mail.outbox[0].subject == "LALAT NI 179 efficiency: your forecast return for 2009/10"
    assert AuditEvent.objects.filter(action="efficiency.return.chase").count() == 1


def test_it_refuses_a_submitted_return(personas, seed):
    with pytest.raises(ValidationError) as caught:
        return_chase(
            acting_user=personas.partnership_manager,
            programme=seed.programme,
            organisation=seed.bodies["Melton Borough Council"],
            year=2009,
            kind="forecast",
            message="Please send your return.",
        )

    assert caught.value.messages == [ALREADY_SUBMITTED.format(name="Melton Borough Council")]
    assert not mail.outbox
    assert not ReturnChase.objects.exists()


def test_it_lists_missing_returns_with_a_prefilled_message(personas, as_user, seed):
    response = as_user(personas.partnership_manager).get(
        reverse("efficiency:return_chase", args=[seed.programme.pk])
    )

    body = response.content.decode()
    assert body.count("Send reminder") == 6
    assert "we have not yet received Blaby District Council&#x27;s forecast return" in body


def test_it_sends_from_the_page(personas, as_user, seed):
    blaby = seed.bodies["Blaby District Council"]
    response = as_user(personas.partnership_manager).post(
        reverse("efficiency:return_chase_send", args=[seed.programme.pk, blaby.pk]),
        {"year": "2009", "kind": "forecast", "message": "Your return is overdue."},
        follow=True,
    )

    assert "Reminder sent to finance@blaby.example." in response.content.decode()
    assert ReturnChase.objects.get().message == "Your return is overdue."
    assert "finance@blaby.example" in response.content.decode()  # in the history


def test_it_is_for_partnership_managers_only(personas, seed):
    url = reverse("efficiency:return_chase", args=[seed.programme.pk])
    assert_access(
        personas,
        url,
        allowed=["partnership_manager", "staff"],
        forbidden=["partnership_viewer", "manager"],
        hidden=["outsider"],
        ok=(200,),
    )
    send = reverse(
        "efficiency:return_chase_send",
        args=[seed.programme.pk, seed.bodies["Blaby District Council"].pk],
    )
    assert_access(
        personas,
        send,
        method="post",
        data={"year": "2009", "kind": "forecast", "message": "x"},
        forbidden=["partnership_viewer"],
        hidden=["outsider"],
    )
    assert not mail.outbox
