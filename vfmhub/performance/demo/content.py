"""The demo council's indicators, and the national-scale set, as data.

Every indicator is invented for the demo (the local codes `LPI nn` belong to the demo council; the
national-scale set's codes start `DEMO-`, a range no real indicator uses). Each carries the
`Shape` its values are drawn from: the level a period's target starts at, how far the council
tends to be from it (`tilt`, positive: better than target) and how noisy it is.
"""

from dataclasses import dataclass, replace
from decimal import Decimal

from vfmhub.performance.calculations import Frequency, Polarity, RollUp, Tolerance
from vfmhub.performance.models import DataType

M, Q = Frequency.MONTH, Frequency.QUARTER
HIGH, LOW, EITHER = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.NEITHER
SUM, MEAN, LAST, RATIO = RollUp.SUM, RollUp.MEAN, RollUp.LAST, RollUp.RATIO
NUMBER, PERCENT, MONEY = DataType.NUMBER, DataType.PERCENT, DataType.MONEY

BAND_NAMES = (
    ("green", "Green", "#00703c"),
    ("amber", "Amber", "#f47738"),
    ("red", "Red", "#d4351c"),
)
RAG_SOURCE = "Set by the Performance Management Board (demo)."


@dataclass(frozen=True)
class Shape:
    """How one indicator's values are drawn (per period of its frequency)."""

    level: float  # the first year's target per period; for a ratio, the rate (x ratio_scale)
    tilt: float = 0.02  # the council's usual distance from target, as a share (+ is better)
    noise: float = 0.04
    denominator: float = 0.0  # a ratio's denominator per period
    cumulative: bool = False  # a year-to-date figure (council tax collected): grows each period
    trend: float = 0.02  # the target's yearly improvement, as a share


@dataclass(frozen=True)
class Spec:
    code: str
    title: str
    unit: str
    data_type: str
    polarity: Polarity
    frequency: Frequency
    rollup: RollUp
    places: int
    shape: Shape
    rag: Tolerance = Tolerance.PERCENT
    limits: tuple[str, str] = ("0", "5")  # green's and amber's (% of target, or in units)

    @property
    def ratio_scale(self) -> Decimal:
        return Decimal(100) if self.rollup is RATIO else Decimal(1)

    @property
    def bands(self) -> list[dict]:
        """The RAG rule's bands as `RagRuleVersion.bands` stores them: green, amber, red."""
        limits = [*self.limits, None]
        return [
            {"key": key, "name": name, "colour": colour, "limit": limit}
            for (key, name, colour), limit in zip(BAND_NAMES, limits, strict=True)
        ]


def _s(level: float, tilt: float = 0.02, **more) -> Shape:
    return Shape(level=level, tilt=tilt, **more)


