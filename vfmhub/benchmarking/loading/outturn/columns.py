"""The columns of a revenue outturn sheet: each heading read as one line, by itself or under
its group heading, or left out with the reason, or refused at its column."""

from collections.abc import Collection

from vfmhub.benchmarking.loading.outturn.common import (
    _BY_KEY,
    _GSS,
    _IGNORED_BY_KEY,
    _LINE_NUMBER,
    IDENTITY,
    SAME_LINE,
    UNHEADED_FIGURES,
    UNKNOWN_COLUMN,
    OutturnFile,
    _Column,
    _Layout,
    _number,
    line_key,
)
from vfmhub.benchmarking.loading.outturn.lines import IGNORED_HEADINGS, Line
from vfmhub.core.importing import ImportIssue, Location
from vfmhub.lib.headings import Header, match_key, within_one_edit
from vfmhub.lib.tabular import Sheet, SourceRow, column_letter


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
