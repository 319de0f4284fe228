"""One persistence rule: the register's status filter (the page's and the API's, one selector)
finds exactly the gains whose status on the day is that status."""

import datetime

import pytest

from vfmhub.efficiency import calculations, services
from vfmhub.efficiency.selectors.gains import PERSISTENCE_STATUSES, gains_filtered
from vfmhub.efficiency.tests.conftest import add_gain

pytestmark = pytest.mark.django_db

DAYS = [
    datetime.date(2010, 12, 30),  # nothing coming yet
    datetime.date(2011, 1, 1),  # the 2008/09 gains' check is coming
    datetime.date(2011, 3, 31),  # the last day before it is due
    datetime.date(2011, 4, 1),  # due
    datetime.date(2012, 2, 1),  # 2008/09 due, 2009/10 coming
]


@pytest.fixture
def register(personas, programme):
    gains = [add_gain(personas, programme, description=f"{y}", first_year=y) for y in (2008, 2009)]
    gains.append(add_gain(personas, programme, description="Confirmed", first_year=2008))
    services.gain_confirm_persistence(
        acting_user=personas.editor, gain=gains[-1], confirmed_on=datetime.date(2011, 4, 5)
    )
    gains.append(add_gain(personas, programme, description="Removed", first_year=2008))
    services.gain_remove(
        acting_user=personas.editor,
        gain=gains[-1],
        removed_from_year=2010,
        removed_on=datetime.date(2010, 5, 1),
        reason="Ended",
    )
    return gains


@pytest.mark.parametrize("day", DAYS)
def test_each_status_filter_finds_the_gains_of_that_status(personas, programme, register, day):
    gains = list(gains_filtered(programme, personas.org_a, today=day))
    for status in PERSISTENCE_STATUSES:
        found = gains_filtered(programme, personas.org_a, today=day, status=status)
        expected = {g.pk for g in gains if calculations.persistence_status(g, day) == status}
        assert {g.pk for g in found} == expected, (status, day)