# fmt: off
LOCAL = [
    Spec("LPI 01", "Missed bins per 100,000 collections", "per 100,000", NUMBER, LOW, M, MEAN, 1, _s(45, -0.06, noise=0.08)),  # noqa: E501
    Spec("LPI 02", "Household waste collected", "tonnes", NUMBER, LOW, M, SUM, 0, _s(3900, 0.01, trend=0.01)),  # noqa: E501
    Spec("LPI 03", "Fly-tipping incidents", "incidents", NUMBER, LOW, M, SUM, 0, _s(95, -0.02, noise=0.12)),  # noqa: E501
    Spec("LPI 04", "Household waste recycled and composted", "%", PERCENT, HIGH, M, RATIO, 1, _s(44, 0.01, denominator=3900)),  # noqa: E501
    Spec("LPI 05", "Council tax collected in year", "%", PERCENT, HIGH, M, LAST, 2, _s(97.6, 0.004, noise=0.006, cumulative=True, trend=0.001)),  # noqa: E501
    Spec("LPI 06", "Business rates collected in year", "%", PERCENT, HIGH, M, LAST, 2, _s(98.2, -0.01, noise=0.006, cumulative=True, trend=0.001)),  # noqa: E501
    Spec("LPI 07", "Average days to process new benefit claims", "days", NUMBER, LOW, M, MEAN, 1, _s(22, -0.05, noise=0.1)),  # noqa: E501
    Spec("LPI 08", "Average days to process changes of circumstances", "days", NUMBER, LOW, M, MEAN, 1, _s(9, 0.03, noise=0.1)),  # noqa: E501
    Spec("LPI 09", "Calls answered within 20 seconds", "%", PERCENT, HIGH, M, RATIO, 1, _s(80, -0.03, denominator=14000)),  # noqa: E501
    Spec("LPI 10", "Customer enquiries resolved at first contact", "%", PERCENT, HIGH, M, RATIO, 1, _s(75, 0.02, denominator=9000)),  # noqa: E501
    Spec("LPI 11", "Working days lost to sickness per full-time employee", "days", NUMBER, LOW, M, SUM, 2, _s(0.75, -0.05, noise=0.12, trend=0.03)),  # noqa: E501
    Spec("LPI 12", "Undisputed invoices paid within 30 days", "%", PERCENT, HIGH, M, RATIO, 1, _s(95, 0.01, denominator=2600, trend=0.002)),  # noqa: E501
    Spec("LPI 13", "Visits to leisure centres", "visits", NUMBER, HIGH, M, SUM, 0, _s(52000, 0.03, noise=0.07)),  # noqa: E501
    Spec("LPI 14", "Households prevented from becoming homeless", "households", NUMBER, HIGH, M, SUM, 0, _s(30, 0.05, noise=0.15)),  # noqa: E501
    Spec("LPI 15", "Households in temporary accommodation", "households", NUMBER, LOW, M, LAST, 0, _s(48, -0.08, noise=0.06)),  # noqa: E501
    Spec("LPI 16", "Freedom of information requests answered within 20 working days", "%", PERCENT, HIGH, M, RATIO, 1, _s(90, -0.02, denominator=70)),  # noqa: E501
    Spec("LPI 17", "Complaints received", "complaints", NUMBER, LOW, M, SUM, 0, _s(60, 0.02, noise=0.15)),  # noqa: E501
    Spec("LPI 18", "Transactions completed online", "%", PERCENT, HIGH, M, RATIO, 1, _s(58, 0.04, denominator=21000, trend=0.05)),  # noqa: E501
    Spec("LPI 19", "Planning enforcement cases closed", "cases", NUMBER, EITHER, M, SUM, 0, _s(24, 0, noise=0.1), Tolerance.ABSOLUTE, ("3", "6")),  # noqa: E501
    Spec("LPI 20", "Staff turnover", "%", PERCENT, EITHER, M, MEAN, 1, _s(1.0, 0, noise=0.2, trend=0), Tolerance.ABSOLUTE, ("0.3", "0.6")),  # noqa: E501
    Spec("LPI 21", "Major planning applications decided within 13 weeks", "%", PERCENT, HIGH, Q, RATIO, 1, _s(75, -0.06, noise=0.08, denominator=14)),  # noqa: E501
    Spec("LPI 22", "Minor planning applications decided within 8 weeks", "%", PERCENT, HIGH, Q, RATIO, 1, _s(70, 0.02, noise=0.05, denominator=90)),  # noqa: E501
    Spec("LPI 23", "Other planning applications decided within 8 weeks", "%", PERCENT, HIGH, Q, RATIO, 1, _s(85, 0.03, noise=0.03, denominator=260)),  # noqa: E501
    Spec("LPI 24", "Net additional homes provided", "homes", NUMBER, HIGH, Q, SUM, 0, _s(95, -0.03, noise=0.2)),  # noqa: E501
    Spec("LPI 25", "Affordable homes delivered", "homes", NUMBER, HIGH, Q, SUM, 0, _s(30, -0.03, noise=0.25)),  # noqa: E501
    Spec("LPI 26", "Empty homes brought back into use", "homes", NUMBER, HIGH, Q, SUM, 0, _s(12, 0.05, noise=0.2)),  # noqa: E501
    Spec("LPI 27", "Cashable efficiency savings delivered in year", "£", MONEY, HIGH, Q, LAST, 0, _s(1_200_000, 0.01, noise=0.06, cumulative=True, trend=0.05)),  # noqa: E501
    Spec("LPI 28", "Savings from procurement", "£", MONEY, HIGH, Q, SUM, 0, _s(90_000, 0.04, noise=0.15)),  # noqa: E501
    Spec("LPI 29", "Spend with local suppliers", "%", PERCENT, HIGH, Q, RATIO, 1, _s(32, 0.02, denominator=6_500_000, trend=0.03)),  # noqa: E501
    Spec("LPI 30", "Energy used in council buildings", "MWh", NUMBER, LOW, Q, SUM, 0, _s(1450, 0.02, trend=0.04)),  # noqa: E501
    Spec("LPI 31", "Carbon emissions from council operations", "tonnes CO2e", NUMBER, LOW, Q, SUM, 0, _s(820, -0.02, trend=0.05)),  # noqa: E501
    Spec("LPI 32", "Food premises broadly compliant", "%", PERCENT, HIGH, Q, LAST, 1, _s(92, 0.01, noise=0.015, trend=0.005)),  # noqa: E501
    Spec("LPI 33", "Land and highways with unacceptable litter", "%", PERCENT, LOW, Q, MEAN, 1, _s(6, -0.02, noise=0.15)),  # noqa: E501
    Spec("LPI 34", "Disabled facilities grants completed within 20 weeks", "%", PERCENT, HIGH, Q, RATIO, 1, _s(80, -0.07, noise=0.08, denominator=35)),  # noqa: E501
    Spec("LPI 35", "Young people taking part in positive activities", "young people", NUMBER, HIGH, Q, SUM, 0, _s(1800, 0.03, noise=0.1)),  # noqa: E501
    Spec("LPI 36", "Residents satisfied with the way the council runs things", "%", PERCENT, HIGH, Q, LAST, 0, _s(62, -0.01, noise=0.03, trend=0.01)),  # noqa: E501
    Spec("LPI 37", "Cost of waste collection per household", "£", MONEY, LOW, Q, MEAN, 2, _s(14.2, 0.01, noise=0.03, trend=-0.02)),  # noqa: E501
    Spec("LPI 38", "Internal audit recommendations implemented on time", "%", PERCENT, HIGH, Q, RATIO, 1, _s(85, -0.03, denominator=40)),  # noqa: E501
    Spec("LPI 39", "Revenue budget forecast variance", "%", PERCENT, EITHER, Q, LAST, 1, _s(0.5, 0, noise=1.0, trend=0), Tolerance.ABSOLUTE, ("1", "2")),  # noqa: E501
    Spec("LPI 40", "Council tax base (Band D equivalents)", "properties", NUMBER, HIGH, Q, LAST, 0, _s(34_500, 0.002, noise=0.002, trend=0.008)),  # noqa: E501
]
# fmt: on

