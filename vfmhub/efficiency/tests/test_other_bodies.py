"""Other bodies (a PCT, a police body) joining a partnership's programme from outside the
partnership: added and taken out by its managers, audited, kept when the members' page is saved,
and matched by the returns import."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vfmhub.audit.models import AuditEvent
from vfmhub.efficiency import services
from vfmhub.efficiency.importing import returns_import
from vfmhub.efficiency.models import Participant
from vfmhub.efficiency.services.other_bodies import other_body_add
from vfmhub.organisations.models import BodyType, Organisation
from vfmhub.testing import assert_access


@pytest.fixture
def pct(db):
    return Organisation.objects.create(name="Leicester City PCT", body_type=BodyType.PCT)


def _url(programme, *extra) -> str:
    name = "efficiency:other_body_remove" if extra else "efficiency:other_bodies"
    return reverse(name, args=[programme.pk, *extra])


def test_a_manager_adds_a_pct_that_the_import_then_finds(personas, as_user, programme, pct):
    response = as_user(personas.partnership_manager).post(
        _url(programme), {"organisation": pct.pk}, follow=True
    )

    assert "Leicester City PCT now takes part in the programme." in response.content.decode()
    assert Participant.objects.filter(programme=programme, organisation=pct).exists()
    event = AuditEvent.objects.get(action="efficiency.participant.add", organisation_id=pct.pk)
    assert event.note == "As another body"
    result = returns_import(
        acting_user=None,
        programme=programme,
        content=b"Body,Year,RAG 2009/10\nLeicester City PCT,2009/10,Amber\n",
        filename="pct.csv",
    )
    assert (result.errors, result.created) == ([], 1)


def test_saving_the_members_page_keeps_other_bodies(personas, programme, pct):
    other_body_add(acting_user=None, programme=programme, organisation=pct)

    services.participants_set(
        acting_user=personas.partnership_manager,
        programme=programme,
        organisations=[personas.org_a],
    )

    assert set(programme.participants.values_list("organisation__name", flat=True)) == {
        personas.org_a.name,
        "Leicester City PCT",
    }


def test_only_bodies_outside_the_register_join_this_way(programme, personas):
    with pytest.raises(ValidationError) as refused:
        other_body_add(acting_user=None, programme=programme, organisation=personas.org_b)

    assert "is not a police body, a primary care trust" in refused.value.messages[0]


def test_a_manager_takes_an_other_body_out(personas, as_user, programme, pct):
    other_body_add(acting_user=None, programme=programme, organisation=pct)

    response = as_user(personas.partnership_manager).post(_url(programme, pct.pk), follow=True)

    assert "Leicester City PCT no longer takes part" in response.content.decode()
    assert not Participant.objects.filter(organisation=pct).exists()


def test_who_may_see_and_change_other_bodies(personas, programme, pct):
    police = Organisation.objects.create(name="Leicestershire Police", body_type=BodyType.POLICE)
    other_body_add(acting_user=None, programme=programme, organisation=police)

    assert_access(
        personas,
        _url(programme),
        allowed=["partnership_manager", "partnership_viewer"],
        hidden=["outsider"],
    )
    assert_access(
        personas,
        _url(programme),
        method="post",
        data={"organisation": pct.pk},
        allowed=["partnership_manager"],
        forbidden=["partnership_viewer"],
        hidden=["outsider"],
    )
    assert_access(
        personas,
        _url(programme, police.pk),
        method="post",
        allowed=["partnership_manager"],
        forbidden=["partnership_viewer"],
        hidden=["outsider"],
    )
    assert set(
        Participant.objects.filter(programme=programme).values_list("organisation__name", flat=True)
    ) >= {"Leicester City PCT"}
    assert not Participant.objects.filter(organisation=police).exists()
