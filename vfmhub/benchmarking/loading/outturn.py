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

import hashlib
import re
import warnings
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from vfmhub.benchmarking.loading.types import AreaRow, MeasureRow, ReferenceFile, ValueRow
from vfmhub.benchmarking.models import SourceKind, area_class_of
from vfmhub.core.importing import ImportIssue, Location, file_location
from vfmhub.lib.headings import Expected, Header, choose_sheet, match_key, within_one_edit
from vfmhub.lib.tabular import Sheet, SourceRow, TabularError, column_letter, read_sheets

__all__ = [
    "LINES",
    "SERVICE_LINES",
    "OutturnFile",
    "is_outturn",
    "outturn_read",
]

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


@dataclass(frozen=True)
class Line:
    """One line of the summary: its fixed measure code, and the headings it has had."""

    code: str
    title: str
    headings: tuple[str, ...] = ()
    is_spend: bool = False
    description: str = ""


def _line(code: str, title: str, *more: str, spend: bool = False, note: str = "") -> Line:
    return Line(f"outturn.{code}", title, (title, *more), spend, note)


SERVICE_NOTE = "Net current expenditure on the service (after sales, fees, charges and grants)."
# The service lines: net current expenditure by service, each with a cost per head.
SERVICE_LINES: tuple[Line, ...] = tuple(
    _line(code, title, *more, spend=True, note=SERVICE_NOTE)
    for code, title, *more in (
        ("education", "Education services", "Education", "Total education services"),
        (
            "highways_transport",
            "Highways and transport services",
            "Highways, roads and transport services",
        ),
        (
            "childrens_social_care",
            "Children's social care",
            "Children Social Care",
            "Childrens social care services",
        ),
        ("adult_social_care", "Adult social care", "Adult social care services"),
        ("public_health", "Public health", "Public health services"),
        (
            "housing",
            "Housing services (GFRA only)",
            "Housing services",
            "Housing services (General Fund Revenue Account only)",
        ),
        ("cultural", "Cultural and related services", "Cultural services"),
        ("environmental_regulatory", "Environmental and regulatory services"),
        ("planning_development", "Planning and development services"),
        ("police", "Police services"),
        ("fire", "Fire and rescue services", "Fire services"),
        ("court", "Court services"),  # until 2011-12: coroners' and magistrates' courts
        ("central", "Central services"),
        ("other", "Other services"),
        ("total_service", "Total service expenditure"),
    )
)
SPEND_NOTE = "Spending across services, in £ thousand."
OTHER_LINES: tuple[Line, ...] = (
    _line("net_current", "Net current expenditure", spend=True, note=SPEND_NOTE),
    _line("revenue_expenditure", "Revenue expenditure", spend=True, note=SPEND_NOTE),
    _line("net_revenue", "Net revenue expenditure", spend=True, note=SPEND_NOTE),
    _line("council_tax_requirement", "Council tax requirement"),
    _line("revenue_support_grant", "Revenue Support Grant"),
    _line(
        "retained_business_rates",
        "Retained income from Rate Retention Scheme",
        "Retained income from the Rate Retention Scheme",
        "Retained business rates",
    ),
    _line(
        "redistributed_business_rates",
        "Redistributed non-domestic rates",
        "Redistributed business rates",
    ),
    _line("area_based_grant", "Area Based Grant"),
    _line("police_grant", "Police grant"),
    _line(
        "local_services_support_grant",
        "Local Services Support Grant (LSSG)",
        "Local Services Support Grant",
    ),
    _line("specific_grants_inside_aef", "Specific and special grants inside AEF"),
    _line("specific_grants_outside_aef", "Specific and special grants outside AEF"),
    _line("hb_rent_allowances", "Housing benefits: rent allowances - mandatory payments"),
    _line("hb_non_hra_rent_rebates", "Housing benefits: non-HRA rent rebates - mandatory payments"),
    _line(
        "hb_hra_rent_rebates", "Housing benefits: rent rebates to HRA tenants - mandatory payments"
    ),
    _line("hb_subsidy_limitation", "Housing benefits: subsidy limitation transfers from HRA"),
    _line("hra_whole_community", "Contribution to the HRA re items shared by the whole community"),
    _line("parish_precepts", "Parish precepts"),
    _line("levy_integrated_transport", "Integrated Transport Authority levy"),
    _line("levy_waste_disposal", "Waste Disposal Authority levy"),
    _line("levy_london_pensions", "London Pensions Fund Authority levy"),
    _line("levy_other", "Other levies"),
    _line("levy_environment_agency", "Levy: Environment Agency flood defence"),
    _line("trading_external", "External Trading Accounts net surplus(-)/ deficit(+)"),
    _line("trading_internal", "Internal Trading Accounts net surplus(-)/ deficit(+)"),
    _line("trading_capital_external", "Capital items accounted for in External Trading Accounts"),
    _line("trading_capital_internal", "Capital items accounted for in Internal Trading Accounts"),
    _line("accumulated_absences", "Appropriations to(+) / from(-) Accumulated Absences Account"),
    _line("nce_adjustments", "Adjustments to net current expenditure"),
    _line(
        "cera",
        "Capital expenditure charged to the GF Revenue Account (CERA) (exclude Public Health)",
        "Capital expenditure charged to the GF Revenue Account (CERA)",
    ),
    _line(
        "cera_public_health",
        "Capital expenditure charged to the GF Revenue Account (CERA) (Public Health)",
    ),
    _line("flexible_capital_receipts", "Flexible use of Capital Receipts"),
    _line("bad_debts", "Provision for bad debts (+/-)"),
    _line("repayment_of_principal", "Provision for repayment of principal"),
    _line("leasing", "Leasing payments"),
    _line("interest_payments", "Interest: external payments"),
    _line("interest_hra_item_8", "Interest: HRA item 8 payments and receipts"),
    _line(
        "interest_receipts", "Interest and investment income (-): external receipts and dividends"
    ),
    _line(
        "pfi_difference",
        "Private Finance Initiative (PFI) schemes - difference from service charge",
    ),
    _line(
        "financial_instruments",
        "Appropriations to(+)/ from(-) financial instruments adjustment account",
    ),
    _line("unequal_pay", "Appropriations to(+)/ from(-) unequal pay back pay account"),
    _line(
        "business_rates_supplement",
        "Business Rates Supplement (GLA only)",
        "Business Rates Supplement",
    ),
    _line("community_infrastructure_levy", "Community Infrastructure levy"),
    _line("crc_expenditure", "Carbon Reduction Commitment (CRC) transactions (expenditure) (+)"),
    _line("crc_income", "Carbon Reduction Commitment (CRC) transactions (income) (-)"),
    _line("reorganisation_transfers", "Inter-authority transfers in respect of reorganisation"),
    _line("reserves_schools_appropriations", "Appropriations to(+)/ from(-) schools' reserves"),
    _line(
        "reserves_public_health_appropriations",
        "Appropriations to(+)/ from(-) public health financial reserves",
    ),
    _line(
        "reserves_earmarked_appropriations",
        "Appropriations to(+)/ from(-) other earmarked financial reserves",
    ),
    _line(
        "reserves_unallocated_appropriations",
        "Appropriations to(+)/ from(-) unallocated financial reserves",
    ),
    _line("collection_fund_council_tax", "Collection fund surplus/deficits for council tax"),
    _line("other_items", "Other items"),
    *(
        _line(
            f"reserves_{kind}_{end}",
            f"Estimated {words} reserves level at {day}",
            f"Reserves at {day} {words} reserves",
        )
        for end, day in (("start", "1 April"), ("end", "31 March"))
        for kind, words in (
            ("schools", "schools"),
            ("public_health", "public health financial"),
            ("earmarked", "other earmarked financial"),
            ("unallocated", "unallocated financial"),
        )
    ),
    _line("prior_year_adjustments", "Prior year adjustments"),
    _line("depreciation", "Depreciation"),
    _line("impairment", "Loss on impairment of assets"),
    _line("revaluations", "Revaluations taken to surplus or deficit on the provision of services"),
    _line("capital_grants_credit", "Credit for capital grants"),
    _line("recs", "Revenue Expenditure funded from Capital by Statute (RECS)"),
    _line("capital_items_total", "Total capital items"),
    _line("lcts_pensioners", "Total council tax revenue foregone - pensioners"),
    _line("lcts_working_age", "Total council tax revenue foregone - working age people"),
    _line("lcts_total", "Total amount of council tax revenue foregone"),
    _line(
        "lcts_parishes",
        "The total amount paid to local parishes [by the billing authority] "
        "with respect to their council tax support allocation",
    ),
    _line("equal_pay_schools", "One off equal pay costs - falling on the schools budget"),
    _line("equal_pay_other", "One off equal pay costs - chargeable to any other revenue account"),
    _line(
        "icelandic_interest_payable",
        "Icelandic Bank Impairment: Interest payable and similar charges",
        "Interest payable and similar charges",
    ),
    _line(
        "icelandic_interest_receipts",
        "Icelandic Bank Impairment: Interest and investment income "
        "(-): external receipts and dividends",
    ),
    _line(
        "total_service_on_balance_sheet",
        'Total service expenditure on non-IAS19 and PFI "On Balance Sheet" basis',
    ),
    _line("hra_income", "Total Housing Revenue Account (HRA) income"),
    _line("hra_expenditure", "Total Housing Revenue Account (HRA) expenditure"),
    _line("hra_surplus_deficit", "Surplus or deficit for the year on HRA services"),
    _line("hra_reserves_start", "Housing Revenue Account (HRA) Reserves at 1 April"),
    _line("hra_reserves_end", "Housing Revenue Account (HRA) Reserves at 31 March"),
)
LINES: tuple[Line, ...] = SERVICE_LINES + OTHER_LINES

