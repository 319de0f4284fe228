"""Which column is which in a returns or gains file: named columns found by their headings, and
rating columns by a year in the heading ("2009/10 rating", "Rating 2010/11", "RAG 2011/12")."""

import re
from dataclasses import dataclass, field

from vfmhub.efficiency.importing.types import Location, ReturnsDraft
from vfmhub.lib.tabular import SourceRow, find_header
from vfmhub.lib.years import parse_financial_year

RETURN_HEADINGS: dict[str, tuple[str, ...]] = {
    "body": ("Body", "Organisation", "Organization", "Authority", "Council", "GSS code", "Name"),
    "year": ("Year", "Financial year", "Return year"),
    "kind": ("Kind", "Return", "Return kind", "Type"),
    "value": ("Cumulative value", "Value", "NI 179", "NI 179 value", "Net value", "Savings"),
    "narrative": ("Narrative", "Comments", "Commentary", "Comment", "Notes"),
}
RETURN_REQUIRED = ("body", "year", "value")
GAIN_HEADINGS: dict[str, tuple[str, ...]] = {
    "description": ("Description", "Gain", "Efficiency gain"),
    "category": ("Category", "Workstream", "Category or workstream"),
    "first_year": ("First year", "First year of impact", "Year"),
    "gross": ("Gross value", "Gross annual value", "Gross"),
    "investment": ("Investment", "Investment cost", "Investment costs"),
    "ongoing": ("Ongoing", "Ongoing cost", "Ongoing costs"),
    "cash": ("Cash-releasing", "Cash releasing", "Cashable"),
    "project": ("Project",),
    "evidence": ("Evidence",),
}
GAIN_REQUIRED = ("description", "first_year", "gross")
COLUMN_NAMES = {
    "body": "Body",
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
_RATING_HEADING = re.compile(r"\b(rating|rag|forecast)\b", re.I)
_YEAR_IN_HEADING = re.compile(r"\b(\d{4}\s*[/-]\s*\d{2,4}|\d{4})\b")


@dataclass
class Columns:
    header: SourceRow
    named: dict[str, int]
    ratings: dict[int, int] = field(default_factory=dict)  # column -> year rated

    def at(self, row: SourceRow, name: str) -> tuple[str, Location]:
        """A named column's text in `row`, and where it is."""
        index = self.named.get(name)
        return row.cell(index), Location(row.number, None, index, COLUMN_NAMES.get(name, ""))

    def heading(self, index: int) -> str:
        return self.header.cell(index)


def rating_columns(header: SourceRow, named: dict[str, int]) -> dict[int, int]:
    """Columns whose heading names a rating and a financial year, mapped to that year."""
    found = {}
    for index, text in enumerate(header.cells):
        if index in named.values() or not _RATING_HEADING.search(text):
            continue
        match = _YEAR_IN_HEADING.search(text)
        if match:
            try:
                found[index] = parse_financial_year(match.group(1).replace(" ", ""))
            except ValueError:
                continue
    return found


def columns_read(
    rows: list[SourceRow],
    draft: ReturnsDraft,
    headings: dict[str, tuple[str, ...]],
    required: tuple[str, ...],
) -> Columns | None:
    """The header row and its columns; a missing required column is an error on that row."""
    header = find_header(rows, headings, required=required)
    if header is None:
        names = " and ".join(f'"{COLUMN_NAMES[n]}"' for n in required)
        draft.error(Location(row=0), NO_HEADER.format(names=names))
        return None
    missing = [n for n in required if n not in header.columns]
    for name in missing:
        draft.error(Location(row=header.row.number), COLUMN_MISSING.format(name=COLUMN_NAMES[name]))
    if missing:
        return None
    return Columns(header.row, header.columns, rating_columns(header.row, header.columns))
