"""What an allocation file was read as: its lines, its funding streams, and every problem by
sheet, row and column."""

from dataclasses import dataclass, field
from decimal import Decimal

from vfmhub.core.importing import ImportIssue, Location
from vfmhub.lib.headings import NO_CHOICES, ColumnChoices
from vfmhub.lib.tabular import column_letter


@dataclass(slots=True)  # one for each row of a large file
class ImportedNode:
    row: int
    path: tuple[str, ...]
    name: str
    depth: int
    amount: Decimal | None = None
    stated_total: Decimal | None = None
    ring_fence: str | None = None  # the stream by name, "" for none, None: no such column


@dataclass
class StreamLine:
    """A funding stream as the file gives it; None where the file has no such column."""

    row: int
    name: str
    amount: Decimal
    kind: str | None = None
    funder: str | None = None
    purpose: str | None = None
    status: str | None = None
    description: str | None = None


@dataclass
class AllocationDraft:
    nodes: list[ImportedNode] = field(default_factory=list)
    grand_total: Decimal | None = None
    errors: list[dict] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    checks: list[str] = field(default_factory=list)
    header_at: int = 0
    issues: list[ImportIssue] = field(
        default_factory=list
    )  # the errors, as every import words them
    sheet: str = ""  # the sheet the allocation was read from ("" for a CSV file)
    funding_sheet: str = ""  # the sheet the funding streams were read from, if any
    streams: list[StreamLine] = field(default_factory=list)
    streams_created: int = 0
    streams_updated: int = 0
    streams_unchanged: int = 0
    choices: ColumnChoices = NO_CHOICES
    ring_fence_column: int | None = None  # the file's ring-fenced stream column, if any

    def error(
        self, row: int, column: int | None, message: str, *, sheet: str = "", heading: str = ""
    ) -> None:
        where = Location(row=row, sheet=sheet if row else "").at_column(column, heading)
        self.add(ImportIssue(where, message))

    def add(self, issue: ImportIssue) -> None:
        where = issue.location
        self.errors.append(
            {
                "row": where.row,
                "column": column_letter(where.column) if where.column is not None else "",
                "message": issue.message,
                **({"sheet": where.sheet} if where.sheet else {}),
            }
        )
        self.issues.append(issue)

    @property
    def has_ring_fences(self) -> bool:
        return self.ring_fence_column is not None

    @property
    def changed(self) -> bool:
        """Whether importing changes anything (once compared with what is recorded)."""
        lines = self.created + self.updated + self.deleted
        return bool(lines + self.streams_created + self.streams_updated)

    def as_dict(self) -> dict:
        return {
            "ok": not self.errors,
            "errors": self.errors,
            "sheet": self.sheet,
            "nodes": len(self.nodes),
            "created": self.created,
            "updated": self.updated,
            "deleted": self.deleted,
            "unchanged": self.unchanged,
            "grand_total": str(self.grand_total) if self.grand_total is not None else None,
            "checks": self.checks,
            "funding_sheet": self.funding_sheet,
            "streams": len(self.streams),
            "streams_created": self.streams_created,
            "streams_updated": self.streams_updated,
            "streams_unchanged": self.streams_unchanged,
            "changed": self.changed,
        }