# Headings known and deliberately not read, with why.
IGNORED_HEADINGS = {
    "E-code": "MHCLG's own code for the body; bodies are kept by ONS code",
    "Ecode": "MHCLG's own code for the body; bodies are kept by ONS code",
    "Class": "the class is taken from the ONS code (a fire authority's E31 code, say)",
    "SUB-TOTAL": "a running subtotal (net current expenditure and lines 759 to 783) whose "
    "meaning depends on where it stands; revenue expenditure, the total it leads to, is kept",
    'Please confirm the form is completed on non-IAS19 and PFI "Off-Balance Sheet" basis': (
        "a yes (1) or no (0) confirmation of the accounting basis, not a figure"
    ),
}
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


def _header_of(sheets: Sequence[Sheet]) -> tuple[Sheet, Header] | None:
    sheet, header = choose_sheet(sheets, _HEADER, required=_REQUIRED)
    if header is None or not all(name in header.columns for name in _REQUIRED):
        return None
    if sum(1 for name in header.columns if name.startswith("outturn.")) < _FEWEST_SERVICE_LINES:
        return None
    return sheet, header


def _sheets(data: bytes, name: str) -> list[Sheet]:
    # The 2017-18 workbook's print area names a sheet, which openpyxl warns of on every read.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Print area cannot be set", UserWarning)
        return read_sheets(data, name, spreadsheets_only=True)


