"""Timing the values import at scale, for `make bench`: a long CSV of `rows` values built in
memory for given indicators and organisations (and two comparator areas), imported, timed.

    seconds, result = values_import_seconds(indicators, organisations)

Each (area, indicator) gets consecutive months from April 2000 on, so every value is distinct.
"""

import calendar
import io
import time
from collections.abc import Iterator, Sequence

from vfmhub.organisations.models import Organisation
from vfmhub.performance.importing.values.service import values_import
from vfmhub.performance.importing.values.types import ValuesImportResult
from vfmhub.performance.models import Indicator

ROWS = 100_000
COMPARATORS = (("E92000001", "England"), ("E12000001", "North East"))
FIRST_YEAR = 2000
MONTHS = 1200  # April 2000 to March 2100


def _months() -> Iterator[str]:
    for index in range(MONTHS):
        year, month = divmod(index + 3, 12)  # from April
        yield f"{calendar.month_name[month + 1]} {FIRST_YEAR + year}"


def values_bench_file(
    indicators: Sequence[Indicator], organisations: Sequence[Organisation], rows: int = ROWS
) -> bytes:
    """A long CSV of `rows` values: area code and name, indicator code, period, value."""
    areas = [(o.gss_code, o.name) for o in organisations if o.gss_code] + list(COMPARATORS)
    pairs = [(area, indicator.code) for area in areas for indicator in indicators]
    if not pairs or len(pairs) * MONTHS < rows:
        raise ValueError("Too few indicators and organisations for that many distinct values.")
    out = io.StringIO()
    out.write("Area code,Area name,Indicator code,Period,Value\n")
    written = 0
    for period in _months():
        for (code, name), indicator in pairs:
            if written == rows:
                return out.getvalue().encode()
            out.write(f'{code},"{name}",{indicator},{period},{(written * 7919) % 100000 / 100}\n')
            written += 1
    return out.getvalue().encode()


def bench_indicators(count: int) -> list[Indicator]:
    """`count` monthly national indicators for the bench file (made once, found after)."""
    return [
        Indicator.objects.get_or_create(
            owner=None,
            code=f"BENCH{number:02}",
            defaults={
                "title": f"Bench indicator {number}",
                "polarity": "higher",
                "frequency": "month",
                "rollup": "sum",
            },
        )[0]
        for number in range(1, count + 1)
    ]


def values_import_seconds(
    indicators: Sequence[Indicator],
    organisations: Sequence[Organisation],
    rows: int = ROWS,
    *,
    dry_run: bool = False,
) -> tuple[float, ValuesImportResult]:
    """How long importing `values_bench_file` takes (building the file not counted)."""
    content = values_bench_file(indicators, organisations, rows)
    started = time.perf_counter()
    result = values_import(
        acting_user=None, content=content, filename="bench-values.csv", dry_run=dry_run
    )
    return time.perf_counter() - started, result
