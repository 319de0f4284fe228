"""Census 2011 and 2021 population by district (ONS, `census-population-scrolly`): two JS modules
holding JSON arrays, read as published.

`growth.js`: one record per district (2021 geography) with its population in 2011 (`TOTAL_11`) and
2021 (`TOTAL_21`, text with thousands commas, rounded to the hundred as ONS publishes Census 2021),
the percentage growth, the upper-tier area and the region. `poprank.js`: the same districts with
their names and ranks by population."""

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from vfmhub.benchmarking.loading.common import (
    MISSING_FIELD,
    NOT_A_RECORD,
    NOT_GSS,
    NOT_TEXT,
    OUTSIDE_ENGLAND,
    REPEATED,
    ReadRefused,
    decimal_of,
    file_sha256,
    is_english,
    is_gss,
    js_records,
)
from vfmhub.benchmarking.loading.types import AreaRow, MeasureRow, ReferenceFile, ValueRow
from vfmhub.benchmarking.models import Aggregation, AreaClass, SourceKind, area_class_of
from vfmhub.core.importing import ImportIssue, Location

PUBLISHER = "Office for National Statistics"
URL = "https://github.com/ONSvisual/census-population-scrolly"
GROUP = "Population"
POPULATION = MeasureRow(
    code="population",
    title="Population (Census)",
    group=GROUP,
    unit="people",
    aggregation=Aggregation.SUM,
    description=(
        "Usual residents on census day (ONS, Census 2011 and Census 2021), by district in 2021 "
        "boundaries. 2011 is the exact count (TOTAL_11 in growth.js); 2021 is rounded to the "
        "nearest hundred, as ONS published it (TOTAL_21)."
    ),
)
POPULATION_GROWTH = MeasureRow(
    code="population_growth",
    title="Population growth, 2011 to 2021 (Census)",
    group=GROUP,
    unit="%",
    aggregation=Aggregation.POPULATION_MEAN,
    description=(
        "The percentage change in usual residents from Census 2011 to Census 2021, as ONS "
        "published it (GROWTH in growth.js), kept against 2021. ONS computed it from the unrounded "
        "2021 count, so it does not always equal the change between the rounded totals the same "
        "file gives (Hartlepool: 0.30% published)."
    ),
)
GROWTH_FIELDS = ("LAD17CD", "GROWTH", "TOTAL_11", "TOTAL_21", "UTLA", "REGION")
GROWTH_IGNORED = {
    "TOTAL11": "the 2011 population rounded to the hundred: TOTAL_11 gives it exactly",
    "CHANGE_21": "TOTAL_21 less TOTAL_11: worked out again when needed",
}
RANK_FIELDS = ("LAD", "NAME")
RANK_IGNORED = {
    "COUNTY": "the county's name: growth.js gives the upper-tier area by code",
    "REGION": "the region's name: growth.js gives the region by code",
    "POP11": "the same figures as TOTAL_11 in growth.js",
    "POP21": "the same figures as TOTAL_21 in growth.js",
    "POP_RANK_11": "a rank of POP11, worked out again when needed",
    "POP_RANK_21": "a rank of POP21, worked out again when needed",
}


def census_growth_read(path: Path) -> ReferenceFile:
    """Every English district's population in 2011 and 2021 and its growth. Welsh districts
    are left out (counted, with the reason)."""
    data = _empty(path, SourceKind.CENSUS_GROWTH, "Census 2011 and 2021 population and growth")
    data.measures = [POPULATION, POPULATION_GROWTH]
    seen: dict[str, int] = {}
    for row in _rows(path, data, GROWTH_FIELDS, GROWTH_IGNORED):
        code = row.code("LAD17CD")
        if code is None:
            continue
        if not is_english(code):
            data.ignore(OUTSIDE_ENGLAND)
            continue
        totals = row.number("TOTAL_11"), row.number("TOTAL_21"), row.number("GROWTH")
        upper, region = row.code("UTLA"), row.code("REGION")
        if row.refused or None in (*totals, upper, region) or _repeated(row, code, seen):
            continue
        data.rows_used += 1
        county = upper if area_class_of(code) == AreaClass.DISTRICT and upper != code else ""
        data.areas.append(
            AreaRow(gss_code=code, region_code=region or "", county_code=county or "")
        )
        total_11, total_21, growth = totals
        data.values += [
            ValueRow("population", code, 2011, total_11),  # type: ignore[arg-type]
            ValueRow("population", code, 2021, total_21),  # type: ignore[arg-type]
            ValueRow("population_growth", code, 2021, growth),  # type: ignore[arg-type]
        ]
    return data


