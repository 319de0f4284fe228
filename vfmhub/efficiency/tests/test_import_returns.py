"""The returns import service (acceptance 4): all or nothing, every error by row and column,
dry runs, idempotence, new versions."""

from decimal import Decimal
from pathlib import Path

import pytest

from vfmhub.audit.models import AuditEvent
from vfmhub.efficiency.importing import returns_import
from vfmhub.efficiency.models import EfficiencyReturn, ReturnRating, ReturnStatus
from vfmhub.efficiency.selectors.dashboard import programme_dashboard
from vfmhub.efficiency.tests.seed003 import make_seed_003
from vfmhub.efficiency.tests.test_dashboard import TODAY

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def seed(personas):
    return make_seed_003(personas, with_returns=False)


def _import(personas, seed, name: str, **kwargs):
    return returns_import(
        acting_user=personas.partnership_manager,
        programme=seed.programme,
        content=(FIXTURES / name).read_bytes(),
        filename=name,
        **kwargs,
    )


@pytest.mark.parametrize("name", ["returns_seed003.csv", "returns_seed003.xlsx"])
def test_it_imports_seed_003_returns_as_submitted(personas, seed, name):
    result = _import(personas, seed, name)

    assert result.errors == []
    assert (result.created, result.updated, result.saved) == (7, 0, True)
    imported = EfficiencyReturn.objects.filter(programme=seed.programme)
    assert {r.status for r in imported} == {ReturnStatus.SUBMITTED}
    assert {r.submitted_by for r in imported} == {personas.partnership_manager}
    oadby = imported.get(organisation__name="Oadby and Wigston Borough Council")
    assert oadby.reported_value == Decimal("150000.00")
    assert oadby.narrative == "Only projecting 1.5% rather than the full 3%"
    assert {r.year: r.rating for r in oadby.ratings.all()} == {2009: "A", 2010: "R", 2011: "R"}
    dashboard = programme_dashboard(seed.programme, today=TODAY)
    assert [row.counts for row in dashboard.ratings] == [
        {"G": 0, "A": 6, "R": 1, "": 0},
        {"G": 0, "A": 5, "R": 2, "": 0},
        {"G": 0, "A": 4, "R": 1, "": 2},
    ]
    assert AuditEvent.objects.filter(action="efficiency.returns.import").count() == 1


def test_it_refuses_a_file_with_bad_rows_whole(personas, seed):
    result = _import(personas, seed, "returns_bad.csv")

    assert [str(e) for e in result.errors] == [
        "Row 3, column A (Body): No body in this programme has the name, GSS code or alias "
        "'Nowhere District Council'. Was it Harborough District Council, Blaby District "
        "Council or North West Leicestershire District Council? Add the name as an alias of "
        "the right body, or correct the file.",
        "Row 4, column E (2009/10 rating): 'X' is not a rating: use G, A or R "
        "(Green, Amber, Red), or leave it blank.",
        "Row 5, column D (Cumulative value): The cumulative value cannot be negative.",
        "Row 6, column A (Body): Bexwell Borough Council does not take part in this programme.",
        "Row 7, column B (Year): 2019/20 is not a year of this programme (2009/10 to 2011/12).",
    ]
    assert not result.saved
    assert not EfficiencyReturn.objects.exists()
    assert not ReturnRating.objects.exists()
    assert not AuditEvent.objects.filter(action="efficiency.returns.import").exists()


def test_it_saves_nothing_on_a_dry_run(personas, seed):
    result = _import(personas, seed, "returns_seed003.csv", dry_run=True)

    assert (result.created, result.saved, result.errors) == (7, False, [])
    assert len(result.preview) == 7
    assert not EfficiencyReturn.objects.exists()


def test_it_adds_nothing_the_second_time(personas, seed):
    _import(personas, seed, "returns_seed003.csv")

    again = _import(personas, seed, "returns_seed003.xlsx")

    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)
    assert EfficiencyReturn.objects.count() == 7
    assert AuditEvent.objects.filter(action="efficiency.returns.import").count() == 1


def test_it_makes_a_new_version_when_a_return_changes(personas, seed):
    _import(personas, seed, "returns_seed003.csv")
    changed = (FIXTURES / "returns_seed003.csv").read_text().replace('"150,000"', '"180,000"')

    result = returns_import(
        acting_user=personas.partnership_manager,
        programme=seed.programme,
        content=changed.encode(),
        filename="changed.csv",
    )

    assert (result.created, result.updated, result.unchanged) == (0, 1, 6)
    versions = EfficiencyReturn.objects.filter(
        organisation__name="Oadby and Wigston Borough Council"
    ).order_by("version")
    assert [(v.version, v.is_current, v.reported_value) for v in versions] == [
        (1, False, Decimal("150000.00")),
        (2, True, Decimal("180000.00")),
    ]


def test_it_names_missing_required_columns(personas, seed):
    result = returns_import(
        acting_user=personas.partnership_manager,
        programme=seed.programme,
        content=b"Body,Year,Narrative\nMelton Borough Council,2009/10,x\n",
        filename="short.csv",
    )

    assert [str(e) for e in result.errors] == [
        'Row 1: The file needs a "Cumulative value" column or a rating column for each year '
        '(headed like "RAG 2009/10").'
    ]


def test_it_refuses_a_repeated_row(personas, seed):
    content = (
        b"Body,Year,Cumulative value\nMelton Borough Council,2009/10,100\nE07000133,2009,200\n"
    )

    result = returns_import(
        acting_user=personas.partnership_manager,
        programme=seed.programme,
        content=content,
        filename="twice.csv",
    )

    assert [str(e) for e in result.errors] == [
        "Row 3, column A (Body): Melton Borough Council already has a row for forecast 2009/10 "
        "(row 2)."
    ]
