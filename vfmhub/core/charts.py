"""Accessible charts as inline SVG, drawn on the server with no JavaScript.

Each chart carries a <title> and <desc> (named by `aria-labelledby`) and is meant to sit beside a
table of the same numbers, which is what screen-reader users and anyone copying figures rely on.

The SVG scales to its column, so its text is sized for the column it is drawn for: the default
400-unit width at 16 units a letter renders at 14 px or more in a half column on a desktop and in
the full width of a 390 px phone. Text takes the page's font (the `.app-chart` rule in vfmhub.scss;
the `font-family` attribute is the fallback where no stylesheet applies, as in a PDF).
"""

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from vfmhub.lib.money import format_pounds

# GOV.UK Frontend colours that stay distinguishable side by side.
PALETTE = ("#1d70b8", "#f47738", "#00703c", "#912b88", "#d4351c", "#28a197", "#505a5f")
TEXT = "#0b0c0c"
GRID = "#b1b4b6"
FONT_FAMILY = "system-ui, sans-serif"
FONT_SIZE = 16
CHAR_WIDTH = 0.6  # a letter's width as a share of the font size, to judge whether a label fits

# One colour for each RAG rating on every chart (GOV.UK red, orange, green and dark grey).
RED, AMBER, GREEN, NOT_RATED = "Red", "Amber", "Green", "Not rated"
RAG_COLOURS = {RED: "#d4351c", AMBER: "#f47738", GREEN: "#00703c", NOT_RATED: "#505a5f"}

NumberFormat = str | Callable[[float], str]


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | int | None]
    colour: str = ""


def rag_series(name: str, values: Sequence[float | int | None]) -> Series:
    """A series for one RAG rating ("Red", "Amber", "Green" or "Not rated") in its colour."""
    return Series(name, values, RAG_COLOURS[name])


def money(value: float) -> str:
    """Pounds as a chart shows them: £0, £750, £852k, £1.2m (the table gives exact figures)."""
    amount = Decimal(str(value))
    if abs(amount) >= 1_000_000:
        return format_pounds(amount, unit="m")
    if abs(amount) >= 1000:
        return format_pounds(amount, unit="k")
    return format_pounds(amount, unit="whole")


def _format(number_format: NumberFormat, value: float) -> str:
    return number_format(value) if callable(number_format) else number_format.format(value)


def _text_width(text: str, size: int) -> float:
    return len(text) * size * CHAR_WIDTH


def _ticks(top_value: float) -> list[float]:
    if top_value <= 6:
        step = 1.0
    else:  # a round step (1, 2 or 5 times a power of ten) giving about five lines
        rough = top_value / 5
        power = 10 ** math.floor(math.log10(rough))
        step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    return [step * i for i in range(math.ceil(top_value / step - 1e-9) + 1)]


def _text(x: float, y: float, text: str, *, size: int, anchor: str = "middle", extra="") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'fill="{TEXT}"{extra}>{escape(text)}</text>'
    )


@dataclass(frozen=True)
class _Frame:
    width: int
    height: int
    left: float
    bottom: float
    font: int
    rotate_categories: bool = False
    right: int = 12
    top: int = 24

    @property
    def plot_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> float:
        return self.height - self.top - self.bottom

    def y(self, value: float, top_value: float) -> float:
        return self.top + self.plot_height * (1 - value / top_value)


def _legend_rows(series: Sequence[Series], width: int, font: int) -> list[list[int]]:
    """Legend entries (series indexes) laid out in rows that fit the chart's width."""
    if len(series) < 2:
        return []
    rows: list[list[int]] = [[]]
    used = 0.0
    for j, one in enumerate(series):
        entry = font * 1.5 + _text_width(one.name, font) + font
        if rows[-1] and used + entry > width - 12:
            rows.append([])
            used = 0.0
        rows[-1].append(j)
        used += entry
    return rows


def _legend(series: Sequence[Series], rows: list[list[int]], height: int, font: int) -> list[str]:
    parts = []
    for r, row in enumerate(rows):
        y, x = height - (len(rows) - r - 1) * (font + 10) - 10, 12.0
        for j in row:
            colour = series[j].colour or PALETTE[j % len(PALETTE)]
            parts.append(
                f'<rect x="{x:.1f}" y="{y - font * 0.8:.1f}" width="{font * 0.8:.1f}" '
                f'height="{font * 0.8:.1f}" fill="{colour}"/>'
            )
            parts.append(_text(x + font, y, series[j].name, size=font, anchor="start"))
            x += font * 1.5 + _text_width(series[j].name, font) + font
    return parts