def census_rank_read(path: Path) -> ReferenceFile:
    """Every English district's name. The populations repeat growth.js and the ranks are
    worked out again when needed, so both are left out (with the reason)."""
    data = _empty(path, SourceKind.CENSUS_RANK, "Census 2011 and 2021 population ranks")
    seen: dict[str, int] = {}
    for row in _rows(path, data, RANK_FIELDS, RANK_IGNORED):
        code, name = row.code("LAD"), row.text("NAME")
        if code is None or name is None:
            continue
        if not is_english(code):
            data.ignore(OUTSIDE_ENGLAND)
            continue
        if _repeated(row, code, seen):
            continue
        data.rows_used += 1
        data.areas.append(AreaRow(gss_code=code, name=name, area_class=area_class_of(code)))
    return data


def _empty(path: Path, kind: str, title: str) -> ReferenceFile:
    return ReferenceFile(
        kind=kind,
        title=title,
        publisher=PUBLISHER,
        file_name=path.name,
        sha256=file_sha256(path),
        url=URL,
        year=2021,
    )


def _rows(
    path: Path, data: ReferenceFile, used: tuple[str, ...], ignored: dict[str, str]
) -> Iterator["_Record"]:
    """The file's records of known fields, each counted as read on `data`; a record that is not
    one, or has a field neither used nor ignored, is refused there and not given. A file that is
    not a JS array is refused whole and gives none."""
    data.columns_used = list(used)
    data.columns_ignored = dict(ignored)
    try:
        records = js_records(path)
    except ReadRefused as exc:
        data.refused.append(exc.issue)
        return
    known = [*used, *ignored]
    for number, record in enumerate(records, start=1):
        data.rows_read += 1
        row = _Record(number, record, known, data)
        if row.ok:
            yield row


def _repeated(row: "_Record", code: str, seen: dict[str, int]) -> bool:
    if code in seen:
        row.refuse(0, REPEATED.format(what=code, first=seen[code]))
        return True
    seen[code] = row.number_in_file
    return False


class _Record:
    """One record of a JS array: its fields found by name, each problem refused with the
    record's number (its row) and the field's place in the record (its column)."""

    def __init__(self, number: int, record: Any, known: list[str], data: ReferenceFile):
        self.number_in_file = number
        self.data = data
        self.refused = False
        self.record = record if isinstance(record, dict) else {}
        self.names = list(self.record)
        self.ok = isinstance(record, dict)
        if not self.ok:
            self._add(Location(row=number), NOT_A_RECORD)
            return
        for i, name in enumerate(self.names):
            if name not in known:
                self._add(Location(row=number).at_column(i, name), f"{name} is not a known field.")
        self.ok = not self.refused

    def _add(self, where: Location, message: str) -> None:
        self.data.refused.append(ImportIssue(where, message))
        self.refused = True

    def refuse(self, column: int, message: str, name: str = "") -> None:
        self._add(Location(row=self.number_in_file).at_column(column, name), message)

    def _column(self, name: str) -> int | None:
        """The field's place in the record; None, with the record refused, when it has none."""
        if name in self.names:
            return self.names.index(name)
        self._add(Location(row=self.number_in_file), MISSING_FIELD.format(field=name))
        return None

    def code(self, name: str) -> str | None:
        """A GSS code field, upper case."""
        text = self.text(name)
        if text is None:
            return None
        if not is_gss(text.upper()):
            self.refuse(self.names.index(name), NOT_GSS.format(code=text), name)
            return None
        return text.upper()

    def text(self, name: str) -> str | None:
        column = self._column(name)
        if column is None:
            return None
        value = self.record[name]
        if not isinstance(value, str) or not value.strip():
            self.refuse(column, NOT_TEXT.format(value=value), name)
            return None
        return value.strip()

    def number(self, name: str) -> Decimal | None:
        column = self._column(name)
        if column is None:
            return None
        try:
            return decimal_of(self.record[name])
        except ValueError as exc:
            self.refuse(column, str(exc), name)
            return None
