"""Worked examples of the roll-up engine, including the published UoR 2005-08 overall rule."""

import pytest

from vfmhub.frameworks import rollup
from vfmhub.frameworks.rollup import (
    CAPPED_MINIMUM,
    EVEN_LOWER,
    EVEN_MEAN,
    EVEN_UPPER,
    MANUAL,
    MEDIAN,
    ROUNDED_MEAN,
    RULE_TABLE,
    Condition,
    RuleSpec,
    TableRow,
    roll_up,
)


def at_least(count, level):
    return Condition(kind=rollup.AT_LEAST, level=level, count=count)


def none_below(level):
    return Condition(kind=rollup.NONE_BELOW, level=level)


# The published 2005-08 rule: 4 if at least two themes score 4 and none below 3; 3 if at least
# three themes score 3 or more and none below 2; 2 if at least three themes score 2 or more;
# otherwise 1.
UOR_2005 = RuleSpec(
    method=RULE_TABLE,
    rows=(
        TableRow(4, (at_least(2, 4), none_below(3))),
        TableRow(3, (at_least(3, 3), none_below(2))),
        TableRow(2, (at_least(3, 2),)),
        TableRow(1),
    ),
)


@pytest.mark.parametrize(
    ("themes", "overall"),
    [
        ([4, 4, 3, 3, 3], 4),  # two 4s, none below 3
        ([4, 3, 3, 2, 2], 3),  # only one 4; three themes at 3+ and none below 2
        ([2, 2, 2, 1, 1], 2),  # a 1 stops the 3; three themes at 2+
        ([2, 2, 1, 1, 1], 1),  # only two themes at 2+
        ([4, 4, 4, 4, 4], 4),
        ([4, 3, 3, 3, 3], 3),  # only one 4
        ([4, 4, 4, 4, 2], 3),  # a 2 stops the 4; four themes at 3+ and none below 2
        ([4, 4, 3, 3, 2], 3),
        ([3, 3, 3, 2, 2], 3),
        ([3, 3, 2, 2, 2], 2),  # only two at 3+
        ([4, 3, 3, 3, 1], 2),  # a 1 stops the 3; four themes at 2+
        ([2, 2, 2, 2, 2], 2),
        ([4, 4, 1, 1, 1], 1),  # only two at 2+
        ([1, 1, 1, 1, 1], 1),
    ],
)
def test_it_applies_the_published_2005_08_overall_rule(themes, overall):
    result = roll_up(themes, UOR_2005)
    assert result.value == overall
    assert result.counted == 5


def test_it_leaves_out_themes_not_scored():
    # Three scored themes: two 4s and a 3 meet the first row on what is scored.
    assert roll_up([4, 4, 3, None, None], UOR_2005).value == 4
    assert roll_up([4, 4, 3, None, None], UOR_2005).counted == 3
    # Two scored 3s cannot make "at least three themes"; both are 2 or more, but that row needs
    # three as well, so the result is 1.
    assert roll_up([3, 3, None, None, None], UOR_2005).value == 1


def test_it_gives_no_result_when_nothing_is_scored():
    for rule in (
        UOR_2005,
        RuleSpec(ROUNDED_MEAN),
        RuleSpec(MEDIAN),
        RuleSpec(CAPPED_MINIMUM, cap_above_minimum=1),
    ):
        assert roll_up([None, None], rule).value is None
        assert roll_up([], rule).counted == 0


def test_it_gives_no_result_when_no_row_matches():
    rule = RuleSpec(RULE_TABLE, rows=(TableRow(4, (none_below(4),)),))
    assert roll_up([4, 3], rule).value is None


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([2, 3], 3),  # 2.5 rounds half up (banker's rounding would give 2)
        ([3, 4], 4),  # 3.5 rounds up
        ([1, 2, 2], 2),  # 1.67
        ([1, 1, 2], 1),  # 1.33
        ([2, 2, 3, 3], 3),  # 2.5
        ([4], 4),
    ],
)
def test_it_rounds_the_mean_half_up(scores, expected):
    assert roll_up(scores, RuleSpec(ROUNDED_MEAN)).value == expected


@pytest.mark.parametrize(
    ("even_count", "expected"),
    [(EVEN_LOWER, 2), (EVEN_UPPER, 3), (EVEN_MEAN, 3)],
)
def test_it_resolves_an_even_median_by_the_rule_parameter(even_count, expected):
    rule = RuleSpec(MEDIAN, median_even_count=even_count)
    assert roll_up([4, 1, 3, 2], rule).value == expected  # middle two are 2 and 3