def _axes(frame: _Frame, top_value: float, y_label: str, number_format: NumberFormat) -> list[str]:
    parts = []
    for tick in _ticks(top_value):
        y = frame.y(tick, top_value)
        parts.append(
            f'<line x1="{frame.left:.1f}" x2="{frame.width - frame.right}" y1="{y:.1f}" '
            f'y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
        )
        label = _format(number_format, tick)
        parts.append(
            _text(frame.left - 6, y + frame.font * 0.35, label, size=frame.font, anchor="end")
        )
    if y_label:
        middle = frame.top + frame.plot_height / 2
        parts.append(
            _text(
                frame.font,
                middle,
                y_label,
                size=frame.font,
                extra=f' transform="rotate(-90 {frame.font} {middle:.1f})"',
            )
        )
    return parts


def _category_label(frame: _Frame, x: float, base: float, category: str) -> str:
    if frame.rotate_categories:
        y = base + frame.font
        return _text(
            x,
            y,
            category,
            size=frame.font,
            anchor="end",
            extra=f' transform="rotate(-45 {x:.1f} {y:.1f})"',
        )
    return _text(x, base + frame.font + 6, category, size=frame.font)


def _bars(
    frame: _Frame,
    categories: Sequence[str],
    series: Sequence[Series],
    top_value: float,
    number_format: NumberFormat,
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
            label = _format(number_format, value)
            if _text_width(label, frame.font) <= bar + 2:  # else the table beside gives it
                parts.append(_text(x + (bar - 2) / 2, y - 4, label, size=frame.font))
        parts.append(_category_label(frame, frame.left + slot * (i + 0.5), base, category))
    return parts


def _frame(*, width, height, font, categories, ticks, y_label, legend_rows) -> _Frame:
    left = max(_text_width(t, font) for t in ticks) + 12 + (font + 8 if y_label else 0)
    slot = (width - left - 12) / max(len(categories), 1)
    longest = max((_text_width(c, font) for c in categories), default=0)
    rotate = longest > slot - 4
    category_band = min(longest * 0.72, height / 3) + font if rotate else font + 12
    legend_band = len(legend_rows) * (font + 10) + (4 if legend_rows else 0)
    return _Frame(
        width=width,
        height=height,
        left=left,
        bottom=category_band + legend_band + 4,
        font=font,
        rotate_categories=rotate,
    )


def bar_chart(
    *,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    max_value: float | None = None,
    y_label: str = "",
    width: int = 400,
    height: int = 300,
    number_format: NumberFormat = "{:g}",
    font_size: int = FONT_SIZE,
) -> SafeString:
    """A (grouped) bar chart: one group per category, one bar per series; None draws no bar.

    `title` and `description` become the SVG's accessible name and description; put a table of
    the same figures beside the chart. `number_format` is a format string ("{:.1f}") or a
    function of the value, such as `money` for pounds.
    """
    values = [v for one in series for v in one.values if v is not None]
    top_value = float(max_value if max_value is not None else max(values, default=0) or 1)
    if max_value is None:  # the top grid line sits at or just above the tallest bar
        top_value = _ticks(top_value)[-1]
    tick_labels = [_format(number_format, t) for t in _ticks(top_value)]
    legend_rows = _legend_rows(series, width, font_size)
    frame = _frame(
        width=width,
        height=height,
        font=font_size,
        categories=categories,
        ticks=tick_labels,
        y_label=y_label,
        legend_rows=legend_rows,
    )
    key = hashlib.sha256(f"{title}|{categories}".encode()).hexdigest()[:8]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" font-family="{FONT_FAMILY}" '
        f'style="max-width: {round(width * 1.25)}px" '
        f'aria-labelledby="chart-{key}-title chart-{key}-desc">',
        f'<title id="chart-{key}-title">{escape(title)}</title>',
        f'<desc id="chart-{key}-desc">{escape(description)}</desc>',
        *_axes(frame, top_value, y_label, number_format),
        *_bars(frame, categories, series, top_value, number_format),
        *_legend(series, legend_rows, height, font_size),
        "</svg>",
    ]
    return mark_safe("\n".join(parts))  # noqa: S308 - every text part above is escaped
