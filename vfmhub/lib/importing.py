"""What every import reports its errors with: where in the file (`Location`), and what is wrong
there (`ImportIssue`), so the plan, returns and gains imports word their errors the same way."""

from dataclasses import dataclass
from typing import Any

from vfmhub.lib.tabular import column_letter
from vfmhub.lib.tabular_files import TabularError


@dataclass(frozen=True)
class Location:
    """Where something was read: a spreadsheet row, or a Word table and row; a column index.
    Row 0 is the file as a whole (it could not be read as a table)."""

    row: int
    table: int | None = None
    column: int | None = None
    heading: str = ""

    def at_column(self, column: int | None, heading: str = "") -> "Location":
        return Location(row=self.row, table=self.table, column=column, heading=heading)

    @property
    def column_label(self) -> str:
        if self.column is None:
            return ""
        return str(self.column + 1) if self.table is not None else column_letter(self.column)

    def __str__(self) -> str:
        if self.row == 0:
            return "The file"
        where = (
            f"Table {self.table}, row {self.row}" if self.table is not None else f"Row {self.row}"
        )
        if self.column is not None:
            where += f", column {self.column_label}"
            if self.heading:
                where += f" ({self.heading})"
        return where


@dataclass(frozen=True)
class ImportIssue:
    location: Location
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "table": self.location.table,
            "row": self.location.row,
            "column": self.location.column_label,
            "heading": self.location.heading,
            "message": self.message,
            "text": str(self),
        }

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


def file_location(exc: TabularError) -> Location:
    """Where a refusal of the file is: its cell when it is about one, else the file."""
    if not exc.row:
        return Location(row=0)
    table = int(exc.sheet.split()[-1]) if exc.sheet.startswith("Table ") else None
    return Location(row=exc.row, table=table).at_column(exc.column, "")
