"""Generator step: reference areas and figures for every demo body (order 800).

Each council and fire authority of the plan gets a reference area (its class, region, county,
hectares, an invented centre in England) and, under the measure codes the real loaders use, its
census population and growth, hectares, deprivation (2019 and 2025) and eight years of revenue
outturn, all from one demonstration source (`figures.py` draws them). The source is written once
per scale: when it is already held, the step writes nothing. Generated rows record no history.
"""

import dataclasses
import hashlib
from collections.abc import Iterator
from decimal import Decimal

from vfmhub.benchmarking.demo.figures import (
    CENSUS_YEARS,
    DOMAINS,
    IMD_YEARS,
    OUTTURN_YEARS,
    RESERVES,
    SERVICE_LINES,
    TOTALS,
    AreaFigures,
    figures_for,
    outturn_of,
)
from vfmhub.benchmarking.loading.areas import HECTARES
from vfmhub.benchmarking.loading.census import POPULATION, POPULATION_GROWTH
from vfmhub.benchmarking.loading.imd import imd_measures
from vfmhub.benchmarking.loading.outturn import GROUP as OUTTURN_GROUP
from vfmhub.benchmarking.loading.outturn import LINES as OUTTURN_LINES
from vfmhub.benchmarking.loading.outturn import UNIT as OUTTURN_UNIT
from vfmhub.benchmarking.loading.types import MeasureRow
from vfmhub.benchmarking.models import (
    ReferenceArea,
    ReferenceMeasure,
    ReferenceSource,
    ReferenceValue,
    SourceKind,
    area_class_of,
)
from vfmhub.demo.generator import BATCH_SIZE, DemoContext, demo_step
from vfmhub.lib import clock
from vfmhub.lib.years import financial_year_of

SOURCE_TITLE = "Invented figures for the demonstration"
SOURCE_PUBLISHER = "VFM Hub demonstration"
IMD_STATISTICS = ("average_score", "bottom_decile")
OUTTURN_CODES = [*(line.code for line in SERVICE_LINES), *TOTALS, *RESERVES]
VALUES_BATCH = 5000


def source_fingerprint(scale: str) -> str:
    """The demo source's sha256: of a fixed text per scale, so a second run finds it."""
    return hashlib.sha256(f"VFM Hub demonstration reference figures: {scale}".encode()).hexdigest()


def outturn_years() -> list[int]:
    """The last eight financial years up to the one before the current year (by the clock)."""
    current = financial_year_of(clock.today())
    return list(range(current - OUTTURN_YEARS, current))


def measures() -> list[ReferenceMeasure]:
    """The measures the demo writes, defined exactly as the real loaders define them."""
    rows = [POPULATION, POPULATION_GROWTH, HECTARES]
    written = {f"imd.{d.slug}.{statistic}" for d in DOMAINS for statistic in IMD_STATISTICS}
    rows += [row for row in imd_measures() if row.code in written]
    lines = {f"outturn.{code}" for code in OUTTURN_CODES}
    rows += [
        MeasureRow(
            code=line.code,
            title=line.title,
            group=OUTTURN_GROUP,
            unit=OUTTURN_UNIT,
            is_spend=line.is_spend,
            description=line.description or "A line of MHCLG's revenue outturn summary.",
        )
        for line in OUTTURN_LINES
        if line.code in lines
    ]
    return [ReferenceMeasure(**dataclasses.asdict(row)) for row in rows]


@demo_step(
    order=800,
    label="Benchmarking reference figures",
    models=(ReferenceArea, ReferenceMeasure, ReferenceSource, ReferenceValue),
)
def reference_figures(ctx: DemoContext) -> None:
    fingerprint = source_fingerprint(ctx.scale.name)
    if ReferenceSource.objects.filter(kind=SourceKind.DEMO, sha256=fingerprint).exists():
        return
    figures = figures_for(ctx.plan, ctx.rng("benchmarking-reference"))
    wanted = measures()
    held = set(ReferenceMeasure.objects.values_list("code", flat=True))
    ReferenceMeasure.objects.bulk_create([m for m in wanted if m.code not in held])
    ids = dict(ReferenceMeasure.objects.values_list("code", "pk"))
    years = outturn_years()
    source = ReferenceSource.objects.create(
        kind=SourceKind.DEMO,
        title=SOURCE_TITLE,
        publisher=SOURCE_PUBLISHER,
        file_name=f"demo-{ctx.scale.name}",
        sha256=fingerprint,
        summary={
            "areas": len(figures),
            "measures": len(wanted),
            "years": sorted({*CENSUS_YEARS, *IMD_YEARS, *years}),
        },
    )
    _areas_write(figures)
    batch: list[ReferenceValue] = []
    for code, measure_code, year, value in _values(figures, years, ctx):
        batch.append(
            ReferenceValue(
                measure_id=ids[measure_code], gss_code=code, year=year, value=value, source=source
            )
        )
        if len(batch) >= VALUES_BATCH:
            ReferenceValue.objects.bulk_create(batch, batch_size=BATCH_SIZE)
            batch = []
    ReferenceValue.objects.bulk_create(batch, batch_size=BATCH_SIZE)


def _areas_write(figures: dict[str, AreaFigures]) -> None:
    held = set(ReferenceArea.objects.filter(gss_code__in=list(figures)).values_list("gss_code"))
    ReferenceArea.objects.bulk_create(
        [
            ReferenceArea(
                gss_code=code,
                name=f.body.name,
                area_class=area_class_of(code),
                region_code=f.body.region_code,
                county_code=f.body.parent_gss or "",
                hectares=_places(f.hectares, 2),
                latitude=_places(f.latitude, 5),
                longitude=_places(f.longitude, 5),
                active_from=f.body.active_from,
            )
            for code, f in figures.items()
            if (code,) not in held
        ],
        batch_size=BATCH_SIZE,
    )


def _values(
    figures: dict[str, AreaFigures], years: list[int], ctx: DemoContext
) -> Iterator[tuple[str, str, int, Decimal]]:
    """(GSS code, measure code, year, value) of every figure, body by body."""
    for code, f in figures.items():
        for year in CENSUS_YEARS:
            yield code, "population", year, Decimal(f.population[year])
        yield code, "population_growth", CENSUS_YEARS[-1], _places(f.growth, 3)
        yield code, "hectares", CENSUS_YEARS[-1], _places(f.hectares, 2)
        for year in IMD_YEARS:
            for domain in DOMAINS:
                score, bottom = f.scores[year][domain.slug]
                stem = f"imd.{domain.slug}"
                yield code, f"{stem}.average_score", year, _places(score, domain.places)
                yield code, f"{stem}.bottom_decile", year, _places(bottom, 3)
        lines = outturn_of(f, years, ctx.rng(f"benchmarking-outturn:{code}"))
        for line, by_year in lines.items():
            for year, value in by_year.items():
                yield code, f"outturn.{line}", year, _places(value, 0)


def _places(number: float, places: int) -> Decimal:
    return Decimal(f"{number:.{places}f}")