def is_outturn(path: str | Path) -> bool:
    """Whether the file is a revenue outturn summary: a sheet whose header names the ONS code,
    the local authority and at least five service lines. False for anything unreadable."""
    try:
        sheets = _sheets(Path(path).read_bytes(), Path(path).name)
    except (TabularError, OSError):
        return False
    return _header_of(sheets) is not None


def outturn_read(
    path: str | Path, *, year: int | None = None, ignore: Collection[str] = ()
) -> OutturnFile:
    """The file as read, every row and column accounted for; problems in `refused` (a file with
    any is not loaded). `year` is the financial year's first year (2017 for 2017-18): taken from
    the file when not given, refused when the file says otherwise. `ignore` names columns to
    leave out, by letter or heading."""
    data = Path(path).read_bytes()
    read = OutturnFile(
        kind=SourceKind.OUTTURN,
        title=TITLE,
        publisher=PUBLISHER,
        file_name=Path(path).name,
        sha256=hashlib.sha256(data).hexdigest(),
        url=URL,
    )
    try:
        sheets = _sheets(data, read.file_name)
    except TabularError as exc:
        read.refused.append(ImportIssue(file_location(exc), exc.detail))
        return read
    found = _header_of(sheets)
    if found is None:
        read.refused.append(ImportIssue(Location(row=0), NO_TABLE))
        read.refused.extend(_unreadable(sheets))
        return read
    sheet, header = found
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        read.refused.append(ImportIssue(Location(row=0), BAD_YEAR.format(year=year)))
        return read
    read.year = _year(sheet, header, year, read)
    if read.year is not None:
        read.title = f"{TITLE} {_label(read.year)}"
    layout = _layout(sheet, header, ignore, read)
    read.refused.extend(layout.issues)
    if not read.refused:
        _rows_read(layout, read)
        _measures(layout, read)
    return read


