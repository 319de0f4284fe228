"""Layout of the dashboard's bar chart: members at each overall level, as plain SVG numbers.

The template draws it; the table beside it carries the same numbers for screen readers and print.
"""

from dataclasses import dataclass

from vfmhub.assessments.dashboard.compute import Distribution

WIDTH = 480
HEIGHT = 260
LEFT = 40
RIGHT = 10
TOP = 16
BOTTOM = 40
MAX_TICKS = 5


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    width: int
    height: int
    left: int
    baseline: float
    right_edge: float
    bars: list[Bar]
    ticks: list[Tick]


def _ticks(top: int) -> list[int]:
    step = max(1, -(-top // MAX_TICKS))
    upper = step * -(-top // step)
    return list(range(0, upper + 1, step))


def overall_chart(distribution: Distribution, *, title: str) -> BarChart | None:
    """Bars of members at each overall level (after any projection); None without overall data."""
    overall = distribution.overall
    if overall is None or not distribution.levels:
        return None
    counts = [(f"Level {lv.value}", overall.counts.get(lv.value, 0)) for lv in distribution.levels]
    counts.append(("Not scored", overall.not_scored))
    ticks = _ticks(max([count for _, count in counts] + [1]))
    top = ticks[-1] if ticks[-1] > 0 else 1
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / len(counts)
    bars = []
    for index, (label, count) in enumerate(counts):
        height = plot_height * count / top
        bars.append(
            Bar(
                label=label,
                count=count,
                x=round(LEFT + index * slot + slot * 0.15, 1),
                y=round(TOP + plot_height - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
            )
        )
    words = "; ".join(f"{label}: {count}" for label, count in counts)
    return BarChart(
        title=title,
        description=f"Bar chart of members by overall score. {words}.",
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        baseline=TOP + plot_height,
        right_edge=WIDTH - RIGHT,
        bars=bars,
        ticks=[Tick(v, round(TOP + plot_height - plot_height * v / top, 1)) for v in ticks],
    )
