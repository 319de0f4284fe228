"""Finding a table's header row and knowing every column, however a council headed it.

Headings are compared by `match_key`: case, spaces, punctuation, underscores, years and periods
("2009/2010", "2009-10"), money units ("£", "£k", "£000", "(£)") and a trailing "?" do not count,
and a heading one letter away from an expected one ("Catergory", "Organisatonal") still matches.
`find_header` scores the first 30 rows (and each pair of rows, for a heading written over two
lines) by how many expected columns they name. `Header.unused` lists every column the importer
did not take, with the expected column it most resembles, so nothing is dropped unsaid. No Django
here: importers build on these.
"""

import difflib
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from vfmhub.lib.tabular import Sheet, SourceRow, column_letter, heading_key

SEARCH_ROWS = 30
UNUSED_COLUMN = "Column {letter} {heading!r} is not used{hint}"
UNUSED_HINT = ": was it {label}?"
NO_HINT = "."
DUPLICATE_HINT = ": column {first} has the same heading."
IGNORE_ADVICE = "Mark it as ignored to import the file without it."

_PARENTHESISED_UNIT = re.compile(r"\(\s*(?:£|gbp)[^)]*\)", re.I)
_UNIT = re.compile(r"£\s*(?:000s?|'000s?|k|m|bn)?(?![a-z])", re.I)
_PERIOD = re.compile(
    r"(?<!\d)(?:19|20)\d{2}(?:\s*[/\-–—]\s*(?:(?:19|20)\d{2}|\d{2}))?(?!\d)"
    r"|\b(?:q[1-4]|quarter\s*[1-4])\b",
    re.I,
)
_TYPO_MIN_LENGTH = 5  # shorter keys ("rag", "year") would match too much at one letter off
_SUGGEST_CUTOFF = 0.6


def match_key(text: str) -> str:
    """A heading as matched: "Approved Programme 2009/2010 £k" -> "approvedprogramme".

    A heading that is nothing but a year or a unit keeps them ("2009/10" -> "200910").
    """
    stripped = _PERIOD.sub(" ", _UNIT.sub(" ", _PARENTHESISED_UNIT.sub(" ", text)))
    return heading_key(stripped) or heading_key(text)


