"""What the values import reads and reports."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from vfmhub.core.importing import ImportIssue, Location
from vfmhub.performance.calculations import Period

MOST_SKIPS_LISTED = 1000


class DraftValue(NamedTuple):
    """One value as read from the file, before its area and indicator are looked up. `column`
    is the value's column, `period_column` the period's (a wide file's heading)."""

    row: int
    area_code: str
    area_name: str
    indicator_code: str
    indicator_title: str
    unit: str
    period: Period
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    status: str
    note: str
    column: int | None


@dataclass(frozen=True)
class Skip:
    """A row (or a wide file's cell) read but not imported, and why."""

    location: Location
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}"


@dataclass
class ValuesImportResult:
    """What an import did (or, on a dry run or with errors, would do).

    `created` new values, `updated` new versions of values that changed, `unchanged` rows that
    match the current value; `comparators` how many of the new and changed values are for an
    area with no organisation in the register (England, a region...)."""

    filename: str
    dry_run: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    comparators: int = 0
    other_organisations: int = 0
    errors: list[ImportIssue] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    skipped_count: int = 0
    not_imported: list[str] = field(default_factory=list)
    indicators_created: list[str] = field(default_factory=list)
    preview: list[dict[str, Any]] = field(default_factory=list)
    layout: str = ""
    sheet: str = ""
    saved: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def error(self, location: Location, message: str) -> None:
        self.errors.append(ImportIssue(location, message))

    def skip(self, location: Location, reason: str) -> None:
        self.skipped_count += 1
        if len(self.skipped) < MOST_SKIPS_LISTED:
            self.skipped.append(Skip(location, reason))

    def sorted_errors(self) -> list[ImportIssue]:
        return sorted(
            self.errors, key=lambda e: (e.location.sheet, e.location.row, e.location.column or 0)
        )

    def summary(self) -> dict[str, Any]:
        return {
            "filename": self.filename,
            "layout": self.layout,
            "sheet": self.sheet,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "comparators": self.comparators,
            "other_organisations": self.other_organisations,
            "skipped": self.skipped_count,
            "skipped_rows": [{**s.location.__dict__, "text": str(s)} for s in self.skipped],
            "not_imported": self.not_imported,
            "indicators_created": self.indicators_created,
            "dry_run": self.dry_run,
            "saved": self.saved,
            "changed": self.changed,
            "errors": [e.as_dict() for e in self.errors],
        }
