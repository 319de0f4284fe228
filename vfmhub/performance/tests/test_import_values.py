"""The indicator values import (service): the real Oflog and ONS files unmodified, comparators,
idempotency, new versions, dry runs, audit. Helpers here are reused by the other
test_import_values* modules."""

import csv
from decimal import Decimal

import pytest

from vfmhub.audit.models import AuditEvent
from vfmhub.organisations.models import BodyType, Organisation
from vfmhub.performance.definitions.loader import load_indicators
from vfmhub.performance.importing.values import values_import
from vfmhub.performance.importing.values.resolve import title_key
from vfmhub.performance.models import Indicator, IndicatorValue, ValueStatus
from vfmhub.testing import shared_data

OFLOG = shared_data() / "oflog" / "ASC_data.csv"
ONS = shared_data() / "ons_subnational" / "machine_readable.csv"
ASC = {
    "ASC1": "Outcome, ASC Carer Quality of Life",
    "ASC2": "Outcome, ASC Quality of Life",
    "ASC3": "Outcome, Ease of finding information about services : service users",
    "ASC4": "Outcome, Ease of finding information about support : carers",
    "ASC5": "Outcome, Outcome of short-term services: sequel to service",
    "ASC6": "Outcome, Requests resulting in a service",
    "ASC7": "Outcome, Workforce turnover rate",
}


def indicator_make(code: str, title: str = "", owner=None, **fields) -> Indicator:
    """A national indicator (or `owner`'s local one), as the definitions would load it."""
    defaults = {"polarity": "neither", "frequency": "year", "title": title or code}
    return Indicator.objects.create(code=code, owner=owner, **{**defaults, **fields})


def organisation_make(code: str, name: str, body_type=BodyType.UNITARY) -> Organisation:
    return Organisation.objects.create(name=name, gss_code=code, body_type=body_type)


def run(content: bytes | str, filename: str = "values.csv", **options):
    data = content.encode() if isinstance(content, str) else content
    return values_import(acting_user=None, content=data, filename=filename, **options)


def current(**filters) -> IndicatorValue:
    return IndicatorValue.objects.get(is_current=True, **filters)


@pytest.fixture
def asc_indicators(db):
    return {code: indicator_make(code, title) for code, title in ASC.items()}


@pytest.fixture
def oflog_bodies(db):
    return {
        "darlington": organisation_make("E06000005", "Darlington Borough Council"),
        "derbyshire": organisation_make("E10000007", "Derbyshire County Council", BodyType.COUNTY),
    }


def test_it_imports_the_oflog_file_unmodified(asc_indicators, oflog_bodies):
    result = run(OFLOG.read_bytes(), "ASC_data.csv")

    assert result.errors == []
    assert result.saved and result.layout == "long"
    assert result.skipped_count == 298  # the blank values, each reported with its row
    assert "MEDIAN" in " ".join(result.not_imported)
    assert {"Grouping", "Entity_Name", "Region", "MADs_from_median", "rank_order"} <= {
        text.split(" (")[0] for text in result.not_imported
    }
    assert result.created == 6377 - 1 - 298
    asc2 = asc_indicators["ASC2"]
    darlington = oflog_bodies["darlington"]
    assert current(indicator=asc2, organisation=darlington, year=2016).value == Decimal("0.404")
    assert current(indicator=asc2, organisation=darlington, year=2018).value == Decimal("0.441")
    value = current(indicator=asc2, organisation=darlington, year=2022)
    assert (value.value, value.status, value.source) == (
        Decimal("0.424"),
        ValueStatus.PROVISIONAL,
        "ASC_data.csv",
    )
    assert (value.area_code, value.version, value.frequency) == ("", 1, "year")
    county = current(
        indicator=asc_indicators["ASC1"], organisation=oflog_bodies["derbyshire"], year=2016
    )
    assert county.value == Decimal("7.6")


def test_it_keeps_areas_outside_the_register_as_comparators(asc_indicators, oflog_bodies):
    run(OFLOG.read_bytes(), "ASC_data.csv")

    hartlepool = IndicatorValue.objects.filter(area_code="E06000001", is_current=True)
    assert hartlepool.exists()
    assert all(v.organisation_id is None and v.area_name == "Hartlepool" for v in hartlepool)
    assert not IndicatorValue.objects.filter(area_code="E06000005").exists()
    assert IndicatorValue.objects.filter(organisation__isnull=True).count() > 5000


def test_it_imports_the_same_file_twice_adding_nothing(asc_indicators, oflog_bodies):
    run(OFLOG.read_bytes(), "ASC_data.csv")
    values, events = IndicatorValue.objects.count(), AuditEvent.objects.count()

    again = run(OFLOG.read_bytes(), "ASC_data.csv")

    assert (again.created, again.updated, again.unchanged) == (0, 0, 6377 - 1 - 298)
    assert not again.saved
    assert (IndicatorValue.objects.count(), AuditEvent.objects.count()) == (values, events)


def test_it_audits_every_value_written(asc_indicators, oflog_bodies):
    result = run(OFLOG.read_bytes(), "ASC_data.csv")

    added = AuditEvent.objects.filter(action="performance.value.import_add")
    assert added.count() == result.created
    darlington = oflog_bodies["darlington"]
    assert (
        added.filter(organisation=darlington).count()
        == IndicatorValue.objects.filter(organisation=darlington).count()
    )