def within_one_edit(a: str, b: str) -> bool:
    """True when `b` is `a` with at most one letter added, removed or changed."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return a[i + 1 :] == b[i + 1 :] if len(a) == len(b) else a[i:] == b[i + 1 :]
    return True


@dataclass(frozen=True)
class ColumnChoices:
    """What the user said of columns an importer did not recognise: leave them out (`ignore`: by
    letter "C", by sheet and letter "Allocation!C", or by heading), or read one as a known
    column (`use_as`: heading -> column name)."""

    ignore: frozenset[str] = frozenset()
    use_as: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, ignore: Iterable[str] = (), use_as: Iterable[str] = ()) -> "ColumnChoices":
        """From the command line: `--ignore-column C` and `--use-column "Owner??=officer"`."""
        pairs = (text.rsplit("=", 1) for text in use_as if "=" in text)
        return cls(
            ignore=frozenset(c.strip() for c in ignore if c.strip()),
            use_as={heading.strip(): name.strip() for heading, name in pairs},
        )

    def as_dict(self) -> dict[str, object]:
        return {"ignore": sorted(self.ignore), "use_as": dict(self.use_as)}

    @classmethod
    def from_dict(cls, data: Mapping[str, object] | None) -> "ColumnChoices":
        data = data or {}
        ignore, use_as = data.get("ignore"), data.get("use_as")
        return cls(
            ignore=frozenset(str(c) for c in ignore)
            if isinstance(ignore, list | tuple)
            else frozenset(),
            use_as={str(k): str(v) for k, v in use_as.items()} if isinstance(use_as, dict) else {},
        )

    def __bool__(self) -> bool:
        return bool(self.ignore or self.use_as)

    def joined(self, then: "ColumnChoices") -> "ColumnChoices":
        """These choices with `then` added; `then` wins where both read one heading."""
        return ColumnChoices(self.ignore | then.ignore, {**self.use_as, **then.use_as})

    @property
    def use_as_pairs(self) -> list[str]:
        return [f"{heading}={name}" for heading, name in sorted(self.use_as.items())]

    def describe(self) -> list[str]:
        """The choices in words: "Leave out column C", "Read ‘Owner??’ as officer"."""
        left_out = [f"Leave out column {key}" for key in sorted(self.ignore)]
        read_as = [f"Read ‘{h}’ as {name}" for h, name in sorted(self.use_as.items())]
        return left_out + read_as


NO_CHOICES = ColumnChoices()


class Expected:
    """The columns an importer knows: each column's name, the headings that mean it, a label to
    show a user ("the responsible officer"), and hint words that suggest a column without being
    taken as it ("Owner" may be the officer, but the user says so)."""

    def __init__(
        self,
        headings: Mapping[str, Sequence[str]],
        labels: Mapping[str, str] | None = None,
        hints: Mapping[str, Sequence[str]] | None = None,
    ):
        labels, hints = labels or {}, hints or {}
        self.headings = {name: tuple(h) for name, h in headings.items()}
        self.keys = {name: {match_key(h) for h in hs} for name, hs in self.headings.items()}
        self.labels = {name: labels.get(name) or hs[0] for name, hs in self.headings.items() if hs}
        self.hints = {name: {match_key(w) for w in words} for name, words in hints.items()}

    def with_choices(self, choices: ColumnChoices) -> "Expected":
        """These columns, with the headings the user said to read as one of them."""
        if not choices.use_as:
            return self
        headings = {name: list(hs) for name, hs in self.headings.items()}
        for heading, name in choices.use_as.items():
            if name in headings:
                headings[name].append(heading)
        expected = Expected(headings)
        expected.labels, expected.hints = self.labels, self.hints
        return expected

    def field_for(self, text: str, taken: Collection[str] = ()) -> str | None:
        """The column a heading names: an exact match first, then one a letter away."""
        key = match_key(text)
        if not key:
            return None
        free = [name for name in self.keys if name not in taken]
        for name in free:
            if key in self.keys[name]:
                return name
        if len(key) < _TYPO_MIN_LENGTH:
            return None
        for name in free:
            if any(len(k) >= _TYPO_MIN_LENGTH and within_one_edit(key, k) for k in self.keys[name]):
                return name
        return None

    def closest(self, text: str, among: Collection[str]) -> str | None:
        """The column among `among` whose headings `text` most resembles, if any is close."""
        key, best, best_name = match_key(text), _SUGGEST_CUTOFF, None
        for name in among:
            if any(word in key for word in self.hints.get(name, ())):
                return name
        for name in among:
            for k in self.keys.get(name, ()):
                ratio = difflib.SequenceMatcher(None, key, k).ratio()
                if ratio >= best or (k and (k in key or key in k) and len(key) >= 3):
                    best, best_name = max(ratio, best), name
        return best_name


@dataclass(frozen=True)
class UnusedColumn:
    index: int
    heading: str
    suggestion: str = ""  # the label of the expected column it resembles
    duplicate_of: int | None = None
    sheet: str = ""

    @property
    def key(self) -> str:
        """How a user names the column to ignore it: "C", or "Allocation!C" on a named sheet."""
        return f"{self.sheet}!{self.letter}" if self.sheet else self.letter

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    def message(self) -> str:
        if self.duplicate_of is not None:
            hint = DUPLICATE_HINT.format(first=column_letter(self.duplicate_of))
        elif self.suggestion:
            hint = UNUSED_HINT.format(label=self.suggestion)
        else:
            hint = NO_HINT
        text = UNUSED_COLUMN.format(letter=self.letter, heading=self.heading, hint=hint)
        return f"{text} {IGNORE_ADVICE}"

    def ignored_by(self, ignored: Collection[str]) -> bool:
        """Whether the user marked this column ignored: by its letter ("C"), its sheet and letter
        ("Allocation!C") or its heading."""
        wanted = {heading_key(i) for i in ignored}
        names = (self.letter, self.key, self.heading)
        return any(heading_key(n) in wanted for n in names)


@dataclass(frozen=True)
class Header:
    """The header row found and the column index of each expected heading found in it.

    For a heading over two lines `row` holds the two joined and `last_number` is the second row's
    number: data starts after `last_number`.
    """

    row: SourceRow
    columns: dict[str, int]
    headings: tuple[str, ...] = field(default=())
    last_number: int = 0
    expected: Expected | None = None
    sheet: str = ""

    @property
    def end(self) -> int:
        return self.last_number or self.row.number

    def is_repeat(self, row: SourceRow) -> bool:
        """A row that repeats the header, as a table broken across pages does."""
        if row.number <= self.end or len(self.columns) < 2:
            return False
        return all(
            match_key(row.cell(i)) == match_key(self.row.cell(i)) for i in self.columns.values()
        )

    def unused(
        self, ignored: Collection[str] = (), also_used: Collection[int] = ()
    ) -> list[UnusedColumn]:
        """Every headed column the importer does not read and the user has not ignored.

        `also_used` names columns the importer reads another way (a column per year)."""
        used = set(self.columns.values()) | set(also_used)
        first_of: dict[str, int] = {}
        for index, text in enumerate(self.row.cells):
            first_of.setdefault(match_key(text), index)
        known = self.expected.keys if self.expected else {}
        missing = [n for n in known if n not in self.columns]
        out = []
        for index, text in enumerate(self.row.cells):
            if not text or index in used:
                continue
            first = first_of[match_key(text)]
            duplicate = first if first != index and first in used else None
            suggestion = ""
            if duplicate is None and self.expected is not None:
                name = self.expected.closest(text, missing)
                suggestion = self.expected.labels.get(name, "") if name else ""
            column = UnusedColumn(index, text, suggestion, duplicate, self.sheet)
            if not column.ignored_by(ignored):
                out.append(column)
        return out


def match_headings(row: SourceRow, expected: Expected | Mapping[str, set[str]]) -> dict[str, int]:
    """The column index of each expected column named in `row` (the first such column wins).

    `expected` may be a plain {name: set of heading keys} as older callers pass."""
    if not isinstance(expected, Expected):
        expected = Expected({name: tuple(keys) for name, keys in expected.items()})
    columns: dict[str, int] = {}
    for index, text in enumerate(row.cells):
        name = expected.field_for(text, taken=columns)
        if name is not None:
            columns[name] = index
    return columns


def _joined(first: SourceRow, second: SourceRow) -> SourceRow:
    width = max(len(first.cells), len(second.cells))
    cells = tuple(
        " ".join(part for part in (first.cell(i), second.cell(i)) if part) for i in range(width)
    )
    return SourceRow(number=first.number, cells=cells, table=first.table)


def _completes(
    second: SourceRow, joined: SourceRow, columns: dict[str, int], expected: Expected
) -> bool:
    """Whether a header's second row only finishes headings: each of its cells sits under a
    column found, and the two lines together are exactly one of that column's headings."""
    at = {index: name for name, index in columns.items()}
    filled = [i for i, text in enumerate(second.cells) if text]
    return bool(filled) and all(
        i in at and match_key(joined.cell(i)) in expected.keys[at[i]] for i in filled
    )


