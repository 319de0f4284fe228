"""Column choices remembered per owner, kind of import and name; every change audited."""

import pytest
from django.db import IntegrityError, transaction

from vfmhub.audit.models import AuditEvent
from vfmhub.imports.models import ColumnMapping
from vfmhub.imports.selectors import column_choices_for, column_mapping_names
from vfmhub.imports.services import column_choices_remember
from vfmhub.lib.headings import ColumnChoices

pytestmark = pytest.mark.django_db

CHOICES = ColumnChoices(frozenset({"C", "Allocation!D"}), {"Owner??": "officer"})


def test_choices_are_remembered_for_the_owner_and_kind_and_found_again(personas):
    column_choices_remember(
        acting_user=personas.manager, owner=personas.org_a, kind="plan", choices=CHOICES
    )

    assert column_choices_for(personas.org_a, "plan") == CHOICES
    assert column_choices_for(personas.org_a, "risks") == ColumnChoices()
    assert column_choices_for(personas.org_b, "plan") == ColumnChoices()
    assert column_choices_for(personas.partnership, "plan") == ColumnChoices()
    event = AuditEvent.objects.get(action="column choices remembered")
    assert event.actor == personas.manager
    assert event.organisation_id == personas.org_a.pk
    assert event.changes["use_as"] == [None, {"Owner??": "officer"}]


def test_a_partnership_keeps_named_sets_and_a_change_is_audited_once(personas):
    owner = personas.partnership
    kwargs = {"acting_user": personas.partnership_manager, "owner": owner, "kind": "risks"}
    column_choices_remember(**kwargs, choices=CHOICES, name="quarterly return")
    column_choices_remember(**kwargs, choices=CHOICES, name="quarterly return")  # unchanged
    column_choices_remember(
        **kwargs, choices=ColumnChoices(frozenset({"E"})), name="quarterly return"
    )

    assert column_choices_for(owner, "risks", "quarterly return") == ColumnChoices(frozenset({"E"}))
    assert column_mapping_names(owner, "risks") == ["quarterly return"]
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["column choices remembered", "column choices changed"]
    assert AuditEvent.objects.filter(partnership_id=owner.pk).count() == 2


def test_no_choices_and_nothing_kept_writes_nothing(personas):
    assert (
        column_choices_remember(
            acting_user=None, owner=personas.org_a, kind="plan", choices=ColumnChoices()
        )
        is None
    )
    assert not ColumnMapping.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_mapping_has_exactly_one_owner(personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        ColumnMapping.objects.create(kind="plan")
    with pytest.raises(IntegrityError), transaction.atomic():
        ColumnMapping.objects.create(
            kind="plan", organisation=personas.org_a, partnership=personas.partnership
        )


def test_mapping_named_on_the_command_line_is_joined_with_the_options(personas):
    from django.core.management.base import CommandError

    from vfmhub.imports.commands import command_choices

    column_choices_remember(
        acting_user=None, owner=personas.org_a, kind="plan", choices=CHOICES, name="panel"
    )
    given = ColumnChoices(frozenset({"F"}), {"Owner??": "action"})

    assert command_choices(given, owner=personas.org_a, kind="plan", name=None) == given
    assert command_choices(given, owner=personas.org_a, kind="plan", name="panel") == (
        ColumnChoices(frozenset({"C", "Allocation!D", "F"}), {"Owner??": "action"})
    )
    with pytest.raises(CommandError) as refused:
        command_choices(given, owner=personas.org_a, kind="plan", name="other")
    assert str(refused.value) == (
        f"There are no column choices called 'other' for {personas.org_a.name}'s plan imports "
        "(there are panel)."
    )
