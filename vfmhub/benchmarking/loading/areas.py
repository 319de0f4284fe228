"""Local authority districts (December 2021) with their centroids and areas (ONS Open Geography
Portal, `Local_Authority_Districts_2021.csv`), read as published: UTF-8 with a byte order mark,
one row per district of the United Kingdom."""

from decimal import Decimal
from pathlib import Path

from vfmhub.benchmarking.loading.common import (
    REPEATED,
    ReadRefused,
    Table,
    csv_table,
    decimal_of,
    english_code,
    file_sha256,
    unknown_columns,
)
from vfmhub.benchmarking.loading.types import AreaRow, MeasureRow, ReferenceFile, ValueRow
from vfmhub.benchmarking.models import Aggregation, SourceKind, area_class_of
from vfmhub.core.importing import ImportIssue
from vfmhub.lib.tabular import SourceRow

TITLE = "Local authority districts (December 2021): area and centroids"
PUBLISHER = "Office for National Statistics"
URL = "https://geoportal.statistics.gov.uk/"
YEAR = 2021
SQUARE_METRES_PER_HECTARE = Decimal(10_000)
USED = ("LAD21CD", "LAD21NM", "LAT", "LONG", "Shape__Area")
IGNORED = {
    "OBJECTID": "the publisher's row number",
    "LAD21NMW": "the Welsh name: Welsh districts are left out",
    "BNG_E": "the centroid on the British National Grid: LONG and LAT give it",
    "BNG_N": "the centroid on the British National Grid: LONG and LAT give it",
    "Shape__Length": "the length of the boundary: no measure uses it",
}
EMPTY_NAME = "The district has no name."
OUT_OF_RANGE = "{value!r} is not a possible latitude, longitude or area."
HECTARES = MeasureRow(
    code="hectares",
    title="Area (hectares)",
    group="Area",
    unit="hectares",
    aggregation=Aggregation.SUM,
    description=(
        "The district's area in hectares: Shape__Area (square metres of the generalised boundary "
        "ONS publishes with the December 2021 districts) divided by 10,000. The generalised "
        "boundary is clipped to the coastline, so coastal districts are a little smaller than "
        "their full extent to mean low water."
    ),
)


def lad_areas_read(path: Path) -> ReferenceFile:
    """Every English district's name, class, centroid and area; Scottish, Welsh and Northern
    Irish districts left out (counted, with the reason)."""
    data = ReferenceFile(
        kind=SourceKind.LAD_AREAS,
        title=TITLE,
        publisher=PUBLISHER,
        file_name=path.name,
        sha256=file_sha256(path),
        url=URL,
        year=YEAR,
        measures=[HECTARES],
        columns_used=list(USED),
        columns_ignored=dict(IGNORED),
    )
    try:
        table = csv_table(path, USED)
    except ReadRefused as exc:
        data.refused.append(exc.issue)
        return data
    data.refused += unknown_columns(table, {*USED, *IGNORED})
    seen: dict[str, int] = {}
    for row in table.rows:
        data.rows_read += 1
        _row_read(table, row, data, seen)
    return data


def _row_read(table: Table, row: SourceRow, data: ReferenceFile, seen: dict[str, int]) -> None:
    columns = {h: table.index(h) for h in USED}
    code = english_code(table, row, columns["LAD21CD"] or 0, data)
    if code is None:
        return
    issues: list[ImportIssue] = []
    numbers: dict[str, Decimal] = {}
    for heading in ("LAT", "LONG", "Shape__Area"):
        column = columns[heading]
        assert column is not None  # csv_table found every USED column
        try:
            numbers[heading] = decimal_of(row.cell(column))
        except ValueError as exc:
            issues.append(ImportIssue(table.where(row, column), str(exc)))
    for heading, most in (("LAT", 90), ("LONG", 180), ("Shape__Area", None)):
        value = numbers.get(heading)
        low = -most if most else 0
        if value is not None and (value < low or (most and value > most)):
            where = table.where(row, columns[heading] or 0)
            issues.append(ImportIssue(where, OUT_OF_RANGE.format(value=row.cell(columns[heading]))))
    name = row.cell(columns["LAD21NM"])
    if not name:
        issues.append(ImportIssue(table.where(row, columns["LAD21NM"] or 0), EMPTY_NAME))
    if code in seen:
        where = table.where(row, columns["LAD21CD"] or 0)
        issues.append(ImportIssue(where, REPEATED.format(what=code, first=seen[code])))
    if issues:
        data.refused += issues
        return
    seen[code] = row.number
    hectares = numbers["Shape__Area"] / SQUARE_METRES_PER_HECTARE
    data.rows_used += 1
    data.areas.append(
        AreaRow(
            gss_code=code,
            name=name,
            area_class=area_class_of(code),
            hectares=hectares.quantize(Decimal("0.01")),
            latitude=numbers["LAT"].quantize(Decimal("0.00001")),
            longitude=numbers["LONG"].quantize(Decimal("0.00001")),
        )
    )
    data.values.append(ValueRow(HECTARES.code, code, YEAR, hectares))
