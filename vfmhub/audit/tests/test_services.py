"""The one audit entry point: who acted, what was created, changed or removed, filed under whom."""

import pytest
from django.contrib.auth.models import AnonymousUser

from vfmhub.audit.models import AuditEvent
from vfmhub.audit.services import (
    AuditRow,
    acting,
    audit_record,
    audit_record_changed,
    audit_record_created,
    audit_record_removed,
    audit_records_bulk,
    audit_rows_bulk,
    snapshot,
)
from vfmhub.organisations.models import Organisation, PartnershipMember

pytestmark = pytest.mark.django_db

FIELDS = ["name", "short_name", "body_type"]


def test_acting_is_the_signed_in_user_or_none(personas):
    assert acting(personas.editor) == personas.editor
    assert acting(None) is None
    assert acting(AnonymousUser()) is None


def test_a_creation_records_each_value_that_is_set(personas):
    event = audit_record_created(
        acting_user=personas.editor, action="organisation.create", obj=personas.org_a, fields=FIELDS
    )
    event.refresh_from_db()
    assert (event.actor, event.actor_label) == (personas.editor, "editor@example.org")
    assert event.changes == {
        "name": [None, "Ashby District Council"],
        "short_name": [None, "Ashby"],
        "body_type": [None, "district"],
    }
    assert (event.object_id, event.object_repr) == (
        str(personas.org_a.pk),
        "Ashby District Council",
    )
    assert event.organisation_id == personas.org_a.pk  # an organisation is filed under itself


def test_a_change_records_only_what_changed_and_nothing_when_nothing_did(personas):
    body = personas.org_a
    before = snapshot(body, FIELDS)
    body.short_name = "Ashby DC"

    event = audit_record_changed(
        acting_user=personas.manager, action="organisation.update", obj=body, before=before
    )
    assert event is not None and event.changes == {"short_name": ["Ashby", "Ashby DC"]}

    unchanged = audit_record_changed(
        acting_user=personas.manager,
        action="organisation.update",
        obj=body,
        before=snapshot(body, FIELDS),
    )
    assert unchanged is None
    assert AuditEvent.objects.filter(action="organisation.update").count() == 1


def test_a_change_with_a_note_is_recorded_even_with_no_field_changed(personas):
    body = personas.org_a
    event = audit_record_changed(
        acting_user=None,
        action="organisation.checked",
        obj=body,
        before=snapshot(body, FIELDS),
        note="Checked against the register",
    )
    assert event is not None
    assert (event.actor, event.actor_label, event.changes) == (None, "system", {})
    assert event.note == "Checked against the register"


def test_a_removal_records_the_values_it_had_and_its_owner(personas):
    member = PartnershipMember.objects.get(
        partnership=personas.partnership, organisation=personas.org_a
    )
    event = audit_record_removed(
        acting_user=personas.partnership_manager,
        action="partnership.member_remove",
        obj=member,
        fields=["organisation", "joined"],
    )
    assert event.changes == {
        "organisation": ["Ashby District Council", None],
        "joined": ["2008-04-01", None],
    }
    assert event.partnership_id == personas.partnership.pk


def test_an_event_is_filed_under_the_owners_named(personas):
    event = audit_record(
        acting_user=personas.staff,
        action="organisation.note",
        obj=personas.partnership,
        organisation_id=personas.org_b.pk,
    )
    assert (event.organisation_id, event.partnership_id) == (
        personas.org_b.pk,
        personas.partnership.pk,
    )


def test_bulk_records_match_single_ones(personas):
    bodies = list(Organisation.objects.order_by("pk")[:2])
    count = audit_records_bulk(
        acting_user=personas.editor,
        action="organisation.import",
        rows=[(body, {"name": [None, body.name]}) for body in bodies],
    )
    rows = audit_rows_bulk(
        acting_user=None,
        action="organisation.import",
        model=Organisation,
        rows=iter([AuditRow(pk=bodies[0].pk, text="A body", changes={"name": ["A", "B"]})]),
        organisation_id=personas.org_a.pk,
    )
    events = list(AuditEvent.objects.filter(action="organisation.import").order_by("pk"))
    assert (count, rows, len(events)) == (2, 1, 3)
    assert [e.changes for e in events] == [
        {"name": [None, bodies[0].name]},
        {"name": [None, bodies[1].name]},
        {"name": ["A", "B"]},
    ]
    assert [e.actor_label for e in events] == ["editor@example.org"] * 2 + ["system"]
    assert events[2].organisation_id == personas.org_a.pk
