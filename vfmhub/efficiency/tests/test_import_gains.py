"""The gains register import: all or nothing, errors by row and column, idempotent."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from vfmhub.efficiency.importing import gains_import
from vfmhub.efficiency.models import Gain
from vfmhub.efficiency.tests.seed003 import make_seed_003

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def seed(personas):
    return make_seed_003(personas, with_returns=False)


def _import(personas, seed, content: bytes, **kwargs):
    return gains_import(
        acting_user=personas.partnership_manager,
        programme=seed.programme,
        organisation=seed.bodies["Melton Borough Council"],
        content=content,
        filename="gains.csv",
        **kwargs,
    )


def test_it_imports_a_register_once(personas, seed):
    content = (FIXTURES / "gains_melton.csv").read_bytes()

    first = _import(personas, seed, content)
    again = _import(personas, seed, content)

    assert (first.created, first.saved) == (3, True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    shared = Gain.objects.get(description="Shared revenues and benefits service")
    assert shared.net_annual_value == Decimal("130000.00")
    assert shared.category is not None
    assert shared.category.name == "Shared services"
    assert not Gain.objects.get(first_year=2010).is_cash_releasing


def test_it_corrects_a_gain_with_the_same_description_and_year(personas, seed):
    content = (FIXTURES / "gains_melton.csv").read_bytes()
    _import(personas, seed, content)

    result = _import(personas, seed, content.replace(b'"60,000"', b'"65,000"'))

    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    assert Gain.objects.get(first_year=2009, project_label="").gross_annual_value == 65000


def test_it_refuses_bad_rows_whole(personas, seed):
    content = (
        b"Description,First year,Gross value,Cash-releasing\n"
        b"Good gain,2009/10,100,yes\n"
        b"Bad year,2030/31,100,yes\n"
        b"Negative,2009/10,(100),yes\n"
        b"Unsure,2009/10,100,maybe\n"
    )

    result = _import(personas, seed, content)

    assert [str(e) for e in result.errors] == [
        "Row 3, column B (First year): 2030/31 is not a year of this programme "
        "(2009/10 to 2011/12).",
        "Row 4, column C (Gross value): An amount cannot be negative.",
        "Row 5, column D (Cash-releasing): 'maybe' is not yes or no.",
    ]
    assert not Gain.objects.exists()


def test_the_command_runs_dry(seed):
    out = io.StringIO()

    call_command(
        "import-gains",
        str(FIXTURES / "gains_melton.csv"),
        programme=seed.programme.pk,
        organisation="E07000133",
        dry_run=True,
        stdout=out,
    )

    assert "Dry run, nothing saved. Importing would give 3 new" in out.getvalue()
    assert not Gain.objects.exists()
