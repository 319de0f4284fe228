"""The funding streams a workbook's funding sheet lists: read, compared with the year's streams by
name, and written through the funding services (so each is audited as a stream changed by hand).

Amounts are in pounds unless the heading says "£k" or "£m", or the cell does ("£0.5m",
"£288,624"). A stream already recorded under the same name is updated where the file differs;
streams not in the file are left as they are. A "Total …" row states the total of the streams
above it, and is checked, not saved. Without a Type column a new stream's type is taken from its
name ("… carry forward", "… uncommitted", "Capital …", else a grant); without a Status column a
new stream is received.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from vfmhub.accounts.models import User
from vfmhub.lib.headings import Header, match_key
from vfmhub.lib.money import MONEY_MAX_DIGITS, to_pounds
from vfmhub.lib.tabular import SourceRow
from vfmhub.lib.tabular_files import sheet_place
from vfmhub.organisations.models import Partnership
from vfmhub.programme.importing.funding.columns import KIND_WORDS, STATUS_WORDS
from vfmhub.programme.importing.funding.draft import AllocationDraft, StreamLine
from vfmhub.programme.importing.funding.indentation import plain_name
from vfmhub.programme.models import (
    FundingStream,
    FundingStreamKind,
    FundingStreamStatus,
)
from vfmhub.programme.selectors.funding import fmt_k
from vfmhub.programme.services import funding as services

BAD_STREAM_AMOUNT = "{value!r} is not an amount of money."
NO_AMOUNT = "Give the stream's amount."
NO_STREAM_NAME = "This row has an amount but no funding stream's name."
UNKNOWN_KIND = "{value!r} is not a type of funding: give {choices}."
UNKNOWN_STATUS = "{value!r} is not a status: give Received or Expected."
RING_FENCE_NEEDS = "A ring-fenced stream needs its funder and its purpose."
DUPLICATE_STREAM = "{name!r} is listed twice."
NEGATIVE_STREAM = "A funding stream cannot be negative."
TOO_LONG = "This is longer than {limit} characters."
FUNDING_TOTAL = (
    "{name} is stated as {stated} but the funding streams above it add to {lines} "
    "({where}row {row})."
)
TEXT_LIMITS = {"name": 200, "funder": 200, "purpose": 200, "description": 2000}
_TOTAL = re.compile(r"^total\b", re.I)
_SUFFIX = re.compile(r"^(?P<number>.*?)\s*(?P<unit>bn|m|k)$", re.I)
_SCALES = {"bn": Decimal(10**9), "m": Decimal(10**6), "k": Decimal(1000), "": Decimal(1)}
_HEADING_UNIT = re.compile(r"£\s*(?P<unit>bn|m|k|000)\b|\(\s*(?P<paren>m|k|000)\s*\)", re.I)


def _heading_scale(heading: str) -> Decimal:
    found = _HEADING_UNIT.search(heading)
    unit = ((found.group("unit") or found.group("paren") or "") if found else "").lower()
    return _SCALES["k" if unit == "000" else unit]


def stream_amount(text: str, scale: Decimal) -> Decimal | None:
    """Pounds from "£0.5m", "£288,624" or "7,000" (in the heading's unit); ValueError if not."""
    cleaned = text.replace("£", "").replace(",", "").replace(" ", "")
    if cleaned == "":
        return None
    suffix = _SUFFIX.match(cleaned)
    if suffix:
        cleaned, scale = suffix.group("number"), _SCALES[suffix.group("unit").lower()]
    try:
        number = Decimal(cleaned)
        if not number.is_finite() or abs(number) >= 10**MONEY_MAX_DIGITS:
            raise InvalidOperation
        return to_pounds(number * scale, max_digits=MONEY_MAX_DIGITS)
    except (InvalidOperation, ValueError):
        raise ValueError(BAD_STREAM_AMOUNT.format(value=text)) from None


def _code(text: str, words: dict[str, tuple[str, ...]]) -> str | None:
    key = match_key(text)
    return next((code for code, said in words.items() if key in {match_key(w) for w in said}), None)


def kind_from_name(name: str) -> str:
    key = match_key(name)
    for kind in (
        FundingStreamKind.CARRY_FORWARD,
        FundingStreamKind.UNCOMMITTED,
        FundingStreamKind.CAPITAL,
    ):
        if any(match_key(word) in key for word in KIND_WORDS[kind]):
            return kind
    return FundingStreamKind.GRANT


class StreamsReader:
    """Reads the funding sheet's rows below its header into `draft.streams`."""

    def __init__(self, header: Header, draft: AllocationDraft):
        self.header, self.draft, self.columns = header, draft, header.columns
        self.scale = _heading_scale(header.row.cell(self.columns["amount"]))
        self.since_total = Decimal(0)
        self.names: set[str] = set()

    def error(self, row: SourceRow, name: str | None, message: str) -> None:
        column = self.columns.get(name) if name else None
        heading = self.header.row.cell(column) if column is not None else ""
        self.draft.error(row.number, column, message, sheet=self.header.sheet, heading=heading)

    def text(self, row: SourceRow, name: str) -> str | None:
        if name not in self.columns:
            return None
        value = row.cell(self.columns[name]).strip()
        if len(value) > TEXT_LIMITS.get(name, 200):
            self.error(row, name, TOO_LONG.format(limit=TEXT_LIMITS[name]))
        return value

    def read(self, row: SourceRow) -> None:
        name = plain_name(row.cell(self.columns["name"]))
        amount_text = row.cell(self.columns["amount"]).strip()
        if not name and not amount_text:
            return
        try:
            amount = stream_amount(amount_text, self.scale)
        except ValueError as exc:
            self.error(row, "amount", str(exc))
            return
        if _TOTAL.match(name):
            self.total(row, name, amount)
        elif not name:
            self.error(row, "name", NO_STREAM_NAME)
        elif amount is None:
            self.error(row, "amount", NO_AMOUNT)
        elif amount < 0:
            self.error(row, "amount", NEGATIVE_STREAM)
        else:
            self.stream(row, name, amount)

    def total(self, row: SourceRow, name: str, amount: Decimal | None) -> None:
        if amount is not None and amount != self.since_total:
            self.draft.checks.append(
                FUNDING_TOTAL.format(
                    name=name,
                    stated=fmt_k(amount),
                    lines=fmt_k(self.since_total),
                    where=f"{sheet_place(self.header.sheet)}, " if self.header.sheet else "",
                    row=row.number,
                )
            )
        self.since_total = Decimal(0)

    def coded(self, row: SourceRow, column: str, words: dict, message: str) -> str | None:
        text = self.text(row, column)
        if not text:
            return None
        code = _code(text, words)
        if code is None:
            self.error(row, column, message.format(value=text, choices=_kind_choices()))
        return code

    def stream(self, row: SourceRow, name: str, amount: Decimal) -> None:
        if name.casefold() in self.names:
            self.error(row, "name", DUPLICATE_STREAM.format(name=name))
            return
        self.names.add(name.casefold())
        self.since_total += amount
        line = StreamLine(row.number, name, amount)
        line.kind = self.coded(row, "kind", KIND_WORDS, UNKNOWN_KIND)
        line.status = self.coded(row, "status", STATUS_WORDS, UNKNOWN_STATUS)
        line.funder, line.purpose = self.text(row, "funder"), self.text(row, "purpose")
        line.description = self.text(row, "description")
        if line.kind == FundingStreamKind.RING_FENCED and not (line.funder and line.purpose):
            self.error(row, "purpose" if "purpose" in self.columns else "kind", RING_FENCE_NEEDS)
        self.draft.streams.append(line)


def _kind_choices() -> str:
    labels = [str(label) for label in FundingStreamKind.labels]
    return f"{', '.join(labels[:-1])} or {labels[-1]}"


# Comparing with the year's streams, and writing ----------------------------------------------


@dataclass
class StreamStep:
    line: StreamLine
    stream: FundingStream | None  # None for a new stream
    changes: dict[str, Any] = field(default_factory=dict)


def _wanted(line: StreamLine, stream: FundingStream | None) -> dict[str, Any]:
    """The stream's fields as the file gives them (a new stream's type and status filled in)."""
    given = {
        "amount": line.amount,
        "kind": line.kind,
        "funder": line.funder,
        "purpose": line.purpose,
        "status": line.status,
        "description": line.description,
    }
    wanted = {key: value for key, value in given.items() if value is not None}
    if stream is None:
        wanted.setdefault("kind", kind_from_name(line.name))
        wanted.setdefault("status", FundingStreamStatus.RECEIVED)
    return wanted


def streams_compare(
    draft: AllocationDraft, partnership: Partnership, year: int
) -> list[StreamStep]:
    """What each stream of the file does (counted on `draft`). Reads only."""
    recorded = FundingStream.objects.filter(partnership=partnership, year=year)
    by_name = {stream.name.casefold(): stream for stream in recorded}
    steps = []
    draft.streams_created = draft.streams_updated = draft.streams_unchanged = 0
    for line in draft.streams:
        stream = by_name.get(line.name.casefold())
        wanted = _wanted(line, stream)
        if stream is None:
            draft.streams_created += 1
            steps.append(StreamStep(line, None, wanted))
            continue
        changes = {k: v for k, v in wanted.items() if getattr(stream, k) != v}
        if changes:
            draft.streams_updated += 1
        else:
            draft.streams_unchanged += 1
        steps.append(StreamStep(line, stream, changes))
    return steps


def ring_fenced_names(draft: AllocationDraft, partnership: Partnership, year: int) -> set[str]:
    """The names (in lower case) of the year's ring-fenced streams once the file is imported."""
    steps = streams_compare(draft, partnership, year)
    recorded = FundingStream.objects.filter(partnership=partnership, year=year)
    kinds = {s.name.casefold(): s.kind for s in recorded}
    for step in steps:
        kind = step.changes.get("kind") or (step.stream.kind if step.stream else None)
        kinds[step.line.name.casefold()] = kind or ""
    return {name for name, kind in kinds.items() if kind == FundingStreamKind.RING_FENCED}


def streams_write(
    steps: list[StreamStep],
    draft: AllocationDraft,
    *,
    partnership: Partnership,
    year: int,
    acting_user: User | None,
) -> None:
    """Create and change the streams through the funding services, refusing (on `draft`) any
    changed since it was read or that the services refuse. Inside the import's transaction."""
    for step in steps:
        line = step.line
        try:
            if step.stream is None:
                services.stream_create(
                    acting_user=acting_user,
                    partnership=partnership,
                    year=year,
                    name=line.name,
                    **step.changes,
                )
            elif step.changes:
                services.stream_update(
                    acting_user=acting_user,
                    stream=step.stream,
                    expected_updated_at=step.stream.updated_at,
                    **step.changes,
                )
        except ValidationError as exc:
            for message in exc.messages:
                draft.error(line.row, None, message, sheet=draft.funding_sheet)
