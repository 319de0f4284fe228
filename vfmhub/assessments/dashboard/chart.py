"""The dashboard's bar chart: members at each overall level, drawn by `vfmhub.core.charts`.

The table beside it on the page carries the same numbers, for screen readers and for copying.
"""

from dataclasses import dataclass

from django.utils.safestring import SafeString

from vfmhub.assessments.dashboard.compute import Distribution
from vfmhub.core.charts import Series, bar_chart


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
