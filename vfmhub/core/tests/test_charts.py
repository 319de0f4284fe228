"""Chart text, number formats and the one RAG colour map (vfmhub/core/charts.py)."""

import re

import pytest

from vfmhub.core.charts import RAG_COLOURS, Series, bar_chart, money, rag_series


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0, "£0"), (750, "£750"), (851_597.4, "£852k"), (1_234_567, "£1.2m"), (-45_000, "-£45k")],
)
def test_money_shows_pounds_as_a_chart_should(value, shown):
    assert money(value) == shown


def test_it_formats_money_on_the_axis_not_raw_numbers():
    svg = bar_chart(
        title="Savings",
        description="Pounds",
        categories=["2009/10"],
        series=[Series("Achieved", [851_597.4])],
        number_format=money,
    )
    labels = re.findall(r">([^<]+)</text>", svg)
    assert "£800k" in labels and "£1.0m" in labels  # round steps up to just above the bar
    assert not any("851597" in label or "851.597" in label for label in labels)


def test_it_uses_the_pages_font_at_a_readable_size():
    svg = bar_chart(title="T", description="D", categories=["A"], series=[Series("S", [2])])
    assert 'font-family="system-ui, sans-serif"' in svg
    assert 'viewBox="0 0 400 300"' in svg
    sizes = {int(size) for size in re.findall(r'font-size="(\d+)"', svg)}
    # 16 units in a 400-unit chart: 14.4 px across a 360 px phone column, 18 px in a half column
    assert sizes == {16}


def test_it_leaves_out_value_labels_that_would_not_fit_the_bar():
    svg = bar_chart(
        title="T",
        description="D",
        categories=["2008/09", "2009/10", "2010/11", "2011/12"],
        series=[Series(n, [900_000] * 4) for n in ("Target", "Achieved", "Forecast")],
        number_format=money,
    )
    assert ">£900k</text>" not in svg  # the table beside the chart gives the figures


def test_rag_series_draw_each_rating_in_its_own_colour():
    svg = bar_chart(
        title="Projects",
        description="By RAG",
        categories=["Delivery"],
        series=[rag_series(name, [1]) for name in ("Red", "Amber", "Green", "Not rated")],
    )
    bars = re.findall(r'<rect [^>]*height="(?!10")[^"]*" fill="(#[0-9a-f]{6})"', svg)
    assert bars[:4] == [RAG_COLOURS[n] for n in ("Red", "Amber", "Green", "Not rated")]
    assert RAG_COLOURS["Red"] == "#d4351c"
