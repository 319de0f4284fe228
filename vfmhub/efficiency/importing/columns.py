"""Which sheet and columns a returns or gains file holds: the sheet whose header fits best, named
columns found by their headings however a council wrote them (`vfmhub.lib.headings`), rating
columns by a year in the heading ("2009/10 rating", "Rating 2010/11", "RAG 2011/12"), and every
other headed column reported unless the user left it out or said which column it is."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from vfmhub.core.importing import unused_column_issues
from vfmhub.efficiency.importing.types import Location, ReturnsDraft
from vfmhub.lib.headings import (
    NO_CHOICES,
    ColumnChoices,
    Expected,
    Header,
    choose_sheet,
    match_headings,
)
from vfmhub.lib.tabular import Sheet, SourceRow
from vfmhub.lib.years import parse_financial_year

RETURNS = Expected(
    headings={
        "body": (
            "Body",
            "Body name",
            "Organisation",
            "Organisation name",
            "Organization",
            "Authority",
            "Council",
            "Partner",
            "GSS code",
            "Name",
        ),
        "returned": ("Returned", "Returned Y/N", "Return received", "Received"),
        "year": ("Year", "Financial year", "Return year"),
        "kind": ("Kind", "Return kind", "Type", "Kind of return"),
        "value": (
            "Cumulative value",
            "Value",
            "NI 179",
            "NI 179 value",
            "Net value",
            "Savings",
            "Cumulative savings",
        ),
        "narrative": ("Narrative", "Comments", "Commentary", "Comment", "Notes"),
    },
    labels={
        "body": "the body",
        "returned": "whether the body returned (Y/N)",
        "year": "the year of the return",
        "kind": "the kind of return",
        "value": "the cumulative value",
        "narrative": "the narrative",
    },
    hints={"body": ["member"], "value": ["gain", "saving", "amount"], "narrative": ["remark"]},
)
RETURN_REQUIRED = ("body",)
GAINS = Expected(
    headings={
        "description": ("Description", "Gain", "Efficiency gain", "Description of gain"),
        "category": ("Category", "Workstream", "Category or workstream"),
        "first_year": ("First year", "First year of impact", "Year", "Year of impact"),
        "gross": ("Gross value", "Gross annual value", "Gross", "Gross saving"),
        "investment": ("Investment", "Investment cost", "Investment costs"),
        "ongoing": ("Ongoing", "Ongoing cost", "Ongoing costs"),
        "cash": ("Cash-releasing", "Cash releasing", "Cashable"),
        "project": ("Project",),
        "evidence": ("Evidence",),
    },
    labels={
        "description": "the description of the gain",
        "category": "the category or workstream",
        "first_year": "the first year of impact",
        "gross": "the gross annual value",
        "investment": "the investment cost",
        "ongoing": "the ongoing cost",
        "cash": "whether it is cash-releasing",
        "project": "the project",
        "evidence": "the evidence",
    },
    hints={"gross": ["value", "saving"], "evidence": ["source"]},
)
GAIN_REQUIRED = ("description", "first_year", "gross")
COLUMN_NAMES = {
    "body": "Body",
    "returned": "Returned",
    "year": "Year",
    "kind": "Kind",
    "value": "Cumulative value",
    "narrative": "Narrative",
    "description": "Description",
    "category": "Category",
    "first_year": "First year",
    "gross": "Gross value",
    "investment": "Investment",
    "ongoing": "Ongoing",
    "cash": "Cash-releasing",
    "project": "Project",
    "evidence": "Evidence",
}
NO_HEADER = "No header row was found: the file needs columns headed {names}."
COLUMN_MISSING = 'The required column "{name}" is missing from the header row.'
NO_FIGURES = (
    'The file needs a "Cumulative value" column or a rating column for each year '
    '(headed like "RAG 2009/10").'
)
NO_YEAR = (
    'The file needs a "Year" column, or rating columns headed with their year '
    '(like "RAG 2009/10"), to tell which year the returns are for.'
)
_THOUSANDS = re.compile(r"£\s*(?:k|'?000s?)(?![a-z0-9])", re.I)
_MILLIONS = re.compile(r"£\s*m(?![a-z])", re.I)
_RATING_HEADING = re.compile(r"\b(rating|rag|forecast)\b", re.I)
_YEAR_IN_HEADING = re.compile(r"(?<!\d)(\d{4}\s*[/-]\s*\d{2,4}|\d{4})(?!\d)")


@dataclass
class Columns:
    header: Header
    named: dict[str, int]
    ratings: dict[int, int] = field(default_factory=dict)  # column -> year rated
    sheet: str = ""

    @property
    def row(self) -> SourceRow:
        return self.header.row

    def at(self, row: SourceRow, name: str) -> tuple[str, Location]:
        """A named column's text in `row`, and where it is."""
        index = self.named.get(name)
        return row.cell(index), self.location(row, index, COLUMN_NAMES.get(name, ""))

    def location(self, row: SourceRow, index: int | None, heading: str = "") -> Location:
        return Location(row.number, row.table, index, heading, sheet=self.sheet)

    def heading(self, index: int) -> str:
        return self.header.row.cell(index)

    def unit(self, name: str) -> Decimal:
        """What one of a money column's figures is worth in pounds: 1000 for a heading in £k
        or £000 ("Gross value £k"), a million for £m, else 1."""
        text = self.header.row.cell(self.named.get(name))
        if _MILLIONS.search(text):
            return Decimal(1_000_000)
        return Decimal(1000) if _THOUSANDS.search(text) else Decimal(1)

    def data_rows(self, rows: list[SourceRow]) -> list[SourceRow]:
        """The rows below the header, leaving out blank ones and headers repeated at page
        breaks."""
        return [
            row
            for row in rows
            if row.number > self.header.end and not row.is_blank and not self.header.is_repeat(row)
        ]


