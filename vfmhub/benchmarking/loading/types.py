"""What a reader of a reference file hands to the loader."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from vfmhub.core.importing import ImportIssue


@dataclass(frozen=True)
class AreaRow:
    """An area named by a file. Empty fields leave what is stored alone."""

    gss_code: str
    name: str = ""
    area_class: str = ""
    region_code: str = ""
    county_code: str = ""
    hectares: Decimal | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    active_from: datetime.date | None = None
    active_to: datetime.date | None = None


@dataclass(frozen=True)
class MeasureRow:
    code: str
    title: str
    group: str
    unit: str = ""
    aggregation: str = "sum"
    is_spend: bool = False
    description: str = ""


@dataclass(frozen=True)
class ValueRow:
    measure_code: str
    gss_code: str
    year: int
    value: Decimal


@dataclass
class ReferenceFile:
    """One file as read: what it is, and every row accounted for.

    Every column is in `columns_used` or in `columns_ignored` (heading → why).
    `rows_read` = rows used + rows in `ignored` (reason → count) + rows in `refused`. A file with
    any refused row is not loaded at all."""

    kind: str
    title: str
    publisher: str
    file_name: str
    sha256: str
    url: str = ""
    year: int | None = None
    areas: list[AreaRow] = field(default_factory=list)
    measures: list[MeasureRow] = field(default_factory=list)
    values: list[ValueRow] = field(default_factory=list)
    rows_read: int = 0
    rows_used: int = 0
    ignored: dict[str, int] = field(default_factory=dict)
    columns_used: list[str] = field(default_factory=list)
    columns_ignored: dict[str, str] = field(default_factory=dict)
    refused: list[ImportIssue] = field(default_factory=list)

    def ignore(self, reason: str, count: int = 1) -> None:
        self.ignored[reason] = self.ignored.get(reason, 0) + count

    @property
    def accounted(self) -> bool:
        return self.rows_read == self.rows_used + sum(self.ignored.values()) + len(self.refused)
