"""MHCLG's Revenue Outturn Summary (RS): every English body's net spend by service line, its
financing and its reserves, one workbook a financial year, in £ thousand.

The 2017-18 workbook is an XLSX; other years were published as legacy XLS whose columns differ
(headings renamed, lines added and dropped, the header on another row). So nothing is read by
position: the sheet and its header row are found by content (a row naming the ONS code, the
local authority and service lines), and each column is known by its heading, compared without
case, punctuation, years, units, footnote marks or "(total of lines …)", and, where two columns
share a heading, by the group heading above them ("Icelandic Bank Impairment"). Each known
heading reads as one fixed measure code; a heading not known refuses the file (at its column)
until the user leaves it out. The line number row above the headings, where there is one, is
shown with each column. Bodies are kept by ONS (GSS) code; totals, notes and a body with no ONS
code are left out with the reason."""

from vfmhub.benchmarking.loading.outturn.common import (
    BAD_YEAR,
    GROUP,
    NO_TABLE,
    TOTAL_ROW,
    UNIT,
    YEAR_UNKNOWN,
    OutturnFile,
    line_key,
)
from vfmhub.benchmarking.loading.outturn.lines import LINES, SERVICE_LINES, Line
from vfmhub.benchmarking.loading.outturn.reader import is_outturn, outturn_read

__all__ = [
    "BAD_YEAR",
    "GROUP",
    "LINES",
    "NO_TABLE",
    "SERVICE_LINES",
    "TOTAL_ROW",
    "UNIT",
    "YEAR_UNKNOWN",
    "Line",
    "OutturnFile",
    "is_outturn",
    "line_key",
    "outturn_read",
]
