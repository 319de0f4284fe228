"""Returns: drafts, submission with the register snapshot, versions and their history."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from vfmhub.efficiency import services
from vfmhub.efficiency.models import EfficiencyReturn
from vfmhub.efficiency.services.returns import (
    ALREADY_SUBMITTED,
    RATING_YEAR_OUTSIDE,
    UNKNOWN_RATING,
    VALUE_NEGATIVE,
)
from vfmhub.efficiency.tests.conftest import add_gain

pytestmark = pytest.mark.django_db


def save(personas, programme, **fields):
    fields.setdefault("year", 2009)
    fields.setdefault("kind", "forecast")
    return services.return_save(
        acting_user=personas.editor, programme=programme, organisation=personas.org_a, **fields
    )


def test_it_snapshots_the_register_on_submission(personas, programme):
    add_gain(personas, programme, "100000")
    draft = save(personas, programme, ratings={2009: "A", 2010: "R"}, narrative="Some risk.")
    add_gain(personas, programme, "20000", first_year=2009)
    submitted = services.return_submit(acting_user=personas.manager, efficiency_return=draft)
    assert submitted.register_value == Decimal("120000")
    assert submitted.value == Decimal("120000")
    assert submitted.submitted_by == personas.manager
    assert {r.year: r.rating for r in submitted.ratings.all()} == {2009: "A", 2010: "R"}


def test_a_resubmission_is_a_new_version_and_the_old_one_stays(personas, programme):
    first = services.return_submit(
        acting_user=personas.manager,
        efficiency_return=save(personas, programme, reported_value=Decimal("90000")),
    )
    second_draft = save(personas, programme, reported_value=Decimal("95000"))
    assert second_draft.pk != first.pk
    assert second_draft.version == 2
    first.refresh_from_db()
    assert first.is_current and not second_draft.is_current
    services.return_submit(acting_user=personas.manager, efficiency_return=second_draft)
    versions = EfficiencyReturn.objects.filter(organisation=personas.org_a).order_by("version")
    assert [(r.version, r.is_current, r.reported_value) for r in versions] == [
        (1, False, Decimal("90000.00")),
        (2, True, Decimal("95000.00")),
    ]


def test_saving_again_updates_the_draft(personas, programme):
    draft = save(personas, programme, reported_value=Decimal(1))
    again = save(personas, programme, reported_value=Decimal(2))
    assert again.pk == draft.pk
    assert EfficiencyReturn.objects.count() == 1


def test_it_refuses_submitting_twice(personas, programme):
    submitted = services.return_submit(
        acting_user=personas.manager, efficiency_return=save(personas, programme)
    )
    with pytest.raises(ValidationError) as exc:
        services.return_submit(acting_user=personas.manager, efficiency_return=submitted)
    assert exc.value.messages == [ALREADY_SUBMITTED]


def test_it_validates_ratings_and_value_by_field(personas, programme):
    with pytest.raises(ValidationError) as exc:
        save(
            personas,
            programme,
            reported_value=Decimal(-1),
            ratings={2008: "G", 2010: "X"},
        )
    assert exc.value.message_dict == {
        "reported_value": [VALUE_NEGATIVE],
        "rating_2008": [RATING_YEAR_OUTSIDE.format(first="2009/10", last="2010/11")],
        "rating_2010": [UNKNOWN_RATING],
    }
