"""The place view: every body covering an area (a county, its districts, the fire authority)
with their revenue spend together, per head, by service: the "place" total.

A place is a county's area or a single-tier council's. A shire district's place is its county's
(`ReferenceArea.county_code` links them). The fire and rescue authorities are found from
`reference/fire_areas.yaml`, shipped with VFM Hub: no file loaded links a fire authority (E31) to
the areas it serves, so the list was written by hand from the authorities' names in MHCLG's
2017-18 revenue outturn. An area that was reorganised after 2017-18 finds its fire authority
through its predecessors (Dorset's unitary through the old Dorset county).

Figures are each body's net current expenditure by service line as its outturn file gave it (£
thousand) for the year, not joined through the lineage: the place is the bodies as they were
that year. The place's population is the county's (the sum of its districts', as
`unit_costs.population_with_counties` gives it) or the single-tier council's.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import yaml
from django.db.models import Q

from vfmhub.benchmarking.loading.outturn import SERVICE_LINES
from vfmhub.benchmarking.models import AreaClass, ReferenceArea, ReferenceValue, area_class_of
from vfmhub.benchmarking.selectors.unit_costs import population_with_counties
from vfmhub.benchmarking.selectors.values import lineage

FIRE_AREAS = Path(__file__).resolve().parent.parent / "reference" / "fire_areas.yaml"
THOUSAND = Decimal(1000)
PENNY = Decimal("0.01")
TOTAL_LINE = "outturn.total_service"
COUNTY, DISTRICT, SINGLE_TIER, FIRE = "county", "district", "single_tier", "fire"
ROLE_LABELS = {
    COUNTY: "County council",
    DISTRICT: "District council",
    SINGLE_TIER: "Single-tier council",
    FIRE: "Fire and rescue authority",
}
PLACE_CLASSES = (AreaClass.COUNTY, AreaClass.SINGLE_TIER, AreaClass.LONDON)


@dataclass(frozen=True)
class FireAuthority:
    code: str
    name: str
    kind: str
    areas: tuple[str, ...]


@cache
def fire_authorities() -> dict[str, FireAuthority]:
    """The shipped mapping of fire and rescue authorities to the areas they cover."""
    with FIRE_AREAS.open(encoding="utf-8") as handle:
        found = yaml.safe_load(handle)["fire_authorities"]
    return {
        code: FireAuthority(code, entry["name"], entry["kind"], tuple(entry["areas"]))
        for code, entry in found.items()
    }


def fire_covering(area_code: str, predecessors: tuple[str, ...] = ()) -> list[FireAuthority]:
    """The fire authorities covering `area_code` (or any of its predecessors)."""
    codes = {area_code, *predecessors}
    return [fire for fire in fire_authorities().values() if codes & set(fire.areas)]


@dataclass(frozen=True)
class PlaceBody:
    code: str
    name: str
    role: str

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


@dataclass(frozen=True)
class PlaceLine:
    code: str
    title: str
    amounts: tuple[Decimal | None, ...]
    """Each body's figure (£ thousand) in the order of `Place.bodies`; None: not in its file."""
    total: Decimal | None
    per_head: Decimal | None

    @property
    def is_total(self) -> bool:
        return self.code == TOTAL_LINE


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    year: int | None
    years: list[int]
    bodies: list[PlaceBody]
    lines: list[PlaceLine]
    population: Decimal | None
    without_figures: list[PlaceBody]

    @property
    def total(self) -> PlaceLine | None:
        return next((line for line in self.lines if line.is_total), None)


def place_code_for(code: str, area: ReferenceArea | None) -> str | None:
    """The place a body belongs to: its county's for a district, its own for a county or a
    single-tier council (or London borough), none for anything else."""
    area_class = area.area_class if area is not None else area_class_of(code)
    if area_class == AreaClass.DISTRICT:
        return (area.county_code if area is not None else "") or None
    if area_class in PLACE_CLASSES:
        return code
    return None


def place_area(code: str) -> ReferenceArea | None:
    """The area of a place (a county, or a single-tier council's own area), by its GSS code."""
    return ReferenceArea.objects.filter(gss_code=code, area_class__in=PLACE_CLASSES).first()


