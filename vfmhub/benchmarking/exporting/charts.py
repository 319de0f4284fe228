"""The benchmarking charts as accessible inline SVG (no JavaScript): a strip of the group's values
with the body marked and the quartiles drawn, the trend of the body against the group median, and
the scatter of cost against performance split at the medians. Each carries a <title> and <desc>
and sits beside a table of the same figures; every text part is escaped."""

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BODY, OTHERS, MEDIAN, TEXT, GRID = "#d4351c", "#1d70b8", "#0b0c0c", "#0b0c0c", "#b1b4b6"
FONT = 14
FONT_FAMILY = "system-ui, sans-serif"


def _nice(low: float, high: float) -> tuple[float, float, list[float]]:
    """A round axis covering low to high: (bottom, top, ticks)."""
    if high == low:
        low, high = low - 1, high + 1
    span = high - low
    rough = span / 5
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    bottom, top = math.floor(low / step) * step, math.ceil(high / step) * step
    ticks = [bottom + step * i for i in range(round((top - bottom) / step) + 1)]
    return bottom, top, ticks


def _label(value: float) -> str:
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:g}m"
    if abs(value) >= 10_000:
        return f"{value / 1000:g}k"
    return f"{value:g}"


def _text(x: float, y: float, text: str, anchor: str = "middle", extra: str = "") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{FONT}" '
        f'fill="{TEXT}"{extra}>{escape(text)}</text>'
    )


def _svg(title: str, description: str, width: int, height: int, parts: list[str]) -> SafeString:
    key = hashlib.sha256(f"{title}|{description}".encode()).hexdigest()[:8]
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" font-family="{FONT_FAMILY}" '
        f'style="max-width: {round(width * 1.25)}px" '
        f'aria-labelledby="chart-{key}-title chart-{key}-desc">',
        f'<title id="chart-{key}-title">{escape(title)}</title>',
        f'<desc id="chart-{key}-desc">{escape(description)}</desc>',
    ]
    return mark_safe("\n".join([*head, *parts, "</svg>"]))  # noqa: S308 - parts are escaped


@dataclass(frozen=True)
class _Axis:
    bottom: float
    top: float
    start: float
    end: float

    def at(self, value: float) -> float:
        return self.start + (value - self.bottom) / (self.top - self.bottom) * (
            self.end - self.start
        )


def strip_chart(
    *,
    title: str,
    description: str,
    others: Sequence[Decimal],
    value: Decimal | None,
    quartiles: tuple[Decimal, Decimal, Decimal],
) -> SafeString:
    """Every member's value as a dot on one line, the body's as a larger red dot, with the box of
    the quartiles and a line at the median."""
    width, height = 640, 150
    numbers = [float(v) for v in [*others, *([value] if value is not None else [])]]
    bottom, top, ticks = _nice(min(numbers), max(numbers))
    axis = _Axis(bottom, top, 24, width - 24)
    middle = 60
    lower, median, upper = (axis.at(float(q)) for q in quartiles)
    parts = [
        f'<rect x="{lower:.1f}" y="{middle - 22}" width="{max(upper - lower, 1):.1f}" '
        f'height="44" fill="none" stroke="{GRID}" stroke-width="2"/>',
        f'<line x1="{median:.1f}" x2="{median:.1f}" y1="{middle - 28}" y2="{middle + 28}" '
        f'stroke="{MEDIAN}" stroke-width="2"/>',
    ]
    for i, other in enumerate(others):
        jitter = (i % 5 - 2) * 5
        parts.append(
            f'<circle cx="{axis.at(float(other)):.1f}" cy="{middle + jitter}" r="4" '
            f'fill="{OTHERS}" fill-opacity="0.7"/>'
        )
    if value is not None:
        parts.append(
            f'<circle cx="{axis.at(float(value)):.1f}" cy="{middle}" r="8" fill="{BODY}" '
            'stroke="#ffffff" stroke-width="2"/>'
        )
    base = height - 40
    parts.append(
        f'<line x1="{axis.start}" x2="{axis.end}" y1="{base}" y2="{base}" stroke="{GRID}"/>'
    )
    for tick in ticks:
        parts.append(_text(axis.at(tick), base + FONT + 4, _label(tick)))
    parts.append(
        _text(24, height - 4, "Red: this body. Line: group median. Box: quartiles.", "start")
    )
    return _svg(title, description, width, height, parts)


