"""Correcting funding through the services: removing streams, allocation lines, commitments and
spend (with the rules that refuse a removal and say why), stale edits refused, every write audited.
The pages are in `test_funding_changes_pages.py`; the records both use are the `funding` fixture
(`helpers.make_funding`)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from vfmhub.programme.models import (
    AllocationNode,
    Commitment,
    FundingStream,
    FundingStreamKind,
    PlanStatus,
    Spend,
)
from vfmhub.programme.services import funding as services
from vfmhub.programme.tests.helpers import YEAR, K, add_line, latest_audit

pytestmark = pytest.mark.django_db


# Services: the removal rules --------------------------------------------------------------------


def test_it_removes_a_stream_and_records_its_values(personas, funding):
    services.stream_remove(acting_user=personas.partnership_manager, stream=funding.grant)
    assert not FundingStream.objects.filter(pk=funding.grant.pk).exists()
    event = latest_audit("funding_stream.remove")
    assert event.object_id == str(funding.grant.pk)
    assert event.partnership_id == personas.partnership.pk
    assert event.actor == personas.partnership_manager
    assert event.changes["name"] == ["Year Two funding", None]
    assert event.changes["amount"] == ["7000000.00", None]


def test_it_refuses_removing_a_ring_fence_that_lines_use(personas, funding):
    with pytest.raises(ValidationError) as refused:
        services.stream_remove(acting_user=personas.partnership_manager, stream=funding.defra)
    message = services.RING_FENCE_IN_USE.format(lines="“Climate change”", those="that line")
    assert refused.value.messages == [message]
    assert refused.value.error_list[0].code == "in_use"
    assert services.stream_removal_refusal(funding.defra) == message
    services.node_update(
        acting_user=personas.partnership_manager, node=funding.climate, ring_fence=None
    )
    assert services.stream_removal_refusal(funding.defra) is None
    services.stream_remove(acting_user=personas.partnership_manager, stream=funding.defra)
    assert not FundingStream.objects.filter(pk=funding.defra.pk).exists()


def test_it_names_at_most_three_ring_fenced_lines(personas, funding):
    for n in range(4):
        add_line(personas, f"Climate {n}", K, ring_fence=funding.defra)
    refusal = services.stream_removal_refusal(funding.defra)
    assert refusal is not None
    assert "“Climate change”, “Climate 0”, “Climate 1” and 2 other lines" in refusal


def test_it_refuses_turning_a_ring_fence_in_use_into_another_kind(personas, funding):
    with pytest.raises(ValidationError) as refused:
        services.stream_update(
            acting_user=personas.partnership_manager, stream=funding.defra, kind="grant"
        )
    assert refused.value.error_list[0].code == "in_use"
    funding.defra.refresh_from_db()
    assert funding.defra.kind == FundingStreamKind.RING_FENCED


def test_once_a_year_is_carried_forward_its_streams_and_commitments_stay(personas, funding):
    manager = personas.partnership_manager
    carried = services.carry_forward(
        acting_user=manager, partnership=personas.partnership, year=YEAR
    )
    assert carried.amount == 7_288 * K - 400 * K
    expected = services.YEAR_CARRIED.format(
        year="2009/10", next_year="2010/11", stream=carried.name, what="year's funding"
    )
    with pytest.raises(ValidationError) as refused:
        services.stream_remove(acting_user=manager, stream=funding.grant)
    assert refused.value.messages == [expected] and refused.value.error_list[0].code == "carried"
    with pytest.raises(ValidationError, match="worked out from this year's commitments"):
        services.commitment_remove(acting_user=manager, commitment=funding.commitment)
    assert services.movement_removal_refusal(funding.commitment)
    assert services.movement_removal_refusal(funding.spend) is None  # spend never is
    # The way back: remove the carried stream, correct the year, carry it forward again.
    services.stream_remove(acting_user=manager, stream=carried)
    services.commitment_remove(acting_user=manager, commitment=funding.commitment)
    again = services.carry_forward(acting_user=manager, partnership=personas.partnership, year=YEAR)
    assert again.amount == 7_288 * K


def test_a_carried_stream_stays_once_its_own_year_is_carried_on(personas, funding):
    manager = personas.partnership_manager
    carried = services.carry_forward(
        acting_user=manager, partnership=personas.partnership, year=YEAR
    )
    services.carry_forward(acting_user=manager, partnership=personas.partnership, year=YEAR + 1)
    with pytest.raises(ValidationError, match="carried into 2011/12"):
        services.stream_remove(acting_user=manager, stream=carried)


def test_carry_forward_refusals_say_which_year(personas):
    with pytest.raises(ValidationError) as refused:
        services.carry_forward(
            acting_user=personas.partnership_manager, partnership=personas.partnership, year=YEAR
        )
    assert refused.value.messages == [services.NOTHING_TO_CARRY.format(year="2009/10")]


def test_it_removes_an_empty_line_of_a_draft_and_records_its_values(personas, funding):
    services.node_remove(acting_user=personas.partnership_manager, node=funding.equalities)
    assert not AllocationNode.objects.filter(pk=funding.equalities.pk).exists()
    event = latest_audit("allocation_node.remove")
    assert event.partnership_id == personas.partnership.pk
    assert event.changes == {
        "name": ["Equalities", None],
        "amount": ["65000.00", None],
        "order": [0, None],
    }


def test_it_refuses_removing_a_line_with_lines_or_records_under_it(personas, funding):
    assert services.node_removal_refusal(funding.block) == services.LINE_IN_USE.format(
        records="1 line under it", them="it"
    )
    assert services.node_removal_refusal(funding.care) == services.LINE_IN_USE.format(
        records="1 commitment and 1 spend record", them="them"
    )
    with pytest.raises(ValidationError) as refused:
        services.node_remove(acting_user=personas.partnership_manager, node=funding.care)
    assert refused.value.error_list[0].code == "in_use"
    assert AllocationNode.objects.filter(pk=funding.care.pk).exists()


def test_it_refuses_removing_a_line_of_an_approved_allocation(personas, funding):
    services.plan_set_status(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        year=YEAR,
        status=PlanStatus.APPROVED,
    )
    with pytest.raises(ValidationError) as refused:
        services.node_remove(acting_user=personas.partnership_manager, node=funding.equalities)
    assert refused.value.messages == [services.APPROVED_LOCKED]
    assert refused.value.error_list[0].code == "approved"


def test_it_removes_commitments_and_spend_and_records_their_values(personas, funding):
    manager = personas.partnership_manager
    services.commitment_remove(acting_user=manager, commitment=funding.commitment)
    services.spend_remove(acting_user=manager, spend=funding.spend)
    assert not Commitment.objects.exists() and not Spend.objects.exists()
    for action, amount in (("commitment.remove", "400000.00"), ("spend.remove", "150000.00")):
        event = latest_audit(action)
        assert event.partnership_id == personas.partnership.pk
        assert event.changes["amount"] == [amount, None]
        assert event.changes["node_id"] == [funding.care.pk, None]


def test_approving_with_a_date_only_when_approving(personas):
    with pytest.raises(ValidationError) as refused:
        services.plan_set_status(
            acting_user=personas.partnership_manager,
            partnership=personas.partnership,
            year=YEAR,
            status=PlanStatus.DRAFT,
            approved_on=datetime.date(2009, 4, 1),
        )
    assert refused.value.message_dict == {"approved_on": [services.APPROVED_ON_ONLY_WHEN_APPROVING]}


def test_stale_service_edits_are_refused(personas, funding):
    manager = personas.partnership_manager
    opened = funding.grant.updated_at
    services.stream_update(acting_user=manager, stream=funding.grant, name="Year Two grant")
    with pytest.raises(ValidationError) as refused:
        services.stream_update(
            acting_user=manager, stream=funding.grant, expected_updated_at=opened, amount=1
        )
    assert refused.value.error_list[0].code == "stale"
    opened = funding.equalities.updated_at
    services.node_update(acting_user=manager, node=funding.equalities, name="Equality")
    with pytest.raises(ValidationError, match="Someone else changed this"):
        services.node_update(
            acting_user=manager, node=funding.equalities, expected_updated_at=opened, amount=1
        )
    funding.grant.refresh_from_db()
    assert funding.grant.amount == 7_000_000
