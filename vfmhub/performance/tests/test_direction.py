"""Direction of travel worked examples: polarity both ways and neither, the no real change band
(absolute and percent, and its edge), and no comparison without an earlier value."""

from decimal import Decimal

import pytest

from vfmhub.performance.calculations.direction import (
    ChangeBand,
    Direction,
    Travel,
    direction,
    travel,
)
from vfmhub.performance.calculations.kinds import Polarity, Tolerance
from vfmhub.performance.calculations.periods import Frequency, Period

D = Decimal
HIGHER, LOWER, NEITHER = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.NEITHER
IMPROVING, WORSENING = Direction.IMPROVING, Direction.WORSENING
UP, DOWN, SAME = Direction.UP, Direction.DOWN, Direction.NO_REAL_CHANGE
ANY = ChangeBand()
ONE = ChangeBand(D(1))
FIVE_PERCENT = ChangeBand(D(5), Tolerance.PERCENT)


@pytest.mark.parametrize(
    ("current", "earlier", "polarity", "band", "expected"),
    [
        # Higher is better, no real change within 1.
        ("10", "8", HIGHER, ONE, IMPROVING),
        ("8", "10", HIGHER, ONE, WORSENING),
        ("10.5", "10", HIGHER, ONE, SAME),
        ("11", "10", HIGHER, ONE, SAME),  # exactly on the band's edge: no real change
        ("11.01", "10", HIGHER, ONE, IMPROVING),
        ("8.99", "10", HIGHER, ONE, WORSENING),
        # Lower is better: the mirror.
        ("8", "10", LOWER, ONE, IMPROVING),
        ("12", "10", LOWER, ONE, WORSENING),
        ("9", "10", LOWER, ONE, SAME),
        # Neither: up or down, never better or worse.
        ("12", "10", NEITHER, ONE, UP),
        ("8", "10", NEITHER, ONE, DOWN),
        ("10.5", "10", NEITHER, ONE, SAME),
        # Percent band: 5% of the earlier value.
        ("105", "100", HIGHER, FIVE_PERCENT, SAME),
        ("105.1", "100", HIGHER, FIVE_PERCENT, IMPROVING),
        ("94.9", "100", LOWER, FIVE_PERCENT, IMPROVING),
        ("-105", "-100", NEITHER, FIVE_PERCENT, SAME),
        ("-106", "-100", NEITHER, FIVE_PERCENT, DOWN),
        # An earlier value of zero: 5% of 0 is 0, so only no change at all is no real change.
        ("0", "0", HIGHER, FIVE_PERCENT, SAME),
        ("0.1", "0", HIGHER, FIVE_PERCENT, IMPROVING),
        ("-0.1", "0", NEITHER, FIVE_PERCENT, DOWN),
        # The default band counts any change.
        ("10", "10", HIGHER, ANY, SAME),
        ("10.01", "10", HIGHER, ANY, IMPROVING),
        ("10.01", "10", LOWER, ANY, WORSENING),
    ],
)
def test_direction(
    current: str, earlier: str, polarity: Polarity, band: ChangeBand, expected: Direction
) -> None:
    assert direction(D(current), D(earlier), polarity, band) == expected


@pytest.mark.parametrize(("current", "earlier"), [("10", None), (None, "10"), (None, None)])
def test_nothing_to_compare(current: str | None, earlier: str | None) -> None:
    now = None if current is None else D(current)
    then = None if earlier is None else D(earlier)
    assert direction(now, then, HIGHER, ONE) is Direction.NO_COMPARISON


def test_a_band_is_not_negative() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        ChangeBand(D(-1))


Q = Frequency.QUARTER


def test_travel_against_previous_period_and_last_year() -> None:
    values: dict[Period, Decimal | None] = {
        Period(Q, 2008, 1): D(60),
        Period(Q, 2008, 4): D(80),
        Period(Q, 2009, 1): D(70),
    }
    assert travel(values, Period(Q, 2009, 1), HIGHER, ONE) == Travel(
        period=Period(Q, 2009, 1), against_previous=WORSENING, against_last_year=IMPROVING
    )
    assert travel(values, Period(Q, 2009, 1), NEITHER) == Travel(
        period=Period(Q, 2009, 1), against_previous=DOWN, against_last_year=UP
    )
    first = travel(values, Period(Q, 2008, 4), LOWER)
    assert (first.against_previous, first.against_last_year) == (
        Direction.NO_COMPARISON,
        Direction.NO_COMPARISON,
    )
