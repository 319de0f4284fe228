"""Where a body stands in its group, and its quadrant: each case worked by hand."""

from decimal import Decimal as D

import pytest

from vfmhub.benchmarking.calculations.distribution import (
    AT,
    Distribution,
    mads_words,
    position_among,
    position_words,
    quadrant_of,
    quantile,
)
from vfmhub.benchmarking.calculations.distribution import distribution as calculate


def distribution(others, value) -> Distribution:
    found = calculate(others, value)
    assert found is not None
    return found


def test_it_interpolates_quartiles_as_quartile_inc():
    # {10, 20, 30, 40}: Q1 at position 0.75 → 10 + 0.75 × 10 = 17.5; median at 1.5 → 25;
    # Q3 at 2.25 → 30 + 0.25 × 10 = 32.5 (Excel's QUARTILE.INC gives the same).
    ordered = [D(10), D(20), D(30), D(40)]
    assert quantile(ordered, D("0.25")) == D("17.5")
    assert quantile(ordered, D("0.5")) == D(25)
    assert quantile(ordered, D("0.75")) == D("32.5")
    assert quantile([D(7)], D("0.25")) == D(7)


def test_it_describes_the_body_within_the_whole_group():
    # Others 20, 30, 40, 60, 70 and the body at 50: the six sorted are 20 30 40 50 60 70.
    found = distribution([D(30), D(40), D(60), D(70), D(20)], D(50))
    assert found.n == 6
    assert found.median == D(45)  # position 2.5
    assert found.lower_quartile == D("32.5")  # position 1.25
    assert found.upper_quartile == D("57.5")  # position 3.75
    # |x − 45|: 25 15 5 5 15 25 → sorted 5 5 15 15 25 25 → median 15.
    assert found.mad == D(15)
    assert found.mads_from_median == D(5) / D(15)
    # Three of the five others are below 50.
    assert found.percentile == D(60)
    assert (found.minimum, found.maximum) == (D(20), D(70))


def test_a_tie_counts_half():
    # Others 5, 5, 7 and the body at 5: none below, two level, one above → (0 + 1) / 3.
    position = position_among([D(5), D(5), D(7)], D(5))
    assert (position.below, position.level, position.above) == (0, 2, 1)
    assert position.percentile == D(100) / D(3)


def test_a_mad_of_zero_leaves_the_distance_undefined():
    # 5 5 5 9: median 5; deviations 0 0 0 4 → MAD 0.
    found = distribution([D(5), D(5), D(5)], D(9))
    assert found.mad == 0
    assert found.mads_from_median is None
    assert mads_words(found.mads_from_median, found.mad).startswith("Not defined")


def test_it_words_the_distance_from_the_median():
    assert mads_words(D("-1.26"), D(3)) == "1.3 median absolute deviations below the median"
    assert mads_words(D(0), D(3)) == "At the median."


def test_a_body_without_a_value_still_gets_the_groups_statistics():
    found = distribution([D(1), D(2), D(3)], None)
    assert found.median == D(2) and found.position is None and found.percentile is None
    assert calculate([], None) is None


def test_a_body_alone_has_no_percentile():
    found = distribution([], D(4))
    assert found.n == 1 and found.median == D(4) and found.percentile is None


@pytest.mark.parametrize(
    ("polarity", "words"),
    [
        ("higher", "better than 12 of the 15 others in the group, level with 1 and worse than 2"),
        ("lower", "better than 2 of the 15 others in the group, level with 1 and worse than 12"),
        ("neither", "higher than 12 of the 15 others in the group, level with 1 and lower than 2"),
    ],
)
def test_the_words_respect_polarity(polarity, words):
    position = position_among([D(1)] * 12 + [D(5)] + [D(9)] * 2, D(5))
    assert position_words(position, polarity) == words


def test_without_ties_the_words_have_two_parts():
    position = position_among([D(1), D(9)], D(5))
    assert position_words(position, "higher") == (
        "better than 1 of the 2 others in the group and worse than 1"
    )


def _quadrant(cost, performance, polarity):
    return quadrant_of(
        D(cost), D(performance), cost_median=D(8), performance_median=D(5), polarity=polarity
    )


def test_above_average_cost_and_below_average_performance_when_higher_is_better():
    found = _quadrant(10, 3, "higher")
    assert found.words == "above average cost and below average performance"
    assert found.is_concern and found.key == "above-poor"


def test_lower_is_better_flips_performance():
    found = _quadrant(10, 3, "lower")
    assert found.words == "above average cost and above average performance"
    assert not found.is_concern
    assert _quadrant(6, 7, "lower").words == "below average cost and below average performance"


def test_neither_polarity_names_no_performance_quadrant():
    found = _quadrant(10, 3, "neither")
    assert found.performance == "unnamed" and not found.is_concern
    assert "cannot be called better or worse" in found.words
    assert found.words.startswith("above average cost, with a value below the median")


def test_a_value_at_a_median_is_at_the_median():
    found = _quadrant(8, 5, "higher")
    assert (found.cost, found.performance) == (AT, AT)
    assert found.words == "cost at the median and performance at the median"
