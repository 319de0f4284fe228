"""Unit costs: net current expenditure per head, checked by hand to the penny."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from vfmhub.benchmarking.loading.outturn import SERVICE_LINES, outturn_read
from vfmhub.benchmarking.loading.types import MeasureRow, ReferenceFile, ValueRow
from vfmhub.benchmarking.models import AreaClass, ReferenceArea, Reorganisation, SourceKind
from vfmhub.benchmarking.selectors.unit_costs import PER_HEAD, UNIT_COST_DRIVERS, unit_costs
from vfmhub.benchmarking.services.reference import reference_file_load

SLICE = Path(__file__).parent / "fixtures" / "outturn" / "rs_2017-18_slice.xlsx"
CAMBRIDGESHIRE, SALFORD = "E10000003", "E08000006"


def _load(name: str, measure: MeasureRow, values: list[tuple[str, int, str]]) -> None:
    """A made-up reference file of `values` (code, year, value) for one measure."""
    data = ReferenceFile(
        kind=SourceKind.DEMO,
        title=name,
        publisher="the tests",
        file_name=f"{name}.csv",
        sha256=name.ljust(64, "0"),
        measures=[measure],
        values=[ValueRow(measure.code, code, year, Decimal(v)) for code, year, v in values],
        rows_read=len(values),
        rows_used=len(values),
    )
    reference_file_load(acting_user=None, data=data)


POPULATION = MeasureRow(code="population", title="Population", group="Population", unit="people")


@pytest.fixture
def two_bodies(db):
    """Cambridgeshire and Salford's 2017-18 outturn (the slice of the real file) and a census
    population for each in 2011 and 2021 (made-up round figures)."""
    reference_file_load(acting_user=None, data=outturn_read(SLICE))
    _load(
        "census",
        POPULATION,
        [
            (CAMBRIDGESHIRE, 2011, "621200"),
            (CAMBRIDGESHIRE, 2021, "678600"),
            (SALFORD, 2011, "233900"),
            (SALFORD, 2021, "270000"),
        ],
    )


def test_it_gives_pounds_per_head_to_the_penny(two_bodies):
    # 2017 is 6/10 of the way from 2011 to 2021:
    # Cambridgeshire 621,200 + 57,400 × 0.6 = 655,640; Salford 233,900 + 36,100 × 0.6 = 255,560.
    # Adult social care: 149,774 £k → £149,774,000 ÷ 655,640 = £228.4394…;
    # 49,964 £k → £49,964,000 ÷ 255,560 = £195.5079…
    assert unit_costs("outturn.adult_social_care", 2017) == {
        CAMBRIDGESHIRE: Decimal("228.44"),
        SALFORD: Decimal("195.51"),
    }
    # Net current expenditure: 627,859.28157 £k ÷ 655,640 = £957.6280…
    assert unit_costs("outturn.net_current", 2017)[CAMBRIDGESHIRE] == Decimal("957.63")


def test_it_uses_the_census_itself_in_a_census_year(two_bodies):
    _load(
        "education 2021",
        MeasureRow(code="outturn.education", title="Education services", group="Revenue outturn"),
        [(CAMBRIDGESHIRE, 2021, "300000")],
    )
    # 300,000 £k → £300,000,000 ÷ 678,600 = £442.0866…
    assert unit_costs("outturn.education", 2021) == {CAMBRIDGESHIRE: Decimal("442.09")}


def test_it_leaves_out_areas_without_both(two_bodies):
    _load("bolton", POPULATION, [("E08000001", 2011, "276800")])
    assert set(unit_costs("outturn.education", 2017)) == {CAMBRIDGESHIRE, SALFORD}
    assert unit_costs("outturn.education", 2030) == {}  # no outturn for that year
    assert unit_costs("outturn.no_such_line", 2017) == {}


@pytest.mark.django_db
def test_it_counts_a_county_as_its_districts():
    """The census counts districts only: a county's population is theirs added up."""
    for code, county in (("E07000008", "E10000003"), ("E07000009", "E10000003")):
        ReferenceArea.objects.create(
            gss_code=code, name=code, area_class=AreaClass.DISTRICT, county_code=county
        )
    spend = MeasureRow(code="outturn.education", title="Education", group="Revenue outturn")
    _load(
        "outturn",
        spend,
        [("E10000003", 2011, "250000"), ("E07000008", 2011, "20")],
    )
    _load(
        "census",
        POPULATION,
        [("E07000008", 2011, "120000"), ("E07000009", 2011, "80000")],
    )
    # 250,000 £k → £250,000,000 ÷ (120,000 + 80,000) = £1,250.00
    costs = unit_costs("outturn.education", 2011)
    assert costs["E10000003"] == Decimal("1250.00")
    assert costs["E07000008"] == Decimal("0.17")  # 20 £k ÷ 120,000 = £0.1666…


@pytest.mark.django_db
def test_it_gives_no_county_a_population_while_a_district_lacks_one():
    for code in ("E07000008", "E07000009"):
        ReferenceArea.objects.create(
            gss_code=code, name=code, area_class=AreaClass.DISTRICT, county_code="E10000003"
        )
    spend = MeasureRow(code="outturn.education", title="Education", group="Revenue outturn")
    _load("outturn", spend, [("E10000003", 2011, "250000")])
    _load("census", POPULATION, [("E07000008", 2011, "120000")])
    assert unit_costs("outturn.education", 2011) == {}


@pytest.mark.django_db
def test_it_joins_a_successor_to_its_predecessors():
    """A unitary formed later: its cost per head before then is its predecessors' spend over
    their population."""
    for old in ("E07000004", "E07000005"):
        Reorganisation.objects.create(
            predecessor_code=old, successor_code="E06000060", effective=datetime.date(2020, 4, 1)
        )
    spend = MeasureRow(
        code="outturn.cultural", title="Cultural", group="Revenue outturn", is_spend=True
    )
    _load("outturn", spend, [("E07000004", 2017, "1500"), ("E07000005", 2017, "2500")])
    _load("census", POPULATION, [("E07000004", 2011, "100000"), ("E07000005", 2011, "150000")])
    # (1,500 + 2,500) £k → £4,000,000 ÷ 250,000 = £16.00
    costs = unit_costs("outturn.cultural", 2017)
    assert costs["E06000060"] == Decimal("16.00")
    assert costs["E07000004"] == Decimal("15.00")


def test_it_offers_every_service_line_per_head_only():
    assert set(UNIT_COST_DRIVERS) == {line.code for line in SERVICE_LINES}
    assert all(drivers == (PER_HEAD,) for drivers in UNIT_COST_DRIVERS.values())
    assert "outturn.adult_social_care" in UNIT_COST_DRIVERS
