"""RAG worked examples: polarity both ways and neither, the tolerance band and its edge, percent
tolerance (with a zero target), five bands, and no rating without a value or a target."""

from decimal import Decimal

import pytest

from vfmhub.performance.calculations.kinds import Polarity, RollUp, Tolerance
from vfmhub.performance.calculations.periods import Frequency, Period
from vfmhub.performance.calculations.rag import Band, RagRule, default_rule, rag_band, shortfall
from vfmhub.performance.calculations.rollup import Reading, roll_up

D = Decimal
HIGHER, LOWER, NEITHER = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.NEITHER
ABSOLUTE_5 = default_rule(D(5))
PERCENT_10 = default_rule(D(10), Tolerance.PERCENT)


@pytest.mark.parametrize(
    ("value", "target", "rule", "polarity", "expected"),
    [
        # Higher is better, target 100, tolerance 5.
        ("100", "100", ABSOLUTE_5, HIGHER, "green"),  # on target
        ("120", "100", ABSOLUTE_5, HIGHER, "green"),  # better than target
        ("97", "100", ABSOLUTE_5, HIGHER, "amber"),  # inside tolerance
        ("95", "100", ABSOLUTE_5, HIGHER, "amber"),  # exactly on the edge: the kinder band
        ("94.99", "100", ABSOLUTE_5, HIGHER, "red"),  # just outside
        ("99.999", "100", ABSOLUTE_5, HIGHER, "amber"),  # a hair short is not on target
        # Lower is better: the mirror.
        ("100", "100", ABSOLUTE_5, LOWER, "green"),
        ("80", "100", ABSOLUTE_5, LOWER, "green"),
        ("103", "100", ABSOLUTE_5, LOWER, "amber"),
        ("105", "100", ABSOLUTE_5, LOWER, "amber"),
        ("105.01", "100", ABSOLUTE_5, LOWER, "red"),
        ("97", "100", ABSOLUTE_5, LOWER, "green"),
        # Neither: against the target both ways.
        ("100", "100", ABSOLUTE_5, NEITHER, "green"),
        ("103", "100", ABSOLUTE_5, NEITHER, "amber"),
        ("97", "100", ABSOLUTE_5, NEITHER, "amber"),
        ("105", "100", ABSOLUTE_5, NEITHER, "amber"),
        ("106", "100", ABSOLUTE_5, NEITHER, "red"),
        ("94", "100", ABSOLUTE_5, NEITHER, "red"),
        # Percent of target: 10% of 50 is 5.
        ("50", "50", PERCENT_10, HIGHER, "green"),
        ("46", "50", PERCENT_10, HIGHER, "amber"),
        ("45", "50", PERCENT_10, HIGHER, "amber"),  # the edge
        ("44.99", "50", PERCENT_10, HIGHER, "red"),
        ("55", "50", PERCENT_10, LOWER, "amber"),
        ("55.5", "50", PERCENT_10, LOWER, "red"),
        ("44", "50", PERCENT_10, NEITHER, "red"),
        ("54", "50", PERCENT_10, NEITHER, "amber"),
        # A negative target: the tolerance is 10% of its size, 2.
        ("-21", "-20", PERCENT_10, HIGHER, "amber"),
        ("-22.5", "-20", PERCENT_10, HIGHER, "red"),
        # A zero target with percent tolerance: every limit is 0% of 0, so on target or better is
        # green and any shortfall at all is the last band. Nothing is divided by zero.
        ("0", "0", PERCENT_10, HIGHER, "green"),
        ("1", "0", PERCENT_10, HIGHER, "green"),
        ("-0.01", "0", PERCENT_10, HIGHER, "red"),
        ("0", "0", PERCENT_10, LOWER, "green"),
        ("0.01", "0", PERCENT_10, LOWER, "red"),
        ("-3", "0", PERCENT_10, LOWER, "green"),
        ("0.5", "0", PERCENT_10, NEITHER, "red"),
        # A zero target with absolute tolerance is an ordinary case.
        ("-4", "0", ABSOLUTE_5, HIGHER, "amber"),
    ],
)
def test_rag(value: str, target: str, rule: RagRule, polarity: Polarity, expected: str) -> None:
    band = rag_band(D(value), D(target), rule, polarity)
    assert band is not None
    assert band.key == expected


