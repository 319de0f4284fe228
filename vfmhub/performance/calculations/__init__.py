"""The performance app's pure calculations: periods, roll-up, RAG, direction of travel, forecasts.

Nothing here touches the database: models, services and pages build on these functions.
"""

from vfmhub.performance.calculations.direction import (
    ChangeBand,
    Direction,
    Travel,
    direction,
    travel,
)
from vfmhub.performance.calculations.evaluate import (
    Definition,
    Evaluation,
    evaluate,
    evaluate_period,
    shown_period,
    target_of,
    value_of,
)
from vfmhub.performance.calculations.forecast import Forecast, forecast_year_end
from vfmhub.performance.calculations.kinds import Polarity, RollUp, Tolerance
from vfmhub.performance.calculations.periods import (
    Frequency,
    Period,
    calendar_quarter,
    month,
    parse_period,
    period_of,
)
from vfmhub.performance.calculations.rag import Band, RagRule, default_rule, rag_band, shortfall
from vfmhub.performance.calculations.rollup import (
    Reading,
    Rolled,
    combine,
    ratio_of,
    roll_up,
    roll_up_year_to_date,
    rounded,
)

__all__ = [
    "Band",
    "ChangeBand",
    "Definition",
    "Direction",
    "Evaluation",
    "Forecast",
    "Frequency",
    "Period",
    "Polarity",
    "RagRule",
    "Reading",
    "RollUp",
    "Rolled",
    "Tolerance",
    "Travel",
    "calendar_quarter",
    "combine",
    "default_rule",
    "direction",
    "evaluate",
    "evaluate_period",
    "forecast_year_end",
    "month",
    "parse_period",
    "period_of",
    "rag_band",
    "ratio_of",
    "roll_up",
    "roll_up_year_to_date",
    "rounded",
    "shortfall",
    "shown_period",
    "target_of",
    "travel",
    "value_of",
]
