"""The English Indices of Deprivation, local authority district summaries (MHCLG, 2019 and 2025,
via `traffordDataLab/open_data`), read as published: long format, one row per district and domain.

The two releases name their columns and domains differently (`lad19cd` and `year` in 2019;
`area_code`, `area_type` and `deprivation_data_year` in 2025; "Income" in 2019 is "Income
Deprivation" in 2025). Each domain is found by the name either release gives it; a domain neither
gives refuses the file at its row and column."""

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
from vfmhub.lib.tabular import SourceRow, heading_key

PUBLISHER = "Ministry of Housing, Communities and Local Government"
URL = "https://www.gov.uk/government/collections/english-indices-of-deprivation"
# slug: (title, the names the 2019 and 2025 releases give the domain)
DOMAINS: dict[str, tuple[str, tuple[str, ...]]] = {
    "imd": ("Index of Multiple Deprivation", ("Index of Multiple Deprivation",)),
    "income": ("Income", ("Income", "Income Deprivation")),
    "employment": ("Employment", ("Employment", "Employment Deprivation")),
    "education": (
        "Education, Skills and Training",
        ("Education, Skills and Training", "Education, Skills and Training Deprivation"),
    ),
    "health": (
        "Health Deprivation and Disability",
        ("Health and Disability", "Health Deprivation and Disability"),
    ),
    "crime": ("Crime", ("Crime",)),
    "housing": ("Barriers to Housing and Services", ("Barriers to Housing and Services",)),
    "living": ("Living Environment", ("Living Environment", "Living Environment Deprivation")),
    "idaci": (
        "Income Deprivation Affecting Children Index",
        ("Income Deprivation Affecting Children", "Income Deprivation Affecting Children Index"),
    ),
    "idaopi": (
        "Income Deprivation Affecting Older People Index",
        (
            "Income Deprivation Affecting Older People",
            "Income Deprivation Affecting Older People Index",
        ),
    ),
}
DOMAIN_BY_NAME = {heading_key(name): slug for slug, (_, names) in DOMAINS.items() for name in names}
# statistic: (column, title, unit, description)
STATISTICS: dict[str, tuple[str, str, str, str]] = {
    "average_score": (
        "average_score",
        "average score",
        "score",
        "The population-weighted average of the district's neighbourhoods' (LSOAs') scores on "
        "the domain: higher is more deprived.",
    ),
    "average_rank": (
        "average_rank",
        "average rank",
        "rank",
        "The population-weighted average of the district's neighbourhoods' (LSOAs') ranks on the "
        "domain, where 1 is the most deprived neighbourhood in England.",
    ),
    "bottom_decile": (
        "proportion_bottom_decile",
        "proportion of neighbourhoods in the most deprived 10%",
        "proportion",
        "The share (0 to 1) of the district's neighbourhoods (LSOAs) among the most deprived 10% "
        "in England on the domain.",
    ),
}
CODE_COLUMNS = ("lad19cd", "area_code")
NAME_COLUMNS = ("lad19nm", "area_name")
YEAR_COLUMNS = ("year", "deprivation_data_year")
RANKS = "a rank of the column before it, worked out again when needed"
IGNORED = {
    "rank_average_rank": RANKS,
    "rank_average_score": RANKS,
    "rank_proportion_bottom_decile": RANKS,
    "area_type": "the kind of area: every row is a local authority district",
}
UNKNOWN_DOMAIN = "{value!r} is not a domain of the Indices of Deprivation."
NOT_A_YEAR = "{value!r} is not a year of the Indices of Deprivation."
YEARS_DIFFER = "The year is {value!r} but the file's first row says {year}."
NO_NAME = "The area has no name."
NOT_A_DISTRICT = "{value!r} is not a local authority district: only districts' summaries are read."


def imd_measures() -> list[MeasureRow]:
    return [
        MeasureRow(
            code=f"imd.{slug}.{statistic}",
            title=f"{title}: {label}",
            group="Deprivation",
            unit=unit,
            aggregation=Aggregation.POPULATION_MEAN,
            description=f"English Indices of Deprivation, {title}. {about}",
        )
        for slug, (title, _) in DOMAINS.items()
        for statistic, (_, label, unit, about) in STATISTICS.items()
    ]