def _unreadable(sheets: Sequence[Sheet]) -> list[ImportIssue]:
    """Why each sheet that could not be read was not (a formula with no saved value), since the
    table may be on one of them."""
    issues = []
    for sheet in sheets:
        if (problem := sheet.problem) is not None:
            where = Location(row=problem.row or 0, sheet=problem.sheet or sheet.name)
            issues.append(ImportIssue(where.at_column(problem.column), problem.detail))
    return issues


# The year ---------------------------------------------------------------------------------


def _year(sheet: Sheet, header: Header, given: int | None, read: OutturnFile) -> int | None:
    """The year --year gave, checked against the one the sheet's name and titles state."""
    stated: dict[int, Location] = {}
    for first in _financial_years(sheet.name):
        stated.setdefault(first, Location(row=0, sheet=sheet.name))
    for row in sheet.rows[: header.row.number - 1]:
        for first in _financial_years(" ".join(row.cells)):
            stated.setdefault(first, Location(row=row.number, sheet=sheet.name))
    if given is not None:
        for first, where in stated.items():
            if first != given:
                place = f"the sheet's name {sheet.name!r}" if where.row == 0 else str(where)
                message = YEAR_CONFLICT.format(
                    stated=_label(first), where=place, given=_label(given)
                )
                read.refused.append(ImportIssue(where, message))
        return given
    if len(stated) == 1:
        return next(iter(stated))
    years = ", ".join(_label(y) for y in sorted(stated))
    message = YEARS_DIFFER.format(years=years) if stated else YEAR_UNKNOWN
    read.refused.append(ImportIssue(Location(row=0, sheet=sheet.name), message))
    return None


def _financial_years(text: str) -> list[int]:
    years = []
    for match in _FINANCIAL_YEAR.finditer(text):
        first, second = int(match[1]), int(match[2])
        if second % 100 == (first + 1) % 100 and (second < 100 or second == first + 1):
            years.append(first)
    return years


def _label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


# The columns ------------------------------------------------------------------------------


def _layout(sheet: Sheet, header: Header, ignore: Collection[str], read: OutturnFile) -> _Layout:
    layout = _Layout(sheet, header)
    lines_row, groups = _above(sheet, header)
    identity = {index: name for name, index in header.columns.items() if name in IDENTITY.keys}
    ignored = {match_key(i) for i in ignore}
    taken: dict[str, _Column] = {}
    where = Location(row=header.row.number, sheet=sheet.name)
    for index in range(_width(sheet, header)):
        heading = header.row.cell(index)
        letter = column_letter(index)
        number = lines_row.cell(index) if lines_row else ""
        label = f"{heading} (line {number})" if _LINE_NUMBER.match(number) else heading
        if index in identity:
            if identity[index] == "class":
                read.columns_ignored[heading] = IGNORED_HEADINGS["Class"]
            else:
                read.columns_used.append(heading)
            continue
        if match_key(letter) in ignored or (heading and match_key(heading) in ignored):
            read.columns_ignored[label or f"Column {letter}"] = "left out when loading"
            continue
        if not heading:
            _unheaded(layout, index, letter, read)
            continue
        key = line_key(heading)
        if key in _IGNORED_BY_KEY:
            read.columns_ignored[label] = _IGNORED_BY_KEY[key]
            continue
        line = _line_for(key, line_key(f"{groups.get(index, '')} {heading}"), taken)
        column = _Column(index, heading, label, line)
        if line is None:
            message = UNKNOWN_COLUMN.format(letter=letter, heading=heading)
            layout.issues.append(
                ImportIssue(where.at_column(index, heading), message, ignorable=letter)
            )
        elif line.code in taken:
            first = column_letter(taken[line.code].index)
            message = SAME_LINE.format(
                letter=letter, heading=heading, title=line.title, first=first
            )
            layout.issues.append(
                ImportIssue(where.at_column(index, heading), message, ignorable=letter)
            )
        else:
            taken[line.code] = column
            layout.columns.append(column)
    return layout