def test_it_takes_the_middle_of_an_odd_count():
    assert roll_up([1, 4, 3], RuleSpec(MEDIAN)).value == 3
    assert roll_up([1, 4, 3, None], RuleSpec(MEDIAN)).value == 3


def test_it_defaults_an_even_median_to_the_lower_middle():
    assert RuleSpec(MEDIAN).median_even_count == EVEN_LOWER
    assert roll_up([2, 4], RuleSpec(MEDIAN)).value == 2


@pytest.mark.parametrize(
    ("scores", "cap", "expected"),
    [
        ([4, 4, 4, 1], 1, 2),  # mean 3.25 -> 3, capped at 1 + 1
        ([4, 4, 4, 1], 2, 3),  # the cap 1 + 2 does not bite
        ([3, 3, 4], 1, 3),  # mean 3.33 -> 3, cap 4
        ([4, 4, 4, 2], 0, 2),  # a cap of 0 is the minimum itself
    ],
)
def test_it_caps_the_mean_above_the_minimum(scores, cap, expected):
    assert roll_up(scores, RuleSpec(CAPPED_MINIMUM, cap_above_minimum=cap)).value == expected


def test_it_returns_no_result_but_advice_for_a_manual_rule():
    rule = RuleSpec(MANUAL, advisory_method=ROUNDED_MEAN)
    result = roll_up([2, 3, 3, None], rule)
    assert result.value is None
    assert result.advisory == 3
    assert result.advisory_method == ROUNDED_MEAN
    assert result.counted == 3


def test_it_uses_the_rule_parameters_for_the_advice():
    assert roll_up([1, 4], RuleSpec(MANUAL, advisory_method=MEDIAN)).advisory == 1
    advice = roll_up(
        [4, 4, 3, 3, 3], RuleSpec(MANUAL, advisory_method=RULE_TABLE, rows=UOR_2005.rows)
    )
    assert advice.advisory == 4
    assert roll_up([None], RuleSpec(MANUAL, advisory_method=MEDIAN)).advisory is None


def test_it_refuses_a_manual_rule_without_advice():
    with pytest.raises(ValueError, match="advisory method"):
        roll_up([2], RuleSpec(MANUAL))
    with pytest.raises(ValueError, match="advisory method"):
        roll_up([2], RuleSpec(MANUAL, advisory_method=MANUAL))


def test_it_refuses_a_capped_minimum_without_a_cap():
    with pytest.raises(ValueError, match="cap_above_minimum"):
        roll_up([2], RuleSpec(CAPPED_MINIMUM))


def test_it_parses_conditions_from_data():
    parsed = rollup.parse_conditions([{"at_least": 2, "scoring": 4}, {"none_below": 3}])
    assert parsed == (at_least(2, 4), none_below(3))
    assert rollup.parse_conditions([]) == ()


@pytest.mark.parametrize(
    "bad",
    [
        [{"at_least": 0, "scoring": 4}],
        [{"at_least": 2}],
        [{"none_below": "3"}],
        [{"none_below": True}],
        [{"none_below": 3, "extra": 1}],
        ["none_below 3"],
        {"none_below": 3},
    ],
)
def test_it_rejects_malformed_conditions(bad):
    with pytest.raises(ValueError):
        rollup.parse_conditions(bad)


def test_it_describes_the_published_rule_in_words():
    words = rollup.describe_rule(UOR_2005, "themes")
    assert (
        "4 if at least two themes score 4 or more and none scores below 3; "
        "3 if at least three themes score 3 or more and none scores below 2; "
        "2 if at least three themes score 2 or more; otherwise 1."
    ) in words
    assert "Themes not scored are left out; if none is scored there is no result." in words


def test_it_describes_each_method_in_words():
    assert "a half rounds up" in rollup.describe_rule(RuleSpec(ROUNDED_MEAN), "KLOEs")
    assert "lower of the two middle" in rollup.describe_rule(RuleSpec(MEDIAN), "KLOEs")
    capped = rollup.describe_rule(RuleSpec(CAPPED_MINIMUM, cap_above_minimum=1), "KLOEs")
    assert "no more than 1 level above the lowest score" in capped
    manual = rollup.describe_rule(RuleSpec(MANUAL, advisory_method=ROUNDED_MEAN), "KLOEs")
    assert manual.startswith("The assessor decides the score. As advice, VFM Hub calculates:")
