"""The words the calculations share: polarity, how a tolerance is measured, how periods roll up."""

from enum import StrEnum


class Polarity(StrEnum):
    """Which way is better for an indicator."""

    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"
    NEITHER = "neither"


class Tolerance(StrEnum):
    """How a band's size is measured: in the indicator's own units, or as a % of a base value."""

    ABSOLUTE = "absolute"
    PERCENT = "percent"


class RollUp(StrEnum):
    """How values of shorter periods make a longer period's value."""

    SUM = "sum"
    MEAN = "mean"
    LAST = "last"
    RATIO = "ratio"
