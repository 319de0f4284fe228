"""The efficiency lines of the home page's "What is due": returns due and late for a body's editors
and managers, members' late returns for a partnership's managers."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from vfmhub.core.worklist import due_work_for_user
from vfmhub.efficiency import services
from vfmhub.efficiency.worklist import efficiency_due_work

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2010, 4, 20)


@pytest.fixture
def deadlines(personas, programme):
    for year, kind, due_on in (
        (2008, "outturn", datetime.date(2010, 4, 1)),  # passed: late
        (2009, "forecast", datetime.date(2010, 5, 10)),  # within 30 days: due
        (2010, "forecast", datetime.date(2010, 9, 30)),  # later: not counted
    ):
        services.programme_set_deadline(
            acting_user=personas.partnership_manager,
            programme=programme,
            year=year,
            kind=kind,
            due_on=due_on,
        )


def _submit(personas, programme, year: int, kind: str) -> None:
    made = services.return_save(
        acting_user=personas.editor,
        programme=programme,
        organisation=personas.org_a,
        year=year,
        kind=kind,
        reported_value=Decimal("1000"),
    )
    services.return_submit(acting_user=personas.manager, efficiency_return=made)


def _lines(user):
    return {
        (line.label, line.count, line.urgent): line.url
        for line in due_work_for_user(user, TODAY)
        if line.group == "Efficiency returns"
    }


def test_it_counts_a_bodys_due_and_late_returns_for_its_editors(
    personas, programme, deadlines, django_assert_num_queries
):
    where = f"{personas.org_a.name}, {programme.name}"
    returns = reverse("efficiency:returns", args=[programme.pk, personas.org_a.pk])
    with django_assert_num_queries(4):
        # the user's bodies in programmes, their deadlines, submitted returns; partnerships managed
        lines = list(efficiency_due_work(personas.editor, TODAY))
    assert {(x.label, x.count, x.urgent, x.url) for x in lines if x.count} == {
        (f"return late: {where}", 1, True, returns),
        (f"return due within 30 days: {where}", 1, False, returns),
    }
    assert _lines(personas.viewer) == {}  # a viewer submits nothing


def test_a_submitted_return_is_no_longer_late(personas, programme, deadlines):
    _submit(personas, programme, 2008, "outturn")
    labels = [label for label, _, _ in _lines(personas.manager)]
    assert labels == [f"return due within 30 days: {personas.org_a.name}, {programme.name}"]


def test_it_counts_members_late_returns_for_the_partnerships_managers(
    personas, programme, deadlines, django_assert_num_queries
):
    _submit(personas, programme, 2008, "outturn")
    chase = reverse("efficiency:return_chase", args=[programme.pk]) + "?year=2008&kind=outturn"
    with django_assert_num_queries(4):
        # the user's bodies (none); programmes managed with participants, deadlines, submitted
        lines = [x for x in efficiency_due_work(personas.partnership_manager, TODAY) if x.count]
    assert [(x.label, x.count, x.urgent, x.url) for x in lines] == [
        (f"members' returns late (outturn 2008/09): {programme.name}", 2, True, chase)
    ]
    assert _lines(personas.partnership_viewer) == {}
    assert _lines(personas.outsider) == {}


def test_a_partnership_manager_sees_only_the_latest_round_of_each_kind(
    personas, programme, deadlines
):
    """Once a later outturn deadline passes, the earlier round is history, not work to chase."""
    services.programme_set_deadline(
        acting_user=personas.partnership_manager,
        programme=programme,
        year=2009,
        kind="outturn",
        due_on=datetime.date(2010, 5, 20),
    )
    later = datetime.date(2010, 6, 1)  # both outturn deadlines and the 2009 forecast have passed
    lines = [x for x in efficiency_due_work(personas.partnership_manager, later) if x.count]

    assert sorted(x.label for x in lines) == [
        f"members' returns late (forecast 2009/10): {programme.name}",
        f"members' returns late (outturn 2009/10): {programme.name}",
    ]
