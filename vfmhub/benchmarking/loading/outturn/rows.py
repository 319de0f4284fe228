"""The rows of a revenue outturn sheet: each body kept by ONS code with its figures, totals,
notes and bodies with no ONS code left out with the reason; and the measures the columns give."""

from vfmhub.benchmarking.loading.outturn.common import (
    _FOOTNOTE,
    _GSS,
    _MHCLG_CODE,
    CODE_AGAIN,
    COUNTRY_PREFIX,
    GROUP,
    LARGEST,
    NOT_A_NUMBER,
    NOT_GSS,
    SUPPRESSED,
    TOO_LARGE,
    TOTAL_ROW,
    UNIT,
    OutturnFile,
    _Layout,
    _number,
    line_key,
)
from vfmhub.benchmarking.loading.types import AreaRow, MeasureRow, ValueRow
from vfmhub.benchmarking.models import area_class_of
from vfmhub.core.importing import ImportIssue, Location
from vfmhub.lib.tabular import SourceRow


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