def _year_span(year: int) -> Q:
    start, end = datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)
    return (Q(active_to__isnull=True) | Q(active_to__gte=start)) & (
        Q(active_from__isnull=True) | Q(active_from__lte=end)
    )


def place_bodies(place: ReferenceArea, year: int | None) -> list[PlaceBody]:
    """The county and its districts in existence in `year` (or the single-tier council), then
    the fire authorities covering the area (two queries)."""
    if place.area_class == AreaClass.COUNTY:
        bodies = [PlaceBody(place.gss_code, place.name, COUNTY)]
        districts = ReferenceArea.objects.filter(county_code=place.gss_code)
        if year is not None:
            districts = districts.filter(_year_span(year))
        bodies += [PlaceBody(d.gss_code, d.name, DISTRICT) for d in districts.order_by("name")]
    else:
        bodies = [PlaceBody(place.gss_code, place.name, SINGLE_TIER)]
    chain = lineage()
    predecessors = tuple(link.predecessor for link in chain.predecessors.get(place.gss_code, ()))
    bodies += [
        PlaceBody(fire.code, fire.name, FIRE)
        for fire in fire_covering(place.gss_code, predecessors)
    ]
    return bodies


def place_years(codes: list[str]) -> list[int]:
    """The years with a total service line for any of the bodies, latest first (one query)."""
    return sorted(
        set(
            ReferenceValue.objects.filter(measure__code=TOTAL_LINE, gss_code__in=codes)
            .order_by()
            .values_list("year", flat=True)
            .distinct()
        ),
        reverse=True,
    )


def _tidy(value: Decimal) -> Decimal:
    """Without the stored trailing zeros (20.000000 is 20), never in exponent form."""
    return Decimal(f"{value.normalize():f}")


def _per_head(total: Decimal | None, population: Decimal | None) -> Decimal | None:
    if total is None or not population:
        return None
    return (total * THOUSAND / population).quantize(PENNY, rounding=ROUND_HALF_UP)


def place_view(place: ReferenceArea, year: int | None = None) -> Place:
    """The place's bodies and their spend by service line for `year` (default: the latest year
    any of them has), with the place total and per head. `year` outside the years with figures
    gives no lines."""
    bodies = place_bodies(place, year)
    codes = [b.code for b in bodies]
    years = place_years(codes)
    if year is None:
        year = years[0] if years else None
        if year is not None:  # the districts of the year chosen
            bodies = place_bodies(place, year)
            codes = [b.code for b in bodies]
    figures: dict[tuple[str, str], Decimal] = {}
    if year is not None and year in years:
        for measure, code, value in ReferenceValue.objects.filter(
            measure__code__in=[line.code for line in SERVICE_LINES], year=year, gss_code__in=codes
        ).values_list("measure__code", "gss_code", "value"):
            figures[(measure, code)] = _tidy(value)
    population = (
        population_with_counties(year).get(place.gss_code) if figures and year is not None else None
    )
    population = _tidy(population) if population is not None else None
    lines = []
    for line in SERVICE_LINES:
        amounts = tuple(figures.get((line.code, code)) for code in codes)
        present = [a for a in amounts if a is not None]
        if not present:
            continue
        total = sum(present, Decimal(0))
        lines.append(PlaceLine(line.code, line.title, amounts, total, _per_head(total, population)))
    with_figures = {code for _, code in figures}
    return Place(
        code=place.gss_code,
        name=place.name,
        year=year,
        years=years,
        bodies=bodies,
        lines=lines,
        population=population,
        without_figures=[b for b in bodies if b.code not in with_figures] if figures else [],
    )


def place_table(place: Place) -> tuple[list[str], list[list]]:
    """The place as a download: a row per service line, a column per body, the total and per
    head."""
    headers = [
        "Service line",
        *(f"{b.name} ({b.code}), £ thousand" for b in place.bodies),
        "Place total, £ thousand",
        "Place total, £ per head",
    ]
    rows = [
        [line.title, *line.amounts, line.total, line.per_head if line.per_head is not None else ""]
        for line in place.lines
    ]
    return headers, [[("" if cell is None else cell) for cell in row] for row in rows]