@pytest.mark.parametrize(("value", "target"), [(None, "100"), ("100", None), (None, None)])
def test_no_value_or_no_target_no_rating(value: str | None, target: str | None) -> None:
    as_decimal = [None if v is None else D(v) for v in (value, target)]
    assert rag_band(as_decimal[0], as_decimal[1], ABSOLUTE_5, HIGHER) is None


def test_default_bands() -> None:
    names = [(b.key, b.name, b.colour, b.limit) for b in ABSOLUTE_5.bands]
    assert names == [
        ("green", "Green", "#00703c", D(0)),
        ("amber", "Amber", "#f47738", D(5)),
        ("red", "Red", "#d4351c", None),
    ]


FIVE = RagRule(
    method=Tolerance.ABSOLUTE,
    bands=(
        Band("blue", "Well ahead", "#1d70b8", D(0)),
        Band("green", "Green", "#00703c", D(2)),
        Band("amber", "Amber", "#f47738", D(5)),
        Band("red", "Red", "#d4351c", D(10)),
        Band("black", "Far behind", "#0b0c0c"),
    ),
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("105", "blue"),
        ("100", "blue"),
        ("98", "green"),
        ("97", "amber"),
        ("90", "red"),
        ("89", "black"),
    ],
)
def test_five_bands(value: str, expected: str) -> None:
    band = rag_band(D(value), D(100), FIVE, HIGHER)
    assert band is not None
    assert band.key == expected


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ((Band("red", "Red", "#d4351c"),), "between 2 and 5"),
        ((*FIVE.bands, Band("extra", "Extra", "#ffffff")), "between 2 and 5"),
        ((Band("a", "A", "#000", D(1)), Band("a", "B", "#000")), "own key"),
        ((Band("a", "A", "#000", D(1)), Band("b", "B", "#000", D(2))), "no limit"),
        ((Band("a", "A", "#000"), Band("b", "B", "#000")), "limit of 0 or more"),
        ((Band("a", "A", "#000", D(-1)), Band("b", "B", "#000")), "limit of 0 or more"),
        (
            (Band("a", "A", "#000", D(5)), Band("b", "B", "#000", D(5)), Band("c", "C", "#000")),
            "larger than the one before",
        ),
    ],
)
def test_a_rule_must_make_sense(bands: tuple[Band, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RagRule(method=Tolerance.ABSOLUTE, bands=bands)


def test_shortfall() -> None:
    assert shortfall(D(90), D(100), HIGHER) == D(10)
    assert shortfall(D(90), D(100), LOWER) == D(-10)
    assert shortfall(D(90), D(100), NEITHER) == D(10)


def test_a_ratio_is_rated_on_its_recomputed_value() -> None:
    """Q1 from 18/20, 5/10 and 47/50 is 70/80 = 87.5% (green against 85%); the mean of the
    monthly ratios, 78%, would have been red."""
    months = {
        Period(Frequency.MONTH, 2009, i): Reading.of_ratio(D(n), D(d))
        for i, (n, d) in enumerate([(18, 20), (5, 10), (47, 50)], 1)
    }
    rolled = roll_up(months, Period(Frequency.QUARTER, 2009, 1), RollUp.RATIO, scale=D(100))
    band = rag_band(rolled.value, D(85), ABSOLUTE_5, HIGHER)
    assert (rolled.value, band and band.key) == (D("87.5"), "green")
    averaged = rag_band(D(78), D(85), ABSOLUTE_5, HIGHER)
    assert averaged is not None
    assert averaged.key == "red"
