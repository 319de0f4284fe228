"""The partnership dashboard's downloads: its counts table and each member's scores, as CSV and
XLSX rows, cell for cell as on the page."""

from vfmhub.assessments.selectors.distribution import OVERALL, Distribution
from vfmhub.assessments.selectors.member_scores import DOES_NOT_APPLY, MemberColumn, MemberScores

DOES_NOT_APPLY_TEXT = "Does not apply"
NOT_SCORED_TEXT = "Not scored"


def distribution_table(distribution: Distribution) -> tuple[list[str], list[list]]:
    """Headers and rows for the CSV and XLSX downloads: the numbers on the page, cell for cell."""
    threshold = distribution.threshold
    headers = [
        "Row",
        "Code",
        "Name",
        *[f"Level {lv.value}: {lv.label}" for lv in distribution.levels],
        "Not scored",
        "Members counted",
        f"At level {threshold} or above",
        f"Share at level {threshold} or above (%)",
        "Mean",
    ]
    rows = [
        [
            row.kind.capitalize(),
            row.code,
            row.label,
            *[row.counts.get(lv.value, 0) for lv in distribution.levels],
            row.not_scored,
            row.members_counted,
            row.at_or_above,
            row.at_or_above_share,
            row.mean,
        ]
        for row in distribution.rows
    ]
    return headers, rows


def member_scores_table(scores: MemberScores) -> tuple[list[str], list[list]]:
    """Headers and rows for the CSV and XLSX downloads, cell for cell as on the page."""
    headers = ["Member", *[_export_heading(c) for c in scores.columns]]
    rows = [[row.name, *[_export_cell(cell) for cell in row.cells]] for row in scores.rows]
    return headers, rows


def _export_heading(column: MemberColumn) -> str:
    if column.kind == OVERALL:
        return "Overall"
    return f"{column.heading} {column.title}"


def _export_cell(cell: int | str | None) -> int | str:
    if cell is None:
        return NOT_SCORED_TEXT
    if cell == DOES_NOT_APPLY:
        return DOES_NOT_APPLY_TEXT
    return cell
