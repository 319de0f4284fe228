"""The pages' charts, drawn by `vfmhub.core.charts`: members at each overall level on the
partnership dashboard, and a body's final scores over the years.

The table beside each chart on its page carries the same numbers, for screen readers and for
copying.
"""

from dataclasses import dataclass

from django.utils.safestring import SafeString

from vfmhub.assessments.selectors.compare import FrameworkHistory
from vfmhub.assessments.selectors.distribution import Distribution
from vfmhub.core.charts import Series, bar_chart
from vfmhub.lib.years import financial_year_label


@dataclass(frozen=True)
class OverallChart:
    svg: SafeString
    rows: list[tuple[str, int]]  # (bar label, members), for the table beside the chart
    description: str


def overall_chart(distribution: Distribution, *, title: str) -> OverallChart | None:
    """Members at each overall level (after any projection) and not scored; None without levels."""
    overall = distribution.overall
    if overall is None or not distribution.levels:
        return None
    rows = [(f"Level {lv.value}", overall.counts.get(lv.value, 0)) for lv in distribution.levels]
    rows.append(("Not scored", overall.not_scored))
    words = "; ".join(f"{label}: {count}" for label, count in rows)
    description = f"Bar chart of members by overall score. {words}."
    svg = bar_chart(
        title=title,
        description=description,
        categories=[label for label, _ in rows],
        series=[Series("Members", [count for _, count in rows])],
        y_label="Members",
        width=560,
        height=280,
    )
    return OverallChart(svg=svg, rows=rows, description=description)


def history_chart(history: FrameworkHistory) -> SafeString:
    """A framework's overall final score by year (the page's table carries the same numbers)."""
    return bar_chart(
        title=f"{history.framework}: overall final score by year",
        description="; ".join(
            f"{financial_year_label(r.year)}: {r.overall if r.overall is not None else 'none'}"
            for r in history.rows
        ),
        categories=[financial_year_label(r.year) for r in history.rows],
        series=[Series("Overall", [r.overall for r in history.rows])],
        max_value=history.top_level,
        y_label="Score",
    )