def imd_read(path: Path) -> ReferenceFile:
    """Every English district's score, rank and share of neighbourhoods in the most deprived
    tenth on each domain, for the year the file's year column gives."""
    data = ReferenceFile(
        kind=SourceKind.IMD,
        title="English Indices of Deprivation",
        publisher=PUBLISHER,
        file_name=path.name,
        sha256=file_sha256(path),
        url=URL,
        measures=imd_measures(),
    )
    try:
        table = _table(path)
    except ReadRefused as exc:
        data.refused.append(exc.issue)
        return data
    columns = _columns(table)
    data.columns_used = [table.headings[i] for i in columns.values()]
    data.columns_ignored = {h: IGNORED[h] for h in table.headings if h in IGNORED}
    data.refused += unknown_columns(table, {*data.columns_used, *IGNORED})
    seen: dict[tuple[str, str], int] = {}
    for row in table.rows:
        data.rows_read += 1
        _row_read(table, columns, row, data, seen)
    if data.year:
        data.title = f"English Indices of Deprivation {data.year}"
    return data


def _table(path: Path) -> Table:
    statistics = tuple(column for column, *_ in STATISTICS.values())
    try:
        return csv_table(path, ("lad19cd", "index_domain", "year", *statistics))
    except ReadRefused:
        return csv_table(path, ("area_code", "index_domain", "deprivation_data_year", *statistics))


def _columns(table: Table) -> dict[str, int]:
    found: dict[str, int] = {}
    for role, names in (("code", CODE_COLUMNS), ("name", NAME_COLUMNS), ("year", YEAR_COLUMNS)):
        for name in names:
            index = table.index(name)
            if index is not None and role not in found:
                found[role] = index
    for heading in ("index_domain", "area_type", *(column for column, *_ in STATISTICS.values())):
        index = table.index(heading)
        if index is not None:
            found[heading] = index
    return found


def _row_read(
    table: Table,
    columns: dict[str, int],
    row: SourceRow,
    data: ReferenceFile,
    seen: dict[tuple[str, str], int],
) -> None:
    code = english_code(table, row, columns["code"], data)
    if code is None:
        return
    issues: list[ImportIssue] = []
    year = _year(table, columns, row, data, issues)
    domain_text = row.cell(columns.get("index_domain"))
    slug = DOMAIN_BY_NAME.get(heading_key(domain_text))
    if slug is None:
        where = table.where(row, columns["index_domain"])
        issues.append(ImportIssue(where, UNKNOWN_DOMAIN.format(value=domain_text)))
    values: dict[str, Decimal] = {}
    for statistic, (heading, *_) in STATISTICS.items():
        column = columns.get(heading)
        if column is None:
            continue  # csv_table would not have found a header without it: see unknown_columns
        try:
            values[statistic] = decimal_of(row.cell(column))
        except ValueError as exc:
            issues.append(ImportIssue(table.where(row, column), str(exc)))
    kind = row.cell(columns.get("area_type"))
    if "area_type" in columns and not kind.lower().startswith("local authority district"):
        where = table.where(row, columns["area_type"])
        issues.append(ImportIssue(where, NOT_A_DISTRICT.format(value=kind)))
    name = row.cell(columns.get("name"))
    if not name and "name" in columns:
        issues.append(ImportIssue(table.where(row, columns["name"]), NO_NAME))
    if slug and (code, slug) in seen:
        what = f"{code}, {domain_text}"
        first = seen[(code, slug)]
        issues.append(
            ImportIssue(table.where(row, columns["code"]), REPEATED.format(what=what, first=first))
        )
    if issues or year is None or slug is None:
        data.refused += issues
        return
    seen[(code, slug)] = row.number
    data.rows_used += 1
    data.areas.append(AreaRow(gss_code=code, name=name, area_class=area_class_of(code)))
    data.values += [
        ValueRow(f"imd.{slug}.{statistic}", code, year, value)
        for statistic, value in values.items()
    ]


def _year(
    table: Table,
    columns: dict[str, int],
    row: SourceRow,
    data: ReferenceFile,
    issues: list[ImportIssue],
) -> int | None:
    text = row.cell(columns["year"])
    where = table.where(row, columns["year"])
    if not (text.isdigit() and 2000 <= int(text) <= 2100):
        issues.append(ImportIssue(where, NOT_A_YEAR.format(value=text)))
        return None
    if data.year is None:
        data.year = int(text)
    elif data.year != int(text):
        issues.append(ImportIssue(where, YEARS_DIFFER.format(value=text, year=data.year)))
        return None
    return data.year