def rating_columns(header: SourceRow, named: dict[str, int]) -> dict[int, int]:
    """Columns whose heading names a rating and a financial year, mapped to that year."""
    found = {}
    for index, text in enumerate(header.cells):
        if index in named.values() or not _RATING_HEADING.search(text):
            continue
        match = _YEAR_IN_HEADING.search(text)
        if match:
            try:
                found[index] = parse_financial_year(re.sub(r"\s+", "", match.group(1)))
            except ValueError:
                continue
    return found


@dataclass(frozen=True)
class Wanted:
    """What an importer looks for: its columns, those it cannot do without, and whether it reads
    a rating column per year."""

    expected: Expected
    required: tuple[str, ...]
    with_ratings: bool = False


RETURNS_WANTED = Wanted(RETURNS, RETURN_REQUIRED, with_ratings=True)
GAINS_WANTED = Wanted(GAINS, GAIN_REQUIRED)


def columns_read(
    sheets: list[Sheet],
    draft: ReturnsDraft,
    wanted: Wanted,
    choices: ColumnChoices = NO_CHOICES,
) -> tuple[Sheet, Columns | None]:
    """The sheet that fits best and its columns. A missing required column, and each headed
    column the import does not read (unless the user left it out), is an error on the draft."""
    sheet, header = choose_sheet(sheets, wanted.expected, required=wanted.required, choices=choices)
    if header is None:
        names = " and ".join(f'"{COLUMN_NAMES[n]}"' for n in wanted.required)
        draft.error(Location(row=0, sheet=sheet.name), NO_HEADER.format(names=names))
        return sheet, None
    if wanted.with_ratings:
        header = with_second_line(header, sheet.rows, wanted.expected)
    where = Location(header.row.number, header.row.table, sheet=sheet.name)
    missing = [n for n in wanted.required if n not in header.columns]
    for name in missing:
        draft.error(where, COLUMN_MISSING.format(name=COLUMN_NAMES[name]))
    ratings = rating_columns(header.row, header.columns) if wanted.with_ratings else {}
    if wanted.with_ratings and not missing:
        missing += _figures_missing(header, ratings, where, draft)
    draft.errors.extend(unused_column_issues(header, choices, also_used=ratings))
    if missing:
        return sheet, None
    return sheet, Columns(header, header.columns, ratings, sheet.name)


def with_second_line(header: Header, rows: list[SourceRow], expected: Expected) -> Header:
    """The header with the row below it joined on, when that row holds the years of the rating
    columns ("RAG" over "2009/10"): a heading over two lines."""
    if header.last_number:
        return header
    below = next((r for r in rows if r.number == header.row.number + 1), None)
    if below is None:
        return header
    width = max(len(header.row.cells), len(below.cells))
    cells = tuple(
        " ".join(part for part in (header.row.cell(i), below.cell(i)) if part) for i in range(width)
    )
    joined = SourceRow(header.row.number, cells, header.row.table)
    if len(rating_columns(joined, {})) <= len(rating_columns(header.row, header.columns)):
        return header
    columns = match_headings(joined, expected)
    return Header(joined, columns, cells, below.number, header.expected, header.sheet)


def _figures_missing(
    header: Header, ratings: dict[int, int], where: Location, draft: ReturnsDraft
) -> list[str]:
    """A returns file needs a value or ratings, and a year column or years in its headings."""
    if "value" not in header.columns and not ratings:
        draft.error(where, NO_FIGURES)
        return ["value"]
    if "year" not in header.columns and not ratings:
        draft.error(where, NO_YEAR)
        return ["year"]
    return []
