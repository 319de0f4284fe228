"""The inline SVG chart helper in vfmhub/core/charts.py."""

from vfmhub.core.charts import Series, bar_chart


def test_it_names_and_describes_the_chart():
    svg = bar_chart(
        title="Overall <score>",
        description="2008/09: 3",
        categories=["2008/09"],
        series=[Series("Overall", [3])],
        max_value=4,
    )
    assert 'role="img"' in svg
    assert "<title" in svg and "Overall &lt;score&gt;</title>" in svg
    assert "<desc" in svg and "2008/09: 3</desc>" in svg
    assert svg.count("<rect") == 1


def test_it_draws_grouped_bars_with_a_legend_and_skips_gaps():
    svg = bar_chart(
        title="Distribution",
        description="Counts",
        categories=["1", "2", "3"],
        series=[Series("Self", [1, None, 2]), Series("Final", [0, 3, 1])],
    )
    # five bars (one gap), plus two legend swatches
    assert svg.count("<rect") == 7
    assert ">Self</text>" in svg and ">Final</text>" in svg