def _width(sheet: Sheet, header: Header) -> int:
    return max([len(header.row.cells), *(len(r.cells) for r in sheet.rows[header.end :])])


def _line_for(key: str, grouped: str, taken: dict[str, _Column]) -> Line | None:
    """The line a heading reads as: under its group heading first ("Icelandic Bank Impairment:
    Interest …"), then alone, then a letter away (a typo) from a line not yet taken."""
    for candidate in (grouped, key):
        if candidate in _BY_KEY:
            return _BY_KEY[candidate]
    if len(key) < 5:
        return None
    for known, line in _BY_KEY.items():
        if line.code not in taken and within_one_edit(key, known):
            return line
    return None


def _above(sheet: Sheet, header: Header) -> tuple[SourceRow | None, dict[int, str]]:
    """The row of line numbers just above the headings, if any, and each column's group heading
    (the nearest row above of two or more words that are not numbers, carried across the
    columns it spans)."""
    first_value = max(header.columns.get(n, 0) for n in IDENTITY.keys) + 1
    lines_row: SourceRow | None = None
    groups: dict[int, str] = {}
    above = sheet.rows[max(0, header.row.number - 4) : header.row.number - 1]
    for row in reversed(above):
        cells = [c for c in row.cells[first_value:] if c]
        if not cells:
            continue
        numbers = sum(1 for c in cells if _LINE_NUMBER.match(c))
        if lines_row is None and numbers * 2 >= len(cells):
            lines_row = row
        elif numbers == 0 and len(cells) >= 2 and not groups:
            current = ""
            for index in range(first_value, _width(sheet, header)):
                current = row.cell(index) or current
                groups[index] = current
    return lines_row, groups


def _unheaded(layout: _Layout, index: int, letter: str, read: OutturnFile) -> None:
    """A column with no heading: left out when it holds no figures ("Grossed", marking a body
    MHCLG estimated), refused when it holds figures nobody can name."""
    rows = layout.sheet.rows[layout.header.end :]
    notes = sorted({r.cell(index) for r in rows if r.cell(index)})
    if not notes:
        return
    code_at = layout.header.columns["ons_code"]
    bodies = [r for r in rows if _GSS.match(r.cell(code_at).strip().upper())]
    if any(_number(r.cell(index)) is not None for r in bodies):
        where = Location(row=layout.header.row.number, sheet=layout.sheet.name)
        message = UNHEADED_FIGURES.format(letter=letter)
        layout.issues.append(ImportIssue(where.at_column(index), message, ignorable=letter))
        return
    shown = ", ".join(repr(n) for n in notes[:3]) + (", …" if len(notes) > 3 else "")
    why = f"notes, not figures: {shown}"
    if "Grossed" in notes:
        why += " ('Grossed' marks a body whose figures MHCLG estimated)"
    read.columns_ignored[f"Column {letter} (no heading)"] = why


# The rows ---------------------------------------------------------------------------------


