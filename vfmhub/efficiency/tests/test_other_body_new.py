"""A body outside the councils' register and not yet on the site (a PCT, a police body) recorded
by a partnership manager and taking part at once: audited twice, refused when it is already
recorded, and managers only."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vfmhub.audit.models import AuditEvent
from vfmhub.efficiency.models import Participant
from vfmhub.efficiency.services.other_bodies import other_body_create
from vfmhub.organisations.models import BodyType, Organisation
from vfmhub.testing import assert_access


def _url(programme) -> str:
    return reverse("efficiency:other_body_new", args=[programme.pk])


def test_a_manager_records_a_new_pct_which_then_takes_part(personas, as_user, programme):
    response = as_user(personas.partnership_manager).post(
        _url(programme),
        {"name": "  Leicester  City PCT ", "body_type": BodyType.PCT, "gss_code": ""},
        follow=True,
    )

    assert "Leicester City PCT now takes part in the programme." in response.content.decode()
    pct = Organisation.objects.get(name="Leicester City PCT")
    assert (pct.body_type, pct.gss_code) == (BodyType.PCT, None)
    assert Participant.objects.filter(programme=programme, organisation=pct).exists()
    actions = set(
        AuditEvent.objects.filter(organisation_id=pct.pk).values_list("action", flat=True)
    )
    assert actions == {"organisation.create", "efficiency.participant.add"}
    assert AuditEvent.objects.get(action="organisation.create").actor == (
        personas.partnership_manager
    )


def test_a_body_already_recorded_or_a_council_type_is_refused(personas, as_user, programme):
    police = Organisation.objects.create(
        name="Leicestershire Police", body_type=BodyType.POLICE, gss_code="E23000021"
    )
    client = as_user(personas.partnership_manager)

    same_name = client.post(
        _url(programme), {"name": "leicestershire police", "body_type": BodyType.POLICE}
    )
    same_code = client.post(
        _url(programme),
        {"name": "Police Authority", "body_type": BodyType.POLICE, "gss_code": "e23000021"},
    )
    council = client.post(_url(programme), {"name": "New Council", "body_type": BodyType.DISTRICT})

    assert "There is already a body called leicestershire police of that type." in (
        same_name.content.decode()
    )
    assert "A body with this GSS code is already recorded." in same_code.content.decode()
    assert "Select a valid choice" in council.content.decode()
    assert Organisation.objects.filter(body_type=BodyType.POLICE).get() == police
    assert not Participant.objects.filter(programme=programme, organisation=police).exists()


def test_only_the_programme_managers_may_record_a_body(personas, programme):
    for method in ("get", "post"):
        assert_access(
            personas,
            _url(programme),
            method=method,
            data={"name": f"PCT by {method}", "body_type": BodyType.PCT},
            allowed=["partnership_manager"],
            forbidden=["partnership_viewer"],
            hidden=["outsider"],
        )
    assert Organisation.objects.filter(name="PCT by post").exists()


def test_the_service_refuses_a_council_type(programme):
    with pytest.raises(ValidationError) as refused:
        other_body_create(
            acting_user=None, programme=programme, name="X", body_type=BodyType.COUNTY
        )
    assert refused.value.message_dict == {
        "body_type": ["Choose police body, primary care trust or other body."]
    }
