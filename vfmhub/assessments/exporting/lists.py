"""The CSV and XLSX downloads of the assessment pages' lists: each a heading row and the rows, cell
for cell as the page shows them (the pages pass them to `vfmhub.core.exports.export_response`)."""

from collections.abc import Iterable, Iterator

from vfmhub.assessments.exporting.report import SCORE_HEADERS
from vfmhub.assessments.models import Assessment
from vfmhub.assessments.selectors.assessments import TaskList
from vfmhub.assessments.selectors.compare import Comparison, FrameworkHistory
from vfmhub.lib.years import financial_year_label

Table = tuple[list[str], Iterable[list]]

TASK_LIST_HEADERS = [header for header in SCORE_HEADERS if header != "Stage"]


def assessments_table(assessments: Iterable[Assessment]) -> Table:
    """An organisation's assessments."""
    headers = ["Year", "Framework version", "Kind", "Status", "Publication date"]
    rows = (
        [
            financial_year_label(a.year),
            a.version.name,
            a.get_kind_display(),
            a.get_status_display(),
            a.publish_on,
        ]
        for a in assessments
    )
    return headers, rows


def task_list_table(task_list: TaskList, labels: dict[int, str]) -> Table:
    """One assessment's criterion scores at its current stage."""
    return TASK_LIST_HEADERS, _task_rows(task_list, labels)


def _task_rows(task_list: TaskList, labels: dict[int, str]) -> Iterator[list]:
    for theme in task_list.themes:
        for score in theme.scores:
            yield [
                f"{theme.theme.code} {theme.theme.title}",
                score.criterion.code,
                score.criterion.title,
                score.value,
                labels.get(score.value, "Not scored") if score.value else "Not scored",
                score.narrative,
                score.strengths,
                score.areas_for_improvement,
                score.scored_by.email if score.scored_by else "",
                score.scored_at,
            ]


def comparison_table(comparison: Comparison) -> Table:
    """Self, provisional and final scores side by side."""
    headers = ["Level", "Code", "Title", *[c.label for c in comparison.columns]]
    overall = [comparison.overall] if comparison.overall is not None else []
    rows = (
        ["Theme" if row.is_theme else "Criterion", row.code, row.title]
        + [cell.value for cell in row.cells]
        for row in [*comparison.criteria, *comparison.themes, *overall]
    )
    return headers, rows


def history_table(histories: list[FrameworkHistory]) -> Table:
    """Final overall and theme scores over the years, by framework."""
    headers = ["Framework", "Year", "Version", "Overall", "Theme scores"]
    rows = (
        [
            h.framework,
            financial_year_label(r.year),
            r.version,
            r.overall,
            "; ".join(
                f"{code}: {value if value is not None else '-'}"
                for (code, _), value in zip(h.theme_columns, r.themes, strict=True)
            ),
        ]
        for h in histories
        for r in h.rows
    )
    return headers, rows