def trend_chart(
    *,
    title: str,
    description: str,
    categories: Sequence[str],
    body: Sequence[Decimal | None],
    medians: Sequence[Decimal | None],
) -> SafeString:
    """The body's value (solid red) and the group median (dashed) year by year."""
    width, height, left, bottom_band = 640, 320, 64, 64
    numbers = [float(v) for v in [*body, *medians] if v is not None]
    low, high, ticks = _nice(min(numbers, default=0.0), max(numbers, default=1.0))
    y_axis = _Axis(low, high, height - bottom_band, 16)
    slot = (width - left - 16) / max(len(categories), 1)
    parts = []
    for tick in ticks:
        y = y_axis.at(tick)
        parts.append(
            f'<line x1="{left}" x2="{width - 16}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        parts.append(_text(left - 6, y + 5, _label(tick), "end"))
    for series, colour, dashed in ((medians, MEDIAN, True), (body, BODY, False)):
        points = [
            (left + slot * (i + 0.5), y_axis.at(float(v))) if v is not None else None
            for i, v in enumerate(series)
        ]
        drawn = [p for p in points if p is not None]
        if len(drawn) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in drawn)
            dash = ' stroke-dasharray="6 4"' if dashed else ""
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'
            )
        parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>' for x, y in drawn]
    for i, category in enumerate(categories):
        parts.append(_text(left + slot * (i + 0.5), height - bottom_band + FONT + 6, category))
    parts.append(_text(left, height - 8, "Solid red: this body. Dashed: group median.", "start"))
    return _svg(title, description, width, height, parts)


@dataclass(frozen=True)
class Dot:
    cost: Decimal
    performance: Decimal
    is_body: bool


def scatter_chart(
    *,
    title: str,
    description: str,
    dots: Sequence[Dot],
    cost_median: Decimal,
    performance_median: Decimal,
    x_label: str,
    y_label: str,
) -> SafeString:
    """Cost across, performance up, one dot a body (the body's red and larger), with lines at
    the two medians."""
    width, height, left, bottom_band = 640, 420, 72, 64
    x_low, x_high, x_ticks = _nice(
        min(float(d.cost) for d in dots), max(float(d.cost) for d in dots)
    )
    y_low, y_high, y_ticks = _nice(
        min(float(d.performance) for d in dots), max(float(d.performance) for d in dots)
    )
    x_axis = _Axis(x_low, x_high, left, width - 16)
    y_axis = _Axis(y_low, y_high, height - bottom_band, 16)
    parts = []
    for tick in x_ticks:
        x = x_axis.at(tick)
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="16" y2="{y_axis.start}" stroke="{GRID}"/>'
        )
        parts.append(_text(x, y_axis.start + FONT + 4, _label(tick)))
    for tick in y_ticks:
        y = y_axis.at(tick)
        parts.append(
            f'<line x1="{left}" x2="{width - 16}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        parts.append(_text(left - 6, y + 5, _label(tick), "end"))
    mx, my = x_axis.at(float(cost_median)), y_axis.at(float(performance_median))
    parts.append(
        f'<line x1="{mx:.1f}" x2="{mx:.1f}" y1="16" y2="{y_axis.start}" stroke="{MEDIAN}" '
        'stroke-width="2" stroke-dasharray="6 4"/>'
    )
    parts.append(
        f'<line x1="{left}" x2="{width - 16}" y1="{my:.1f}" y2="{my:.1f}" stroke="{MEDIAN}" '
        'stroke-width="2" stroke-dasharray="6 4"/>'
    )
    for dot in sorted(dots, key=lambda d: d.is_body):
        colour, radius = (BODY, 8) if dot.is_body else (OTHERS, 4)
        parts.append(
            f'<circle cx="{x_axis.at(float(dot.cost)):.1f}" '
            f'cy="{y_axis.at(float(dot.performance)):.1f}" r="{radius}" fill="{colour}"/>'
        )
    parts.append(_text((left + width) / 2, height - 24, x_label))
    middle = (16 + y_axis.start) / 2
    parts.append(_text(14, middle, y_label, extra=f' transform="rotate(-90 14 {middle:.1f})"'))
    parts.append(_text(left, height - 4, "Red: this body. Dashed: the group medians.", "start"))
    return _svg(title, description, width, height, parts)
