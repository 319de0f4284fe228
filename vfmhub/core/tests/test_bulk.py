"""Rows inserted from plain values read back as the ORM would have saved them, in order."""

import datetime
from decimal import Decimal

import pytest

from vfmhub.audit.models import AuditEvent
from vfmhub.audit.services import AuditRow, audit_rows_bulk
from vfmhub.core.bulk import MAX_ROWS_PER_STATEMENT, rows_insert, rows_update
from vfmhub.efficiency.models import EfficiencyProgramme, Gain, TargetMethod
from vfmhub.lib import clock
from vfmhub.plans.models import Plan, UpdateRound


def test_it_returns_the_new_keys_in_the_order_of_the_rows(personas):
    plan = Plan.objects.create(organisation=personas.org_a, title="A plan")
    count = MAX_ROWS_PER_STATEMENT + 7  # more than one statement (or COPY batch) holds
    rows = ((plan.pk, f"Round {n}", n) for n in range(count))

    keys = rows_insert(UpdateRound, ["plan_id", "label", "order"], rows, returning=True)

    assert len(keys) == count
    stored = dict(UpdateRound.objects.filter(plan=plan).values_list("pk", "label"))
    assert [stored[key] for key in keys] == [f"Round {n}" for n in range(count)]


def test_it_converts_values_and_fills_the_fields_not_given(personas):
    programme = EfficiencyProgramme.objects.create(
        organisation=personas.org_a,
        name="Own programme",
        baseline_year=2007,
        first_year=2008,
        last_year=2010,
        method=TargetMethod.ADDED,
    )
    before = clock.now()
    fields = ["programme", "organisation_id", "description", "first_year", "gross_annual_value"]

    (key,) = rows_insert(
        Gain,
        fields,
        [(programme.pk, personas.org_a.pk, "Shared service", 2009, Decimal("1234.50"))],
        returning=True,
    )

    gain = Gain.objects.get(pk=key)
    assert (gain.description, gain.first_year) == ("Shared service", 2009)
    assert (gain.gross_annual_value, gain.investment_cost) == (Decimal("1234.50"), 0)
    assert (gain.is_cash_releasing, gain.evidence, gain.removed_on) == (True, "", None)
    assert gain.created_at >= before and gain.updated_at >= before


def test_rows_update_sets_only_the_fields_named(personas):
    plan = Plan.objects.create(organisation=personas.org_a, title="A plan")
    first, second = (
        UpdateRound.objects.create(plan=plan, label=label, order=n)
        for n, label in enumerate(["March", "July"])
    )

    rows_update(
        UpdateRound,
        ["label", "as_at"],
        [("March 2010", datetime.date(2010, 3, 31), first.pk), ("July 2010", None, second.pk)],
    )

    assert list(UpdateRound.objects.order_by("order").values_list("label", "as_at", "order")) == [
        ("March 2010", datetime.date(2010, 3, 31), 0),
        ("July 2010", None, 1),
    ]


def test_it_refuses_a_row_of_the_wrong_length(personas):
    with pytest.raises(ValueError, match="2 values for 3 fields"):
        rows_insert(UpdateRound, ["plan_id", "label", "order"], [(1, "Round")])


def test_audit_rows_bulk_files_each_event_with_plain_values(personas):
    plan = Plan.objects.create(organisation=personas.org_a, title="A plan")
    rows = [
        AuditRow(plan.pk, str(plan), {"as_at": [None, datetime.date(2010, 3, 31)]}),
        AuditRow(7, "Another", {"amount": [Decimal("1.50"), Decimal("2.00")]}, personas.org_b.pk),
    ]

    count = audit_rows_bulk(
        acting_user=personas.editor,
        action="plan.test",
        model=Plan,
        rows=iter(rows),
        note="file.csv",
        organisation_id=personas.org_a.pk,
    )

    first, second = AuditEvent.objects.filter(action="plan.test").order_by("pk")
    assert count == 2
    assert (first.object_id, first.object_repr, first.changes) == (
        str(plan.pk),
        "A plan",
        {"as_at": [None, "2010-03-31"]},
    )
    assert (first.actor, first.actor_label, first.note) == (
        personas.editor,
        personas.editor.email,
        "file.csv",
    )
    assert (first.organisation_id, second.organisation_id) == (personas.org_a.pk, personas.org_b.pk)
    assert second.changes == {"amount": ["1.50", "2.00"]}
