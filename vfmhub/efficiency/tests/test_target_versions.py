"""Yearly targets are versioned by their programme: setting them over a newer change is refused."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vfmhub.core.concurrency import CHANGED_SINCE_OPENED
from vfmhub.efficiency import services
from vfmhub.efficiency.models import EfficiencyProgramme, YearTarget
from vfmhub.testing import client_for


def test_it_refuses_targets_set_over_a_newer_change(personas, programme):
    opened_at = EfficiencyProgramme.objects.get(pk=programme.pk).updated_at
    services.programme_set_targets(
        acting_user=personas.partnership_manager, programme=programme, percents={2008: Decimal(4)}
    )

    with pytest.raises(ValidationError) as error:
        services.programme_set_targets(
            acting_user=personas.partnership_manager,
            programme=programme,
            percents={2008: Decimal(2)},
            expected_updated_at=opened_at,
        )

    assert error.value.messages == [CHANGED_SINCE_OPENED]
    assert YearTarget.objects.get(programme=programme, year=2008).percent == Decimal(4)


def test_the_targets_page_refuses_a_stale_form(personas, programme):
    client = client_for(personas.partnership_manager)
    url = reverse("efficiency:programme_targets", args=[programme.pk])
    form = client.get(url).context["form"]
    opened = {name: form[name].value() or "" for name in form.fields}
    services.programme_set_targets(
        acting_user=personas.partnership_manager, programme=programme, percents={2008: Decimal(4)}
    )

    response = client.post(url, opened | {"target_2008": "2"})

    assert response.status_code == 200
    assert CHANGED_SINCE_OPENED in response.content.decode()
    assert YearTarget.objects.get(programme=programme, year=2008).percent == Decimal(4)
