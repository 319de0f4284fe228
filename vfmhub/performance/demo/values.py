"""Drawing indicator values and targets, for the demo council's step and the national one.

Dates follow the clock: the data runs up to the last quarter ended (`reporting_quarter`), whose
values are provisional; earlier ones are approved for publication. A target starts at the
shape's level in the first year and improves by its trend each year after; a value sits the
council's `tilt` better (or worse) than its target, with noise.
"""

import datetime
import random
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from itertools import islice
from typing import Any

from django.db import connection
from django.db.models import Field, Model

from vfmhub.demo.generator import BATCH_SIZE
from vfmhub.lib import clock
from vfmhub.performance.calculations import Frequency, Period, Polarity, RollUp, period_of
from vfmhub.performance.demo.content import Spec
from vfmhub.performance.models import IndicatorValue, Target, ValueStatus

VALUE_KEY = ("indicator_id", "organisation_id", "frequency", "year", "period_index", "version")
TARGET_KEY = ("indicator_id", "organisation_id", "frequency", "year", "period_index")
DEMO_SOURCE = "Demo data"
SIGN = {Polarity.HIGHER_IS_BETTER: 1, Polarity.LOWER_IS_BETTER: -1}


def reporting_quarter(today: datetime.date | None = None) -> Period:
    """The last quarter ended by `today` (the clock's): the one being reported on."""
    return period_of(today or clock.today(), Frequency.QUARTER).previous()


def periods(frequency: Frequency, first_year: int, last: Period) -> list[Period]:
    """Every period of `frequency` from the start of `first_year` to the end of `last`."""
    end = last.last_day
    found = []
    for year in range(first_year, last.year + 1):
        for index in range(1, frequency.per_year + 1):
            period = Period(frequency, year, index)
            if period.last_day <= end:
                found.append(period)
    return found


def status_of(period: Period, last: Period) -> str:
    """The last quarter's values are provisional; every earlier one is approved."""
    if period.last_day > last.previous().last_day:
        return ValueStatus.PROVISIONAL
    return ValueStatus.APPROVED


def target_level(spec: Spec, period: Period, base_year: int) -> float:
    shape = spec.shape
    sign = SIGN.get(spec.polarity, 1)
    level = shape.level * (1 + sign * shape.trend) ** (period.year - base_year)
    if shape.cumulative:
        level *= period.index / period.frequency.per_year
    return level


def decimal(number: float, places: int) -> Decimal:
    return Decimal(f"{number:.{places}f}")


def draw(
    spec: Spec, period: Period, base_year: int, rng: random.Random, tilt: float
) -> tuple[Decimal, Decimal | None, Decimal | None]:
    """(value, numerator, denominator) of one period: a ratio's parts drawn, its value made."""
    sign = SIGN.get(spec.polarity) or rng.choice((-1, 1))
    factor = 1 + sign * tilt + rng.gauss(0, spec.shape.noise)
    level = target_level(spec, period, base_year) * factor
    if spec.rollup is not RollUp.RATIO:
        if spec.polarity is not Polarity.NEITHER:
            level = max(level, 0.0)
        return decimal(level, spec.places), None, None
    scale = float(spec.ratio_scale)
    rate = min(max(level, 0.0), scale)
    denominator = max(1, round(spec.shape.denominator * (1 + rng.gauss(0, 0.08))))
    numerator = round(denominator * rate / scale)
    value = numerator / denominator * scale
    return decimal(value, spec.places), Decimal(numerator), Decimal(denominator)


def series(
    spec: Spec, span: tuple[int, Period], rng: random.Random, tilt: float
) -> Iterator[tuple[Period, Decimal, Decimal | None, Decimal | None]]:
    """(period, value, numerator, denominator) for every period from `span`'s first year to its
    last quarter."""
    first_year, last = span
    for period in periods(spec.frequency, first_year, last):
        yield (period, *draw(spec, period, first_year, rng, tilt))