def find_header(
    rows: Sequence[SourceRow],
    expected: Expected | Mapping[str, Sequence[str]],
    *,
    required: Sequence[str] = (),
    search_rows: int = SEARCH_ROWS,
    choices: ColumnChoices = NO_CHOICES,
    sheet: str = "",
) -> Header | None:
    """The row (or pair of rows) in the first `search_rows` naming the most expected columns,
    those naming every `required` one first; the earliest wins a tie, except that a pair of rows
    whose second row only completes headings ("Due" over "date") wins over its first row alone.
    None when no row names any. Headings the user said to read as a column (`choices.use_as`)
    count as that column's.
    """
    if not isinstance(expected, Expected):
        expected = Expected(expected)
    expected = expected.with_choices(choices)
    best: tuple[tuple[bool, int, bool], Header] | None = None
    head = [r for r in rows[: search_rows + 1] if not r.is_blank]
    for i, row in enumerate(head[:search_rows]):
        candidates: list[tuple[SourceRow, int, SourceRow | None]] = [(row, 0, None)]
        if i + 1 < len(head) and head[i + 1].number == row.number + 1:
            candidates.append((_joined(row, head[i + 1]), head[i + 1].number, head[i + 1]))
        for candidate, last, second in candidates:
            columns = match_headings(candidate, expected)
            if not columns:
                continue
            completes = second is not None and _completes(second, candidate, columns, expected)
            # a pair counts only where both rows make the headings: not a title or a row of
            # line codes sitting above the real heading row
            if (
                second is not None
                and not completes
                and len(columns) <= len(match_headings(second, expected))
            ):
                continue
            score = (all(n in columns for n in required), len(columns), completes)
            if best is None or score > best[0]:
                header = Header(candidate, columns, candidate.cells, last, expected, sheet)
                best = (score, header)
    return best[1] if best else None


def choose_sheet(
    sheets: Sequence[Sheet],
    expected: Expected | Mapping[str, Sequence[str]],
    *,
    required: Sequence[str] = (),
    choices: ColumnChoices = NO_CHOICES,
) -> tuple[Sheet, Header | None]:
    """The sheet whose header names the most expected columns (every required one first); the
    first sheet wins a tie, and the first sheet is given back with no header when none fits."""
    best: tuple[tuple[bool, int], Sheet, Header] | None = None
    for sheet in sheets:
        header = find_header(
            sheet.rows, expected, required=required, choices=choices, sheet=sheet.name
        )
        if header is None:
            continue
        score = (all(n in header.columns for n in required), len(header.columns))
        if best is None or score > best[0]:
            best = (score, sheet, header)
    if best is None:
        readable = [sheet for sheet in sheets if sheet.problem is None]
        return (readable or list(sheets))[0], None
    return best[1], best[2]
