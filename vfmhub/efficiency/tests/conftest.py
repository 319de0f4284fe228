"""Fixtures for efficiency tests: seed 003's programme (3%, 3%, 3.4% added, 2008/09 to 2010/11)
with org A (a district), org C (a fire authority) and the county taking part."""

from decimal import Decimal

import pytest

from vfmhub.efficiency import services
from vfmhub.efficiency.models import EfficiencyProgramme, Gain


@pytest.fixture
def on_day(clock_at):
    """on_day(date): the project's clock reads that day from now on (`clock_at`)."""
    return clock_at


@pytest.fixture
def programme(personas) -> EfficiencyProgramme:
    programme = services.programme_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        name="LAA NI 179 efficiency target",
        first_year=2008,
        last_year=2010,
        baseline_year=2007,
        method="added",
    )
    services.programme_set_targets(
        acting_user=personas.partnership_manager,
        programme=programme,
        percents={2008: Decimal(3), 2009: Decimal(3), 2010: Decimal("3.4")},
    )
    county = personas.org_a.parent
    for organisation, baseline in (
        (personas.org_a, Decimal("10000000")),
        (personas.org_c, Decimal("25000000")),
        (county, Decimal("400000000")),
    ):
        services.participant_add(
            acting_user=personas.partnership_manager, programme=programme, organisation=organisation
        )
        services.baseline_save(
            acting_user=personas.partnership_manager,
            programme=programme,
            organisation=organisation,
            amount=baseline,
            year=2007,
        )
    return programme


def add_gain(personas, programme, value="100000", organisation=None, **fields) -> Gain:
    return services.gain_add(
        acting_user=personas.editor,
        programme=programme,
        organisation=organisation or personas.org_a,
        description=fields.pop("description", "Shared revenues and benefits service"),
        first_year=fields.pop("first_year", 2008),
        gross_annual_value=Decimal(value),
        **fields,
    )


def body_url(programme, organisation, name="efficiency:body", *extra) -> str:
    from django.urls import reverse

    return reverse(name, args=[programme.pk, organisation.pk, *extra])