def value_rows(
    spec: Spec,
    *,
    indicator_id: int,
    organisation_id: int,
    span: tuple[int, Period],
    rng: random.Random,
    tilt: float,
    entered_by=None,
) -> Iterator[IndicatorValue]:
    """The current (version 1) values of one indicator and body over `span`, as models."""
    for period, value, numerator, denominator in series(spec, span, rng, tilt):
        yield IndicatorValue(
            indicator_id=indicator_id,
            organisation_id=organisation_id,
            frequency=period.frequency.value,
            year=period.year,
            period_index=period.index,
            value=value,
            numerator=numerator,
            denominator=denominator,
            status=status_of(period, span[1]),
            source=DEMO_SOURCE,
            entered_by=entered_by,
            entered_at=entered_at(period),
        )


def target_rows(
    spec: Spec,
    *,
    indicator_id: int,
    organisation_id: int,
    span: tuple[int, Period],
    base_year: int,
    last_year: int | None = None,
) -> Iterator[Target]:
    """Targets for every period of the years `span` covers (the whole of its last year)."""
    first_year, last = span
    year_end = Period(Frequency.YEAR, last_year or last.year, 1)
    for period in periods(spec.frequency, first_year, year_end):
        yield Target(
            indicator_id=indicator_id,
            organisation_id=organisation_id,
            frequency=period.frequency.value,
            year=period.year,
            period_index=period.index,
            value=decimal(target_level(spec, period, base_year), spec.places),
        )


def entered_at(period: Period) -> datetime.datetime:
    """Three weeks after the period ends, at ten in the morning (UTC)."""
    day = period.last_day + datetime.timedelta(days=21)
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)


def create_scoped(model: type[Model], objects: Iterable[Model], key: Iterable[str], **scope) -> int:
    """`create_missing` reading only the stored keys within `scope` (a filter), so a step adding
    a few rows to a table of millions does not read them all."""
    names = tuple(key)
    manager = model._default_manager
    stored = set(manager.filter(**scope).values_list(*names))
    missing = []
    for obj in objects:
        value = tuple(getattr(obj, name) for name in names)
        if value not in stored:
            stored.add(value)
            missing.append(obj)
    manager.bulk_create(missing, batch_size=BATCH_SIZE)
    return len(missing)


def insert_rows(
    model: type[Model],
    names: Sequence[str],
    rows: Iterable[Sequence],
    *,
    constants: Mapping[str, object] | None = None,
    batch: int = 5000,
) -> int:
    """INSERT `rows` (values of the attnames `names`, ready for the database) and `constants`
    (every other column, prepared once) through the cursor: bulk_create's INSERT in batches
    without a model instance per row (COPY on PostgreSQL), for the national scale's million
    values."""
    meta = model._meta
    fixed: dict[str, Any] = {
        str(_field(model, name).column): prepared(model, name, v)
        for name, v in (constants or {}).items()
    }
    columns = [str(_field(model, name).column) for name in names] + list(fixed)
    quote = connection.ops.quote_name
    # Only the model's own table and column names, quoted, go into the statement; every value
    # is a parameter.
    names_sql = ", ".join(quote(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(str(meta.db_table))} ({names_sql}) VALUES ({marks})"  # noqa: S608
    tail = tuple(fixed.values())
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: several times faster than INSERTs there
            copy = f"COPY {quote(str(meta.db_table))} ({names_sql}) FROM STDIN"
            with cursor.cursor.copy(copy) as stream:
                for row in rows:
                    stream.write_row((*row, *tail))
                    written += 1
            return written
        for chunk in _chunks(rows, batch):
            cursor.executemany(sql, [(*row, *tail) for row in chunk])
            written += len(chunk)
    return written


def prepared(model: type[Model], name: str, value: object) -> Any:
    """A value as the database takes it (a datetime for SQLite, say), for `insert_rows`."""
    return _field(model, name).get_db_prep_save(value, connection)


def _field(model: type[Model], name: str) -> Field:
    field = model._meta.get_field(name)
    assert isinstance(field, Field)  # a concrete column, never a reverse relation
    return field


def _chunks(rows: Iterable[Sequence], size: int) -> Iterator[list[Sequence]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk
