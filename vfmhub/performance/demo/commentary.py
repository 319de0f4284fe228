"""A demo commentary: what happened (the figure against its target, and why) and what is being
done, written by the officer three weeks and a day after the period ends."""

import datetime
import random
from decimal import Decimal

from vfmhub.performance.calculations import Evaluation, Period
from vfmhub.performance.demo.plan_content import BEING_DONE, HAPPENED
from vfmhub.performance.models import Commentary, Indicator


def figure(value: Decimal | None, indicator: Indicator) -> str:
    if value is None:
        return "no figure"
    places = indicator.decimal_places
    text = f"{value:,.{places}f}"
    if indicator.unit == "%":
        return f"{text}%"
    if indicator.unit == "£":
        return f"£{text}"
    return f"{text} {indicator.unit}".rstrip()


def note(
    indicator: Indicator,
    organisation,
    period: Period,
    evaluation: Evaluation,
    band: str,
    rng: random.Random,
    author,
) -> Commentary:
    stated = (
        f"{period.label}: {figure(evaluation.value, indicator)} against a target of "
        f"{figure(evaluation.target, indicator)}."
    )
    written = period.last_day + datetime.timedelta(days=22)
    return Commentary(
        indicator=indicator,
        organisation=organisation,
        frequency=period.frequency.value,
        year=period.year,
        period_index=period.index,
        what_happened=f"{stated} {rng.choice(HAPPENED[band])}",
        what_is_being_done=rng.choice(BEING_DONE[band]),
        written_by=author,
        written_at=datetime.datetime.combine(written, datetime.time(15), tzinfo=datetime.UTC),
    )