MORE_TITLES = [
    ("Street lights repaired within 5 working days", "%", HIGH, RATIO, 88),
    ("Noise complaints responded to within 3 days", "%", HIGH, RATIO, 90),
    ("Licensing applications processed within 28 days", "%", HIGH, RATIO, 93),
    ("Abandoned vehicles removed within 24 hours", "%", HIGH, RATIO, 86),
    ("Graffiti removed within 5 days", "%", HIGH, RATIO, 84),
    ("Land charges searches returned within 10 days", "%", HIGH, RATIO, 96),
    ("Housing benefit overpayments recovered", "%", HIGH, RATIO, 70),
    ("Rent arrears as a share of rent due", "%", LOW, MEAN, 3.2),
    ("Average days to relet council homes", "days", LOW, MEAN, 28),
    ("Repairs completed at the first visit", "%", HIGH, RATIO, 82),
    ("Visits to libraries", "visits", HIGH, SUM, 41000),
    ("Parking penalty charge notices paid", "%", HIGH, RATIO, 74),
    ("Pest control requests answered within 3 days", "%", HIGH, RATIO, 91),
    ("Agency staff spend", "£", LOW, SUM, 210000),
    ("Staff appraisals completed", "%", HIGH, LAST, 88),
    ("Electoral register canvass returns", "%", HIGH, LAST, 94),
    ("Disabled parking badges issued within 10 days", "%", HIGH, RATIO, 89),
    ("Trees planted", "trees", HIGH, SUM, 450),
    ("Garden waste subscriptions", "households", HIGH, LAST, 18000),
    ("Apprentices employed by the council", "people", HIGH, LAST, 22),
]


def national_specs() -> list[Spec]:
    """The national-scale set: the demo council's forty made quarterly, and twenty more."""
    specs = []
    for number, spec in enumerate(LOCAL, start=1):
        specs.append(
            Spec(
                f"DEMO-{number:02d}",
                spec.title,
                spec.unit,
                spec.data_type,
                spec.polarity,
                Q,
                spec.rollup,
                spec.places,
                _quarterly(spec),
                spec.rag,
                spec.limits,
            )
        )
    for number, (title, unit, polarity, rollup, level) in enumerate(MORE_TITLES, start=41):
        data_type = PERCENT if unit == "%" else MONEY if unit == "£" else NUMBER
        shape = Shape(level=level, denominator=400.0 if rollup is RATIO else 0.0)
        places = 1 if unit == "%" else 0
        specs.append(
            Spec(f"DEMO-{number:02d}", title, unit, data_type, polarity, Q, rollup, places, shape)
        )
    return specs


def _quarterly(spec: Spec) -> Shape:
    """A monthly shape as a quarter's: a total triples; a level or rate stays."""
    shape = spec.shape
    if spec.frequency is Q or spec.rollup not in (SUM, RATIO):
        return shape
    if spec.rollup is SUM:
        return replace(shape, level=shape.level * 3)
    return replace(shape, denominator=shape.denominator * 3)
