"""Generator step: national-scale indicator data (region and national scales only).

Sixty indicators of a national set (`DEMO-01`–`DEMO-60`, quarterly, owner none) with ten years of
quarterly values for every body up to the last quarter ended (all approved but the last
quarter's, provisional), targets for the last three years, and a commentary on the latest
quarter of a few. About 400 bodies x 60 x 40 quarters is close to a million values: they are
written body by body (memory stays bounded) with `values.insert_rows`: bulk_create's INSERT in
batches without a model instance per row (COPY on PostgreSQL), about ten times faster than
bulk_create (a national generate spends about 25 s here). A body that already has its values is
skipped whole: a second run reads one list of ids and writes nothing.
"""

import random
from dataclasses import dataclass
from functools import partial

from vfmhub.demo.generator import DemoContext, demo_step
from vfmhub.lib import clock
from vfmhub.performance.calculations import Frequency, Period
from vfmhub.performance.demo.content import Spec, national_specs
from vfmhub.performance.demo.indicators import write_indicators
from vfmhub.performance.demo.plan_content import BEING_DONE, HAPPENED
from vfmhub.performance.demo.values import (
    decimal,
    draw,
    entered_at,
    insert_rows,
    periods,
    prepared,
    reporting_quarter,
    status_of,
    target_level,
)
from vfmhub.performance.models import Commentary, Indicator, IndicatorValue, Target

YEARS = 10
TARGET_YEARS = 3
COMMENTED_SHARE = 0.05  # of a body's indicators: a note on the last quarter
SOURCE = "National data collection (demo)"
QUARTER = Frequency.QUARTER.value


@demo_step(
    order=750,
    label="National indicator set",
    models=(Indicator, IndicatorValue, Target, Commentary),
)
def national_indicators(ctx: DemoContext) -> None:
    if ctx.scale.name == "demo":
        return
    specs = national_specs()
    indicators = write_indicators(specs, owner=None, source=SOURCE)
    ids = [indicators[spec.code].pk for spec in specs]
    done = set(
        IndicatorValue.objects.filter(indicator_id=ids[-1])
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    when = Calendar.to(reporting_quarter())
    for organisation in sorted(ctx.organisations.values(), key=lambda o: o.gss_code or ""):
        if organisation.pk in done:
            continue
        rng = ctx.rng(f"performance-national:{organisation.gss_code or organisation.name}")
        _write_body(organisation.pk, specs, indicators, when, rng)


VALUE_NAMES = (
    "indicator_id",
    "organisation_id",
    "frequency",
    "year",
    "period_index",
    "value",
    "numerator",
    "denominator",
    "status",
    "entered_at",
)
TARGET_NAMES = ("indicator_id", "organisation_id", "frequency", "year", "period_index", "value")


def value_constants() -> dict[str, object]:
    return {
        "area_code": "",
        "area_name": "",
        "quality_note": "",
        "version": 1,
        "is_current": True,
        "reason": "",
        "source": SOURCE,
        "entered_by_id": None,
    }


def target_constants() -> dict[str, object]:
    return {"source": "entered", "note": "", "set_by_id": None, "updated_at": clock.now()}


@dataclass(frozen=True)
class Calendar:
    """The quarters every body's values and targets cover, worked out once for the run."""

    last: Period
    first_year: int
    values: list[tuple[Period, str, object]]  # the quarter, its status, its entered_at stamp
    targets: list[Period]

    @classmethod
    def to(cls, last: Period) -> "Calendar":
        first_year = last.year - YEARS + 1
        quarters = periods(Frequency.QUARTER, first_year, last)
        stamp = partial(prepared, IndicatorValue, "entered_at")
        year_end = Period(Frequency.YEAR, last.year, 1)
        return cls(
            last=last,
            first_year=first_year,
            values=[(q, status_of(q, last), stamp(entered_at(q))) for q in quarters],
            targets=periods(Frequency.QUARTER, last.year - TARGET_YEARS + 1, year_end),
        )


def _write_body(organisation_id: int, specs: list[Spec], indicators: dict, when: Calendar, rng):
    """One body's targets, a few commentaries and its values (last: they mark the body done)."""
    targets, values = [], []
    notes: list[Commentary] = []
    for spec in specs:
        indicator_id = indicators[spec.code].pk
        tilt = rng.gauss(0.01, 0.05)
        for period, status, stamp in when.values:
            drawn = draw(spec, period, when.first_year, rng, tilt)
            key = (indicator_id, organisation_id, QUARTER, period.year, period.index)
            values.append((*key, *drawn, status, stamp))
        for period in when.targets:
            level = decimal(target_level(spec, period, when.first_year), spec.places)
            targets.append(
                (indicator_id, organisation_id, QUARTER, period.year, period.index, level)
            )
        if rng.random() < COMMENTED_SHARE:
            ids = {"indicator_id": indicator_id, "organisation_id": organisation_id}
            notes.append(_note(ids, when.last, rng))
    insert_rows(Target, TARGET_NAMES, targets, constants=target_constants())
    Commentary.objects.bulk_create(notes)
    insert_rows(IndicatorValue, VALUE_NAMES, values, constants=value_constants())


def _note(ids: dict, last: Period, rng: random.Random) -> Commentary:
    band = rng.choice(("red", "red", "amber"))
    return Commentary(
        **ids,
        frequency=Frequency.QUARTER.value,
        year=last.year,
        period_index=last.index,
        what_happened=rng.choice(HAPPENED[band]),
        what_is_being_done=rng.choice(BEING_DONE[band]),
        written_at=entered_at(last),
    )
