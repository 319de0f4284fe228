"""What the returns and gains imports read and report. Errors carry their row and column through
`vfmhub.core.importing`'s `Location` and `ImportIssue`, so every import words its errors the same
way."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from vfmhub.core.importing import ImportIssue, Location

__all__ = [
    "DraftGain",
    "DraftReturn",
    "ImportIssue",
    "ImportResult",
    "Location",
    "ReturnsDraft",
]


@dataclass
class DraftReturn:
    """One row of a returns file, as read (the body is still text until it is looked up)."""

    location: Location
    body_text: str
    body_location: Location
    year_location: Location
    year: int | None = None
    kind: str = "forecast"
    value: Decimal | None = None
    ratings: dict[int, str] = field(default_factory=dict)
    narrative: str = ""
    rating_locations: dict[int, Location] = field(default_factory=dict)
    returned: bool = True  # False: the file says the body sent no return (it is missing)


@dataclass
class DraftGain:
    location: Location
    description: str
    first_year: int | None = None
    category: str = ""
    gross_annual_value: Decimal = Decimal(0)
    investment_cost: Decimal = Decimal(0)
    ongoing_cost: Decimal = Decimal(0)
    is_cash_releasing: bool = True
    project_label: str = ""
    evidence: str = ""


@dataclass
class ReturnsDraft:
    """Everything read from one file, before it is compared with the programme."""

    rows: list[Any] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)
    sheet: str = ""  # the workbook's sheet read ("" for a CSV or a one-sheet file)

    def error(self, location: Location, message: str) -> None:
        self.errors.append(ImportIssue(location, message))

    def sorted_errors(self) -> list[ImportIssue]:
        return sorted(
            self.errors,
            key=lambda e: (e.location.sheet, e.location.row, e.location.column or 0),
        )


@dataclass
class ImportResult:
    """What an import created (or, on a dry run or with errors, would have created).

    For returns: `created` is new returns, `updated` new versions of submitted ones, `unchanged`
    rows that match what is already submitted. For gains: added, corrected and unchanged gains.
    """

    filename: str
    dry_run: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[ImportIssue] = field(default_factory=list)
    preview: list[dict[str, Any]] = field(default_factory=list)
    saved: bool = False
    missing: list[str] = field(default_factory=list)  # bodies the file says did not return
    sheet: str = ""  # the workbook's sheet read, when it has more than one

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def summary(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "dry_run": self.dry_run,
            "saved": self.saved,
            "missing": self.missing,
            "sheet": self.sheet,
            "errors": [e.as_dict() for e in self.errors],
        }
