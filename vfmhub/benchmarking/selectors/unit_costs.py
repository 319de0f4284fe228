"""Unit costs from revenue outturn: a service's net current expenditure per head.

Outturn figures are in £ thousand; a unit cost is in pounds per unit of its driver, to the
penny. Both the spend and the driver are joined through the lineage (`selectors.values`), so a
reorganised council's cost per head for a year before it existed is its predecessors' spend
over their population."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from vfmhub.benchmarking.loading.outturn import SERVICE_LINES
from vfmhub.benchmarking.models import ReferenceArea, ReferenceMeasure
from vfmhub.benchmarking.selectors.values import Lineage, joined_values, lineage, population_for

THOUSAND = Decimal(1000)
PENNY = Decimal("0.01")


@dataclass(frozen=True)
class Driver:
    """What a unit cost is per: its name on the page, the unit shown ("£ per head") and the
    reference measure that counts it."""

    code: str
    label: str
    unit: str
    measure_code: str


PER_HEAD = Driver(
    code="per_head", label="per head of population", unit="£ per head", measure_code="population"
)

UNIT_COST_DRIVERS: dict[str, tuple[Driver, ...]] = {
    line.code: (PER_HEAD,) for line in SERVICE_LINES
}
"""The drivers each service line's unit cost is offered per: per head of population, for every
service line.

Adult social care would be fairer per adult aged 18 and over, and children's social care per
child, but no reference file VFM Hub loads counts people by age: the Census files
(`ons_census_population`) give each area's total population only, and the ONS subnational
indicators hold rates, not counts. So per head is the only driver until such a count is loaded;
nothing is offered that the data cannot give."""


def unit_costs(
    measure_code: str,
    year: int,
    *,
    measure: ReferenceMeasure | None = None,
    chain: Lineage | None = None,
    population: dict[str, Decimal] | None = None,
) -> dict[str, Decimal]:
    """Each area's `measure_code` for `year` in £ per head, to the penny: the lineage-joined
    value (£ thousand) × 1000 ÷ the area's population for that year (`population_for`,
    between censuses on a straight line; a county's, the sum of its districts'). Only areas
    with both, and a population above nought; nothing when the measure is not loaded.

    Fire and police bodies, combined authorities and national parks have no population: no
    file loaded says which districts each covers.

    A caller working out several lines' unit costs for the same year may pass what they share,
    read once: the `measure` of `measure_code` already loaded, the `chain` (`lineage()`) and the
    `population` (`population_with_counties(year, chain=chain)`); each is read here when not
    given. The spend itself is one query."""
    if measure is None:
        measure = ReferenceMeasure.objects.filter(code=measure_code).first()
    if measure is None:
        return {}
    chain = chain or lineage()
    if population is None:
        population = population_with_counties(year, chain=chain)
    spend = joined_values(measure, year, chain=chain, population=population)
    return {
        code: (value * THOUSAND / population[code]).quantize(PENNY, rounding=ROUND_HALF_UP)
        for code, value in spend.items()
        if population.get(code, 0) > 0
    }


def population_with_counties(year: int, *, chain: Lineage | None = None) -> dict[str, Decimal]:
    """`population_for`, with each county that has none of its own given the sum of its
    districts' (the census files count districts only), when every district of it has one."""
    population = population_for(year, chain=chain)
    districts: dict[str, list[str]] = {}
    for code, county in ReferenceArea.objects.exclude(county_code="").values_list(
        "gss_code", "county_code"
    ):
        districts.setdefault(county, []).append(code)
    for county, codes in districts.items():
        if county not in population and all(code in population for code in codes):
            population[county] = sum((population[code] for code in codes), Decimal(0))
    return population
