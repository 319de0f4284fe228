"""The dashboard's chart: each body's value against the year's target, as % of its baseline."""

from django.utils.safestring import SafeString

from vfmhub.core.charts import Series, bar_chart
from vfmhub.efficiency.selectors.dashboard.types import ProgrammeDashboard
from vfmhub.lib.years import financial_year_label

ACHIEVED_COLOUR = "#1d70b8"
TARGET_COLOUR = "#505a5f"


def _short(name: str) -> str:
    for suffix in (" Borough Council", " District Council", " City Council", " County Council"):
        name = name.removesuffix(suffix)
    return name if len(name) <= 14 else name[:13] + "…"


def _percent(value: float) -> str:
    return f"{round(value, 1):g}%"


def progress_chart(dashboard: ProgrammeDashboard, *, width: int | None = None) -> SafeString | None:
    """Bars per body that returned: its value and its target, % of its baseline.

    The chart is as wide as its bodies need (about 64 units each), so its text stays readable.
    """
    rows = [b for b in dashboard.bodies if b.percent is not None]
    if not rows:
        return None
    width = width or min(960, max(400, 100 + 64 * len(rows)))
    year = financial_year_label(dashboard.year)
    return bar_chart(
        title=f"Cumulative value against target, {year}, % of each body's baseline",
        description="For each body that returned, its cumulative value and the year's cumulative "
        "target as a percentage of its baseline. The table beside the chart gives the figures.",
        categories=[_short(b.name) for b in rows],
        series=[
            Series("Achieved %", [float(b.percent or 0) for b in rows], ACHIEVED_COLOUR),
            Series(
                "Target %",
                [None if b.target_percent is None else float(b.target_percent) for b in rows],
                TARGET_COLOUR,
            ),
        ],
        y_label="% of baseline",
        width=width,
        height=300,
        number_format=_percent,
    )