def _rows_read(layout: _Layout, read: OutturnFile) -> None:
    header, sheet = layout.header, layout.sheet
    code_at, name_at = header.columns["ons_code"], header.columns["name"]
    seen: dict[str, int] = {}
    assert read.year is not None
    for row in sheet.rows[header.end :]:
        read.rows_read += 1
        if row.is_blank:
            read.ignore("blank row")
            continue
        if header.is_repeat(row):
            read.ignore("the header repeated")
            continue
        code = row.cell(code_at).strip().upper()
        if not code:
            read.ignore(_why_no_code(row, layout))
            continue
        where = Location(row=row.number, sheet=sheet.name)
        if not _GSS.match(code) and _is_note(row, layout, code):
            read.ignore("a title or note, not a body")
            continue
        if code.startswith(COUNTRY_PREFIX):
            read.ignore(TOTAL_ROW)
            continue
        if not _GSS.match(code):
            message = NOT_GSS.format(code=row.cell(code_at))
            read.refused.append(
                ImportIssue(where.at_column(code_at, header.row.cell(code_at)), message)
            )
            continue
        if not code.startswith("E"):
            read.ignore("not an English body (the ONS code does not start with E)")
            continue
        if code in seen:
            message = CODE_AGAIN.format(code=code, first=seen[code])
            read.refused.append(ImportIssue(where.at_column(code_at), message))
            continue
        seen[code] = row.number
        values, blank, issues = _figures(row, layout, code, read.year)
        if issues:
            read.refused.extend(issues)
            continue
        if not values:
            read.ignore("a body with no figures (every cell blank or marked not collected)")
            continue
        read.rows_used += 1
        read.cells_left_blank += blank
        name = _FOOTNOTE.sub("", row.cell(name_at)).strip()
        read.areas.append(AreaRow(gss_code=code, name=name, area_class=area_class_of(code)))
        read.values.extend(values)


def _is_note(row: SourceRow, layout: _Layout, code: str) -> bool:
    """Words in the code column with no figures beside them: a note below the table, where a
    workbook has the ONS code in its first column."""
    has_figures = any(_number(row.cell(c.index)) is not None for c in layout.columns)
    return not has_figures and (" " in code or len(code) > 12)


def _why_no_code(row: SourceRow, layout: _Layout) -> str:
    """Why a row with no ONS code is left out: a body MHCLG codes but ONS does not (its E-code
    given), a total (figures but no code), or a title or note."""
    if not any(_number(row.cell(c.index)) is not None for c in layout.columns):
        return "a title or note, not a body"
    headings = layout.header.row.cells
    ecode_at = next((i for i, h in enumerate(headings) if line_key(h) == "ecode"), None)
    if ecode_at is not None and _MHCLG_CODE.match(row.cell(ecode_at)):
        return "a body with no ONS code (such as Lee Valley Regional Park Authority)"
    return TOTAL_ROW


def _figures(
    row: SourceRow, layout: _Layout, code: str, year: int
) -> tuple[list[ValueRow], int, list[ImportIssue]]:
    values, blank, issues = [], 0, []
    where = Location(row=row.number, sheet=layout.sheet.name)
    for column in layout.columns:
        assert column.line is not None
        text = row.cell(column.index).strip()
        if not text or text.lower() in SUPPRESSED:
            blank += 1
            continue
        value = _number(text)
        if value is None or abs(value) >= LARGEST:
            template = NOT_A_NUMBER if value is None else TOO_LARGE
            message = template.format(value=_shown(text))
            issues.append(ImportIssue(where.at_column(column.index, column.heading), message))
            continue
        column.values += 1
        values.append(ValueRow(column.line.code, code, year, value))
    return values, blank, issues


def _shown(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:16]}… ({len(text):,} characters)"


def _number(text: str) -> Decimal | None:
    if not text or not _NUMBER.match(text) or not any(ch.isdigit() for ch in text):
        return None
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _measures(layout: _Layout, read: OutturnFile) -> None:
    for column in layout.columns:
        assert column.line is not None
        if not column.values:
            read.columns_ignored[column.label] = "every cell blank or marked not collected"
            continue
        read.columns_used.append(column.label)
        line = column.line
        read.measures.append(
            MeasureRow(
                code=line.code,
                title=line.title,
                group=GROUP,
                unit=UNIT,
                is_spend=line.is_spend,
                description=line.description or "A line of MHCLG's revenue outturn summary.",
            )
        )
