"""Approving and reopening a year's allocation records what changed: the status, and the
approval's date and who approved it (which reopening clears), with who did it."""

import datetime

import pytest

from vfmhub.audit.models import AuditEvent
from vfmhub.programme.models import AllocationPlan, PlanStatus
from vfmhub.programme.services import funding as services

pytestmark = pytest.mark.django_db
YEAR = 2009
APPROVED_ON = datetime.date(2009, 4, 1)


def _set(personas, status, user=None, **fields):
    return services.plan_set_status(
        acting_user=user or personas.partnership_manager,
        partnership=personas.partnership,
        year=YEAR,
        status=status,
        **fields,
    )


def test_it_records_who_approved_and_what_reopening_clears(personas):
    _set(personas, PlanStatus.APPROVED, approved_on=APPROVED_ON)

    plan = _set(personas, PlanStatus.DRAFT, user=personas.staff)

    assert (plan.status, plan.approved_on, plan.approved_by) == (PlanStatus.DRAFT, None, None)
    approve, reopen = AuditEvent.objects.filter(object_id=str(plan.pk)).order_by("pk")
    approver = str(personas.partnership_manager)
    assert (approve.action, approve.changes) == (
        "allocation_plan.approve",
        {
            "status": ["draft", "approved"],
            "approved_on": [None, "2009-04-01"],
            "approved_by": [None, approver],
        },
    )
    assert (reopen.action, reopen.actor, reopen.partnership_id) == (
        "allocation_plan.reopen",
        personas.staff,
        personas.partnership.pk,
    )
    assert reopen.changes == {
        "status": ["approved", "draft"],
        "approved_on": ["2009-04-01", None],
        "approved_by": [approver, None],
    }


def test_reopening_a_draft_records_nothing(personas):
    _set(personas, PlanStatus.DRAFT)

    assert AllocationPlan.objects.get(partnership=personas.partnership, year=YEAR).status == "draft"
    assert not AuditEvent.objects.filter(action__startswith="allocation_plan.").exists()
