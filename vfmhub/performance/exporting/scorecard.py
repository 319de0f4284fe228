"""Downloads of the performance page (exactly the rows shown, after the filters) and the
indicator page's trend chart: an accessible inline SVG that sits beside the table of its data.
"""

import hashlib
import math
from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from vfmhub.performance.selectors.indicators import TrendPoint
from vfmhub.performance.selectors.pages import DueIndicator, Line, Scorecard

HEADERS = [
    "Code",
    "Indicator",
    "Priority",
    "Local or national",
    "Period",
    "Value",
    "Unit",
    "Target",
    "RAG",
    "Against previous period",
    "Against same period last year",
    "Year to date",
    "Year-end forecast",
    "Forecast entered by an officer",
    "Status",
    "Needs commentary",
    "Commentary",
]


def line_cells(line: Line) -> list:
    evaluation = line.reported.evaluation
    indicator = line.indicator
    return [
        indicator.code,
        indicator.title,
        line.priority_titles,
        "National" if indicator.is_national else "Local",
        evaluation.period.label,
        evaluation.value,
        indicator.unit,
        evaluation.target,
        evaluation.band.name if evaluation.band else "",
        evaluation.against_previous.value,
        evaluation.against_last_year.value,
        evaluation.year_to_date,
        evaluation.forecast,
        "Yes" if line.reported.forecast_entered else "No",
        line.status_label,
        "Yes" if line.reported.needs_commentary else "No",
        line.commentary.what_happened if line.commentary else "",
    ]


def scorecard_rows(scorecard: Scorecard) -> list[list]:
    return [line_cells(line) for line in scorecard.lines]


# -- the trend chart ------------------------------------------------------------------------------

VALUE_COLOUR, TARGET_COLOUR, TEXT, GRID = "#1d70b8", "#0b0c0c", "#0b0c0c", "#b1b4b6"
WIDTH, HEIGHT, FONT = 640, 320, 14
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 16, 84


def _scale(values: Sequence[float]) -> tuple[float, float, list[float]]:
    """(bottom, top, ticks) of the value axis: from zero (or below it) to a round top."""
    low, high = min([0.0, *values]), max([0.0, *values])
    span = (high - low) or 1.0
    step = 10 ** math.floor(math.log10(span / 5)) if span / 5 > 0 else 1.0
    step = next(m * step for m in (1, 2, 5, 10) if m * step >= span / 5)
    bottom, top = math.floor(low / step) * step, math.ceil(high / step) * step
    ticks = [bottom + step * i for i in range(round((top - bottom) / step) + 1)]
    return bottom, top if top > bottom else bottom + step, ticks


def _text(x: float, y: float, text: str, anchor: str = "middle", extra: str = "") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{FONT}" '
        f'fill="{TEXT}"{extra}>{escape(text)}</text>'
    )


def _line(points: list[tuple[float, float] | None], colour: str, dashed: bool) -> list[str]:
    """A line through the points, broken where one is missing, with a marker on each."""
    parts: list[str] = []
    run: list[tuple[float, float]] = []
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    for point in [*points, None]:
        if point is None:
            if len(run) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                parts.append(
                    f'<polyline points="{path}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"{dash}/>'
                )
            run = []
        else:
            run.append(point)
    if not dashed:
        parts += [
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'
            for x, y in (p for p in points if p is not None)
        ]
    return parts


def trend_chart(
    *,
    title: str,
    description: str,
    categories: Sequence[str],
    values: Sequence[Decimal | None],
    targets: Sequence[Decimal | None],
) -> SafeString:
    """A line of values and a dashed line of targets over the periods, as an SVG with its own
    accessible name and description; the page puts the same figures in a table beside it."""
    numbers = [float(v) for v in (*values, *targets) if v is not None]
    bottom, top, ticks = _scale(numbers)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(categories), 1)

    def y(value: float) -> float:
        return TOP + plot_h * (1 - (value - bottom) / (top - bottom))

    def at(series: Sequence[Decimal | None]) -> list[tuple[float, float] | None]:
        return [
            None if v is None else (LEFT + slot * (i + 0.5), y(float(v)))
            for i, v in enumerate(series)
        ]

    key = hashlib.sha256(f"{title}|{categories}".encode()).hexdigest()[:8]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" font-family="system-ui, sans-serif" '
        f'aria-labelledby="trend-{key}-title trend-{key}-desc">',
        f'<title id="trend-{key}-title">{escape(title)}</title>',
        f'<desc id="trend-{key}-desc">{escape(description)}</desc>',
    ]
    for tick in ticks:
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(_text(LEFT - 6, y(tick) + FONT * 0.35, f"{tick:,.10g}", anchor="end"))
    every = max(1, math.ceil(len(categories) / 12))
    for i, category in enumerate(categories):
        if i % every == 0:
            x, base = LEFT + slot * (i + 0.5), HEIGHT - BOTTOM + FONT + 4
            parts.append(
                _text(x, base, category, "end", f' transform="rotate(-40 {x:.1f} {base:.1f})"')
            )
    parts += _line(at(targets), TARGET_COLOUR, dashed=True)
    parts += _line(at(values), VALUE_COLOUR, dashed=False)
    legend_y = HEIGHT - 8
    parts += [
        f'<circle cx="{LEFT + 6}" cy="{legend_y - 5}" r="4" fill="{VALUE_COLOUR}"/>',
        _text(LEFT + 16, legend_y, "Value", "start"),
        f'<line x1="{LEFT + 80}" x2="{LEFT + 108}" y1="{legend_y - 5}" y2="{legend_y - 5}" '
        f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>',
        _text(LEFT + 114, legend_y, "Target", "start"),
        "</svg>",
    ]
    return mark_safe("\n".join(parts))  # noqa: S308 - every text part above is escaped


DUE_HEADERS = [
    "Organisation",
    "Code",
    "Indicator",
    "Period due",
    "Overdue",
    "Last period",
    "Last value",
]
TREND_HEADERS = ["Period", "Value", "Target", "RAG", "Against previous period", "Status"]


def due_rows(rows: Sequence[DueIndicator]) -> list[list]:
    return [
        [
            row.organisation_name,
            row.indicator.code,
            row.indicator.title,
            row.period.label,
            "Yes" if row.overdue else "No",
            row.last_period.label if row.last_period else "",
            row.last_value,
        ]
        for row in rows
    ]


def trend_rows(points: Sequence[TrendPoint]) -> list[list]:
    return [
        [
            point.period.label,
            point.evaluation.value,
            point.evaluation.target,
            point.evaluation.band.name if point.evaluation.band else "",
            point.evaluation.against_previous.value,
            point.status_label,
        ]
        for point in points
    ]
