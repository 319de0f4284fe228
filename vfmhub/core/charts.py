"""Accessible charts as inline SVG, drawn on the server with no JavaScript.

Each chart carries a <title> and <desc> (named by `aria-labelledby`) and is meant to sit beside a
table of the same numbers, which is what screen-reader users and anyone copying figures rely on.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# GOV.UK Frontend colours that stay distinguishable side by side.
PALETTE = ("#1d70b8", "#f47738", "#00703c", "#912b88", "#d4351c", "#28a197", "#505a5f")
TEXT = "#0b0c0c"
GRID = "#b1b4b6"


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | int | None]
    colour: str = ""


@dataclass(frozen=True)
class _Frame:
    width: int
    height: int
    left: int = 48
    right: int = 12
    top: int = 16
    bottom: int = 48

    @property
    def plot_width(self) -> int:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> int:
        return self.height - self.top - self.bottom

    def y(self, value: float, top_value: float) -> float:
        return self.top + self.plot_height * (1 - value / top_value)


def _ticks(top_value: float) -> list[float]:
    step = 1.0 if top_value <= 6 else max(1.0, round(top_value / 5))
    ticks, value = [], 0.0
    while value <= top_value + 1e-9:
        ticks.append(value)
        value += step
    return ticks


def _text(x: float, y: float, text: str, *, anchor: str = "middle", size: int = 12) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'fill="{TEXT}">{escape(text)}</text>'
    )


def _axes(frame: _Frame, top_value: float, y_label: str, number_format: str) -> list[str]:
    parts = []
    for tick in _ticks(top_value):
        y = frame.y(tick, top_value)
        parts.append(
            f'<line x1="{frame.left}" x2="{frame.width - frame.right}" y1="{y:.1f}" '
            f'y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(_text(frame.left - 6, y + 4, number_format.format(tick), anchor="end"))
    if y_label:
        parts.append(
            f'<text x="12" y="{frame.top + frame.plot_height / 2:.1f}" font-size="12" '
            f'fill="{TEXT}" text-anchor="middle" transform="rotate(-90 12 '
            f'{frame.top + frame.plot_height / 2:.1f})">{escape(y_label)}</text>'
        )
    return parts


def _bars(
    frame: _Frame,
    categories: Sequence[str],
    series: Sequence[Series],
    top_value: float,
    number_format: str,
) -> list[str]:
    parts = []
    slot = frame.plot_width / max(len(categories), 1)
    bar = slot * 0.8 / max(len(series), 1)
    base = frame.y(0, top_value)
    for i, category in enumerate(categories):
        x0 = frame.left + slot * i + slot * 0.1
        for j, one in enumerate(series):
            value = one.values[i] if i < len(one.values) else None
            if value is None:
                continue
            colour = one.colour or PALETTE[j % len(PALETTE)]
            x, y = x0 + bar * j, frame.y(value, top_value)
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar - 2:.1f}" '
                f'height="{base - y:.1f}" fill="{colour}"/>'
            )
            parts.append(_text(x + (bar - 2) / 2, y - 3, number_format.format(value), size=11))
        parts.append(_text(frame.left + slot * (i + 0.5), base + 18, category))
    return parts


def _legend(frame: _Frame, series: Sequence[Series]) -> list[str]:
    if len(series) < 2:
        return []
    parts, x = [], float(frame.left)
    y = frame.height - 12
    for j, one in enumerate(series):
        colour = one.colour or PALETTE[j % len(PALETTE)]
        parts.append(f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="10" height="10" fill="{colour}"/>')
        parts.append(_text(x + 14, y, one.name, anchor="start"))
        x += 24 + 7 * len(one.name)
    return parts


def bar_chart(
    *,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    max_value: float | None = None,
    y_label: str = "",
    width: int = 640,
    height: int = 300,
    number_format: str = "{:g}",
) -> SafeString:
    """A (grouped) bar chart: one group per category, one bar per series; None draws no bar.

    `title` and `description` become the SVG's accessible name and description; put a table of
    the same figures beside the chart.
    """
    values = [v for one in series for v in one.values if v is not None]
    top_value = float(max_value if max_value is not None else max(values, default=0) or 1)
    frame = _Frame(width=width, height=height)
    key = hashlib.sha256(f"{title}|{categories}".encode()).hexdigest()[:8]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="chart-{key}-title chart-{key}-desc">',
        f'<title id="chart-{key}-title">{escape(title)}</title>',
        f'<desc id="chart-{key}-desc">{escape(description)}</desc>',
        *_axes(frame, top_value, y_label, number_format),
        *_bars(frame, categories, series, top_value, number_format),
        *_legend(frame, series),
        "</svg>",
    ]
    return mark_safe("\n".join(parts))  # noqa: S308 - every text part above is escaped
