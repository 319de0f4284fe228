"""The returns and gains imports record every row they write: a new one with its values, a
changed one with the old and new values of what changed; an identical file records nothing."""

from pathlib import Path

import pytest

from vfmhub.audit.models import AuditEvent
from vfmhub.efficiency.importing import gains_import, returns_import
from vfmhub.efficiency.models import EfficiencyReturn, Gain, GainCategory
from vfmhub.efficiency.tests.seed003 import make_seed_003

FIXTURES = Path(__file__).parent / "fixtures"
RETURNS = (FIXTURES / "returns_seed003.csv").read_text()
GAINS = (FIXTURES / "gains_melton.csv").read_text()
OADBY = "Oadby and Wigston Borough Council"


@pytest.fixture
def seed(personas):
    return make_seed_003(personas, with_returns=False)


def _returns(personas, seed, text: str, filename="returns.csv"):
    return returns_import(
        acting_user=personas.partnership_manager,
        programme=seed.programme,
        content=text.encode(),
        filename=filename,
    )


def _gains(personas, seed, text: str, filename="gains.csv"):
    return gains_import(
        acting_user=personas.partnership_manager,
        programme=seed.programme,
        organisation=seed.bodies["Melton Borough Council"],
        content=text.encode(),
        filename=filename,
    )


def _since(pk: int, action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(pk__gt=pk, action=action).order_by("pk"))


def _last_pk() -> int:
    last = AuditEvent.objects.order_by("-pk").first()
    return last.pk if last else 0


def test_a_returns_import_records_each_new_return_and_the_same_file_again_nothing(personas, seed):
    _returns(personas, seed, RETURNS)

    events = _since(0, "efficiency.return.import_add")
    assert len(events) == 7
    oadby = EfficiencyReturn.objects.get(organisation__name=OADBY)
    (event,) = [e for e in events if e.object_id == str(oadby.pk)]
    assert event.object_repr == str(oadby)
    assert event.changes == {
        "year": [None, 2009],
        "kind": [None, "forecast"],
        "version": [None, 1],
        "status": [None, "submitted"],
        "reported_value": [None, "150000.00"],
        "narrative": [None, "Only projecting 1.5% rather than the full 3%"],
        "ratings": [None, {"2009": "A", "2010": "R", "2011": "R"}],
    }
    assert (event.actor, event.note) == (personas.partnership_manager, "returns.csv")
    assert (event.organisation_id, event.partnership_id) == (
        oadby.organisation_id,
        seed.programme.partnership_id,
    )
    recorded = AuditEvent.objects.count()
    _returns(personas, seed, RETURNS)
    assert AuditEvent.objects.count() == recorded


def test_a_changed_returns_file_records_what_changed_in_each_new_version(personas, seed):
    _returns(personas, seed, RETURNS)
    before = _last_pk()
    changed = RETURNS.replace('"150,000",A,R,R', '"180,000",A,A,R')

    _returns(personas, seed, changed, filename="changed.csv")

    assert _since(before, "efficiency.return.import_add") == []
    (event,) = _since(before, "efficiency.return.import_version")
    new = EfficiencyReturn.objects.get(organisation__name=OADBY, is_current=True)
    assert (event.object_id, event.object_repr) == (str(new.pk), str(new))
    assert event.changes == {
        "version": [1, 2],
        "reported_value": ["150000.00", "180000.00"],
        "ratings": [
            {"2009": "A", "2010": "R", "2011": "R"},
            {"2009": "A", "2010": "A", "2011": "R"},
        ],
    }


def test_a_gains_import_records_each_new_gain_and_the_same_file_again_nothing(personas, seed):
    _gains(personas, seed, GAINS)

    events = _since(0, "efficiency.gain.import_add")
    assert len(events) == 3
    shared = Gain.objects.get(description="Shared revenues and benefits service")
    (event,) = [e for e in events if e.object_id == str(shared.pk)]
    assert event.object_repr == str(shared)
    assert event.changes == {
        "description": [None, "Shared revenues and benefits service"],
        "project_label": [None, "Revenues and benefits"],
        "first_year": [None, 2009],
        "gross_annual_value": [None, "150000.00"],
        "investment_cost": [None, "20000.00"],
        "ongoing_cost": [None, "0"],
        "is_cash_releasing": [None, True],
        "evidence": [None, "Cabinet report 12 May 2009"],
        "category": [None, "Shared services"],
    }
    assert (event.organisation_id, event.partnership_id, event.note) == (
        seed.bodies["Melton Borough Council"].pk,
        seed.programme.partnership_id,
        "gains.csv",
    )
    added = {e.object_repr for e in _since(0, "efficiency.category.import_add")}
    assert added == set(
        GainCategory.objects.filter(programme=seed.programme).values_list("name", flat=True)
    )
    recorded = AuditEvent.objects.count()
    _gains(personas, seed, GAINS)
    assert AuditEvent.objects.count() == recorded


def test_a_changed_gains_file_records_old_and_new_values_of_what_changed(personas, seed):
    _gains(personas, seed, GAINS)
    before = _last_pk()

    _gains(personas, seed, GAINS.replace('"60,000",,"5,000",Yes', '"65,000",,"5,000",No'))

    assert _since(before, "efficiency.gain.import_add") == []
    (event,) = _since(before, "efficiency.gain.import_change")
    vehicle = Gain.objects.get(description="Vehicle maintenance contract")
    assert event.object_id == str(vehicle.pk)
    assert event.changes == {
        "gross_annual_value": ["60000.00", "65000.00"],
        "is_cash_releasing": [True, False],
    }
