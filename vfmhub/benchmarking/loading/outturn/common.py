"""What the revenue outturn reader's parts share: the source's name, the messages, the
patterns a heading, code or figure is read by, and the file, column and layout as read."""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from vfmhub.benchmarking.loading.outturn.lines import IGNORED_HEADINGS, LINES, SERVICE_LINES, Line
from vfmhub.benchmarking.loading.types import ReferenceFile
from vfmhub.core.importing import ImportIssue
from vfmhub.lib.headings import Expected, Header, match_key
from vfmhub.lib.tabular import Sheet

TITLE = "Revenue outturn summary"
PUBLISHER = "MHCLG"
URL = "https://www.gov.uk/government/collections/local-authority-revenue-expenditure-and-financing"
GROUP = "Revenue outturn"
UNIT = "£ thousand"
# Marks the publication uses for a figure not collected, suppressed or not applicable.
SUPPRESSED = frozenset({"..", "...", "…", "-", "–", "x", "[x]", "c", "[c]", ":", "z", "[z]"})
# ReferenceValue holds 14 digits before the point; no council's line comes near £10bn in £k.
LARGEST = Decimal(10) ** 13

NO_TABLE = (
    "No sheet has a header row naming each body's ONS code, the local authority and the service "
    "lines: this is not MHCLG's revenue outturn summary."
)
FIRST_YEAR, LAST_YEAR = 1990, 2100
BAD_YEAR = "--year {year} is not a financial year's first year, such as 2017 for 2017-18."
YEAR_UNKNOWN = "The file does not say which financial year it is for: give --year."
YEAR_CONFLICT = "The file is for {stated} ({where}), but --year says {given}."
YEARS_DIFFER = "The file names more than one financial year ({years}): give --year."
NOT_A_NUMBER = (
    "{value!r} is not a number. A figure may be left blank, or marked suppressed with .., x or c."
)
TOO_LARGE = "{value} is too large for a figure in £ thousand."
NOT_GSS = "{code!r} is not an ONS (GSS) code: a letter and eight digits, such as E07000012."
CODE_AGAIN = "{code} is on row {first} too: each body once."
UNKNOWN_COLUMN = (
    "Column {letter} {heading!r} is not a revenue outturn line VFM Hub knows. Leave it out "
    "(--ignore-column {letter}) to load the file without it."
)
SAME_LINE = "Column {letter} {heading!r} reads as {title}, which column {first} already gives."
UNHEADED_FIGURES = "Column {letter} has figures but no heading, so what they are is not known."

IDENTITY = Expected(
    {
        "ons_code": ("ONS code", "ONS LA code", "GSS code", "ONS code (new)", "LA code (ONS)"),
        "name": ("Local authority", "Local authority name", "Authority", "LA name", "Name"),
        "class": ("Class", "LA class", "Authority class"),
    }
)
_FOOTNOTE = re.compile(r"\s*(?:\((?:\d{1,2}|[a-z])\)|\*+)\s*$", re.I)
_LINES_NOTE = re.compile(r"\(\s*total of lines?[^)]*\)|\[[^\]]*\]", re.I)
_FINANCIAL_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-/–]\s*((?:19|20)?\d{2})(?!\d)")
_GSS = re.compile(r"^[A-Z]\d{8}$")
_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$")
_LINE_NUMBER = re.compile(r"^\d{3,4}$")
_MHCLG_CODE = re.compile(r"^E\d{4}$")
COUNTRY_PREFIX = "E92"  # England as a whole: a total, not a body
TOTAL_ROW = "a total (England, a class of authority) or a check sum, not a body"


def line_key(heading: str) -> str:
    """A heading as compared: footnote marks, "(total of lines 190 to 698)" and square-bracketed
    notes gone, then `match_key` (no case, punctuation, years or units)."""
    text = _LINES_NOTE.sub(" ", heading)
    while (stripped := _FOOTNOTE.sub("", text)) != text:
        text = stripped
    return match_key(text)


_BY_KEY: dict[str, Line] = {line_key(h): line for line in LINES for h in line.headings}
_IGNORED_BY_KEY = {line_key(h): why for h, why in IGNORED_HEADINGS.items()}
# Every line's headings, for finding the header row: identity columns plus the service lines.
_HEADER = Expected(
    {**IDENTITY.headings, **{line.code: line.headings for line in SERVICE_LINES}},
)
_REQUIRED = ("ons_code", "name")
_FEWEST_SERVICE_LINES = 5


@dataclass
class OutturnFile(ReferenceFile):
    """A revenue outturn file as read; `cells_left_blank` counts the figures of bodies read that
    the file left blank or marked suppressed or not collected."""

    cells_left_blank: int = 0


@dataclass
class _Column:
    index: int
    heading: str
    label: str
    line: Line | None = None
    values: int = 0


@dataclass
class _Layout:
    sheet: Sheet
    header: Header
    columns: list[_Column] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)


def _number(text: str) -> Decimal | None:
    if not text or not _NUMBER.match(text) or not any(ch.isdigit() for ch in text):
        return None
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
