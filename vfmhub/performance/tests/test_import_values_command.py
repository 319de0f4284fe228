"""`vfmhub import-indicator-values`: the command line of the values import."""

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from vfmhub.performance.models import IndicatorValue
from vfmhub.performance.tests.test_import_values import (
    OFLOG,
    current,
    indicator_make,
    organisation_make,
)

DEFINITIONS = Path(__file__).resolve().parents[1] / "definitions"


def command(*args: str) -> tuple[str, str, int]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import-indicator-values", *args, stdout=out, stderr=err)
    except SystemExit as exit:
        return out.getvalue(), err.getvalue(), int(exit.code or 0)
    return out.getvalue(), err.getvalue(), 0


@pytest.fixture
def file(tmp_path, db):
    indicator_make("PI1", "Missed bins")
    organisation_make("E06000005", "Darlington Borough Council")
    path = tmp_path / "bins.csv"
    path.write_text("Area code,Indicator code,Period,Value\nE06000005,PI1,2019/20,12\n")
    return path


def test_it_imports_a_file(file):
    out, err, code = command(str(file))

    assert code == 0 and err == ""
    assert "Imported: 1 new, 0 changed (new versions), 0 unchanged values" in out
    assert current().value == Decimal(12)


def test_it_says_nothing_changed_the_second_time(file):
    command(str(file))

    out, _, code = command(str(file), "--json")

    summary = json.loads(out)
    assert (code, summary["created"], summary["unchanged"], summary["saved"]) == (0, 0, 1, False)


def test_a_dry_run_saves_nothing(file):
    out, _, code = command(str(file), "--dry-run")

    assert code == 0 and "Dry run, nothing saved. Importing would give 1 new" in out
    assert not IndicatorValue.objects.exists()


def test_it_prints_every_error_and_exits_1(file, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("Area code,Indicator code,Period,Value\nE06000005,PI1,someday,12\n")

    _, err, code = command(str(bad))

    assert code == 1
    assert "Row 2, column C (Period): 'someday' is not a period" in err
    assert "Nothing was imported: 1 errors." in err


def test_it_refuses_an_unknown_organisation(file):
    with pytest.raises(CommandError, match="No organisation has the GSS code 'E06999999'"):
        command(str(file), "--organisation", "E06999999")


def test_it_refuses_to_create_indicators_without_an_organisation(file):
    _, err, code = command(str(file), "--create-indicators")

    assert code == 1 and "--create-indicators needs --organisation" in err


@pytest.mark.skipif(not DEFINITIONS.is_dir(), reason="the national definitions are not shipped")
def test_it_imports_the_oflog_file_against_the_loaded_definitions(db):
    call_command("load-indicators", stdout=StringIO())
    darlington = organisation_make("E06000005", "Darlington Borough Council")

    out, err, code = command(str(OFLOG), "--organisation", "E06000005")

    assert (code, err) == (0, "")
    assert "Not imported: MEDIAN" in out
    value = current(indicator__code="ASC2", organisation=darlington, year=2018)
    assert value.value == Decimal("0.441") and value.indicator.owner is None
    assert current(indicator__code="ASC2", area_code="E06000001", year=2018).organisation is None