CSV = "Area code,Area name,Indicator code,Period,Value\nE06000005,Darlington,ASC2,2019/20,{v}\n"
CSV += "E92000001,England,ASC2,2019/20,0.5\n"


def test_it_makes_a_changed_value_a_new_version(asc_indicators, oflog_bodies):
    run(CSV.format(v="0.4"), "first.csv")

    result = run(CSV.format(v="0.45"), "second.csv")

    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    rows = IndicatorValue.objects.filter(organisation=oflog_bodies["darlington"])
    old, new = rows.order_by("version")
    assert (old.value, old.is_current, old.version) == (Decimal("0.4"), False, 1)
    assert (new.value, new.is_current, new.version) == (Decimal("0.45"), True, 2)
    assert new.reason == "Imported from second.csv" and new.source == "second.csv"
    event = AuditEvent.objects.get(action="performance.value.import_change")
    assert [Decimal(v) for v in event.changes["value"]] == [Decimal("0.4"), Decimal("0.45")]
    assert event.changes["version"] == [1, 2]


def test_a_dry_run_writes_nothing(asc_indicators, oflog_bodies):
    result = run(OFLOG.read_bytes(), "ASC_data.csv", dry_run=True)

    assert result.created == 6377 - 1 - 298 and not result.saved
    assert not IndicatorValue.objects.exists() and not AuditEvent.objects.exists()


def test_it_imports_only_the_organisation_and_comparators_when_given_one(
    asc_indicators, oflog_bodies
):
    result = run(OFLOG.read_bytes(), "ASC_data.csv", organisation=oflog_bodies["darlington"])

    assert result.errors == []
    with OFLOG.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    derbyshire = [r for r in rows if r["Local authority code"] == "E10000007" and r["Value"]]
    assert result.other_organisations == len(derbyshire) > 0
    assert not IndicatorValue.objects.filter(organisation=oflog_bodies["derbyshire"]).exists()
    assert IndicatorValue.objects.filter(organisation=oflog_bodies["darlington"]).exists()
    assert IndicatorValue.objects.filter(area_code="E06000001").exists()


def test_it_gives_a_file_without_areas_to_the_organisation(asc_indicators, oflog_bodies):
    darlington = oflog_bodies["darlington"]
    text = "Indicator,Period,Value,Status,Note\n"
    text += '"Outcome,  asc quality OF life",2020/21,1.5,final,ok\n'

    result = run(text, organisation=darlington)

    assert result.errors == [] and result.created == 1
    value = current(organisation=darlington)
    assert value.indicator == asc_indicators["ASC2"]
    assert (value.frequency, value.year, value.period_index) == ("year", 2020, 1)
    assert (value.status, value.quality_note) == (ValueStatus.FINAL, "ok")


def test_it_refuses_a_file_without_areas_and_without_an_organisation(asc_indicators):
    result = run("Indicator code,Period,Value\nASC2,2019/20,1\n")

    assert [str(e) for e in result.errors] == [
        "Row 1: The file names no areas: give the organisation it is for (--organisation)."
    ]
    assert not IndicatorValue.objects.exists()


def ons_titles() -> list[str]:
    with ONS.open(encoding="cp1252", newline="") as file:
        rows = list(csv.reader(file))[3:]
    return sorted({row[3] for row in rows})


@pytest.fixture
def ons_indicators(db):
    """The shipped national definitions, by the titles the machine-readable file gives them
    (their `other_titles`: the metadata file and the data file word most of them differently)."""
    load_indicators()
    by_title = {}
    for indicator in Indicator.objects.filter(owner__isnull=True):
        for text in (indicator.title, *indicator.other_titles):
            by_title[title_key(text)] = indicator
    return {title: by_title[title_key(title)] for title in ons_titles()}


def test_it_imports_the_ons_file_unmodified(ons_indicators):
    hartlepool = organisation_make("E06000001", "Hartlepool Borough Council")

    result = run(ONS.read_bytes(), "machine_readable.csv")

    assert result.errors == [] and result.saved
    gcse = ons_indicators[
        "Percentage of young people achieving GCSEs (and equivalent qualifications) in English "
        "and maths by age 19"
    ]
    value = current(indicator=gcse, organisation=hartlepool)
    assert (value.year, value.value) == (2020, Decimal("70.461237"))  # "202021", rounded to 6
    england = current(indicator=gcse, area_code="E92000001")
    assert england.organisation is None and england.area_name == "England"
    assert england.value == Decimal("72.999825")
    hle = current(
        indicator=ons_indicators["Female Healthy Life Expectancy (HLE)"], organisation=hartlepool
    )
    assert (hle.year, hle.value) == (2020, Decimal("58.75"))  # "201820": the span's last year


def test_it_reports_what_it_skips_in_the_ons_file(ons_indicators):
    result = run(ONS.read_bytes(), "machine_readable.csv", dry_run=True)

    reasons = [str(skip) for skip in result.skipped]
    assert any(r.startswith("Row 1545, column A (AREACD): 'TLG' is not a GSS") for r in reasons)
    assert any(
        "Rows 1959 and 1960 give the code E13000002 to two areas (Inner London, Outer London)" in r
        for r in reasons
    )
    assert any("Rows 4666 and 4667 give the code E06000062" in r for r in reasons)
    assert not IndicatorValue.objects.filter(area_code="E13000002", year=2019).exists()
    assert result.skipped_count == len(result.skipped) == 292
    assert {"Geography", "Category", "Measure", "MAD"} == {
        text.split(" (")[0] for text in result.not_imported
    }
