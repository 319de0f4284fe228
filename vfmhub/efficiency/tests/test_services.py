"""Programme setup, the gains register and its history, through the services."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from vfmhub.audit.models import AuditEvent
from vfmhub.efficiency import services
from vfmhub.efficiency.models import Participant
from vfmhub.efficiency.selectors.bodies import body_baselines
from vfmhub.efficiency.selectors.gains import register_value_for
from vfmhub.efficiency.selectors.programmes import cumulative_targets
from vfmhub.efficiency.services.baselines import BASELINE_NOT_POSITIVE
from vfmhub.efficiency.services.common import NOT_A_PARTICIPANT
from vfmhub.efficiency.services.gains import (
    ALREADY_REMOVED,
    REASON_REQUIRED,
    REMOVED_BEFORE_FIRST_YEAR,
)
from vfmhub.efficiency.services.programmes import NOT_A_MEMBER, ONE_OWNER
from vfmhub.efficiency.tests.conftest import add_gain

pytestmark = pytest.mark.django_db


def register(programme, organisation, year):
    participant = Participant.objects.get(programme=programme, organisation=organisation)
    return register_value_for(participant, year)


def test_it_creates_a_programme_with_targets_and_audits_it(personas, programme):
    targets = cumulative_targets(programme, programme.year_targets.all())
    assert [round(v, 1) for v in targets.values()] == [
        Decimal("3.0"),
        Decimal("6.0"),
        Decimal("9.4"),
    ]
    event = AuditEvent.objects.get(action="efficiency.programme.create")
    assert event.partnership_id == personas.partnership.pk
    assert AuditEvent.objects.filter(
        action="efficiency.participant.add", organisation=personas.org_a
    ).exists()


def test_it_refuses_a_programme_with_two_owners(personas):
    with pytest.raises(ValidationError) as exc:
        services.programme_create(
            acting_user=personas.partnership_manager,
            partnership=personas.partnership,
            organisation=personas.org_a,
            name="Both",
            first_year=2008,
            last_year=2010,
            baseline_year=2007,
            method="added",
        )
    assert exc.value.messages == [ONE_OWNER]


def test_it_refuses_a_participant_outside_the_partnership(personas, programme):
    with pytest.raises(ValidationError) as exc:
        services.participant_add(
            acting_user=personas.partnership_manager,
            programme=programme,
            organisation=personas.org_b,
        )
    assert exc.value.message_dict["organisation"] == [
        NOT_A_MEMBER.format(organisation=personas.org_b.name, partnership=personas.partnership)
    ]


def test_it_refuses_a_gain_for_a_body_not_taking_part(personas, programme):
    with pytest.raises(ValidationError) as exc:
        add_gain(personas, programme, organisation=personas.org_b)
    assert exc.value.message_dict["organisation"] == [
        NOT_A_PARTICIPANT.format(organisation=personas.org_b.name)
    ]


def test_it_refuses_a_zero_baseline(personas, programme):
    with pytest.raises(ValidationError) as exc:
        services.baseline_save(
            acting_user=personas.partnership_manager,
            programme=programme,
            organisation=personas.org_a,
            amount=Decimal(0),
            year=2007,
        )
    assert exc.value.message_dict["amount"] == [BASELINE_NOT_POSITIVE]


def test_it_keeps_separate_fire_and_non_fire_baselines(personas, programme):
    for kind, amount in (("fire", "20000000"), ("non_fire", "5000000")):
        services.baseline_save(
            acting_user=personas.partnership_manager,
            programme=programme,
            organisation=personas.org_c,
            amount=Decimal(amount),
            year=2007,
            kind=kind,
        )
    baselines = body_baselines(programme, personas.org_c)
    assert sorted(b.kind for b in baselines) == ["fire", "non_fire", "total"]


def test_removing_a_gain_lowers_later_years_and_keeps_history(personas, programme):
    gain = add_gain(personas, programme, "100000", first_year=2008)
    add_gain(personas, programme, "50000", first_year=2009)
    assert [register(programme, personas.org_a, y) for y in (2008, 2009, 2010)] == [
        Decimal("100000"),
        Decimal("150000"),
        Decimal("150000"),
    ]
    services.gain_remove(
        acting_user=personas.editor,
        gain=gain,
        removed_from_year=2010,
        removed_on=datetime.date(2010, 5, 1),
        reason="Shared service ended.",
    )
    assert [register(programme, personas.org_a, y) for y in (2008, 2009, 2010)] == [
        Decimal("100000"),
        Decimal("150000"),
        Decimal("50000"),
    ]
    gain.refresh_from_db()
    assert gain.removal_reason == "Shared service ended."
    event = AuditEvent.objects.get(action="efficiency.gain.remove")
    assert event.changes["removed_from_year"] == [None, 2010]
    assert event.organisation_id == personas.org_a.pk


def test_it_refuses_a_removal_without_reason_or_before_first_year(personas, programme):
    gain = add_gain(personas, programme, first_year=2009)
    with pytest.raises(ValidationError) as exc:
        services.gain_remove(
            acting_user=personas.editor,
            gain=gain,
            removed_from_year=2009,
            removed_on=datetime.date(2010, 5, 1),
            reason=" ",
        )
    assert exc.value.message_dict == {
        "removed_from_year": [REMOVED_BEFORE_FIRST_YEAR],
        "reason": [REASON_REQUIRED],
    }


def test_it_refuses_removing_twice(personas, programme):
    gain = add_gain(personas, programme)
    kwargs: dict[str, Any] = {
        "removed_from_year": 2010,
        "removed_on": datetime.date(2010, 5, 1),
        "reason": "Ended",
    }
    services.gain_remove(acting_user=personas.editor, gain=gain, **kwargs)
    with pytest.raises(ValidationError) as exc:
        services.gain_remove(acting_user=personas.editor, gain=gain, **kwargs)
    assert exc.value.messages == [ALREADY_REMOVED]


def test_non_cash_gains_never_count(personas, programme):
    add_gain(personas, programme, "70000", is_cash_releasing=False)
    assert register(programme, personas.org_a, 2010) == Decimal(0)


def test_carry_forward_counts(personas, programme):
    participant = Participant.objects.get(programme=programme, organisation=personas.org_a)
    services.participant_update(
        acting_user=personas.partnership_manager,
        participant=participant,
        carry_forward=Decimal("12500"),
        carry_forward_source="SR04 over-achievement",
    )
    add_gain(personas, programme, "1000", investment_cost=Decimal(100))
    assert register(programme, personas.org_a, 2008) == Decimal("13400")


def test_it_confirms_persistence_and_edits_a_gain(personas, programme):
    gain = add_gain(personas, programme)
    services.gain_confirm_persistence(
        acting_user=personas.editor, gain=gain, confirmed_on=datetime.date(2011, 4, 5)
    )
    gain = services.gain_update(
        acting_user=personas.editor,
        gain=gain,
        expected_updated_at=gain.__class__.objects.get(pk=gain.pk).updated_at,
        gross_annual_value=Decimal("120000"),
    )
    assert gain.persistence_confirmed_on == datetime.date(2011, 4, 5)
    assert gain.net_annual_value == Decimal("120000")


def test_it_sets_and_clears_deadlines(personas, programme):
    services.programme_set_deadline(
        acting_user=personas.partnership_manager,
        programme=programme,
        year=2009,
        kind="forecast",
        due_on=datetime.date(2009, 10, 31),
    )
    assert programme.deadlines.get().due_on == datetime.date(2009, 10, 31)
    services.programme_set_deadline(
        acting_user=personas.partnership_manager,
        programme=programme,
        year=2009,
        kind="forecast",
        due_on=None,
    )
    assert not programme.deadlines.exists()
