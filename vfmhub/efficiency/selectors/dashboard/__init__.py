"""The partnership's programme dashboard: who returned, the Green/Amber/Red forecasts by year with
the bodies in each cell, achieved against target, and the bodies below a threshold.

    dashboard = programme_dashboard(programme, year=2009, kind="forecast", today=today)

`queries` reads the database in seven queries whatever the number of bodies; `compute` counts in
memory; `types` holds the result. Access is the caller's business (`programme_for_user`).
"""

import datetime
from decimal import Decimal

from vfmhub.efficiency.calculations import percent_of_baseline
from vfmhub.efficiency.models import EfficiencyProgramme, ReturnKind
from vfmhub.efficiency.selectors.dashboard import compute, queries
from vfmhub.efficiency.selectors.dashboard.compute import RATING_COLUMNS
from vfmhub.efficiency.selectors.dashboard.types import (
    NOT_RATED,
    NOT_RATED_LABEL,
    BodyProgress,
    BodyReturn,
    ProgrammeDashboard,
    RatingCell,
    RatingRow,
    YearTargetLine,
)
from vfmhub.lib.years import financial_year_of

__all__ = [
    "NOT_RATED",
    "NOT_RATED_LABEL",
    "RATING_COLUMNS",
    "BodyProgress",
    "BodyReturn",
    "ProgrammeDashboard",
    "RatingCell",
    "RatingRow",
    "YearTargetLine",
    "default_year",
    "programme_dashboard",
]


def default_year(
    programme: EfficiencyProgramme, with_returns: list[int], today: datetime.date
) -> int:
    """The latest year with returns; failing that, the current year within the programme's."""
    if with_returns:
        return with_returns[0]
    return min(max(financial_year_of(today), programme.first_year), programme.last_year)


def programme_dashboard(
    programme: EfficiencyProgramme,
    *,
    year: int | None = None,
    kind: str = ReturnKind.FORECAST,
    threshold: Decimal | None = None,
    today: datetime.date,
) -> ProgrammeDashboard:
    """The dashboard for one year (default: the latest with returns) and kind of return.

    `threshold` is a % of baseline; bodies under it are listed. It defaults to the year's
    cumulative target. Seven queries, however many bodies and returns.
    """
    bodies = queries.programme_bodies(programme)
    baselines = queries.programme_baselines(programme)
    percents = queries.programme_year_percents(programme)
    with_returns = queries.years_with_returns(programme, kind)
    if year is None or year not in programme.years:
        year = default_year(programme, with_returns, today)
    due_on = queries.due_date(programme, year, kind)
    participating = {b.organisation_id for b in bodies}
    returns = {
        r.organisation_id: r
        for r in queries.year_returns(programme, year, kind)
        if r.organisation_id in participating
    }
    aggregate = sum((baselines[b] for b in participating if b in baselines), Decimal(0)) or None
    targets = compute.target_lines(programme, percents, aggregate)
    target = next((t for t in targets if t.year == year), None)
    achieved = sum((r.value for r in returns.values() if r.value is not None), Decimal(0))
    bodies_progress = compute.body_progress(bodies, returns, baselines, target, year)
    if threshold is None and target is not None:
        threshold = target.percent
    return ProgrammeDashboard(
        programme=programme,
        year=year,
        kind=kind,
        today=today,
        years_with_returns=with_returns,
        due_on=due_on,
        returns=compute.body_returns(bodies, returns, due_on, today),
        ratings=compute.rating_rows([y for y in programme.years if y >= year], bodies, returns),
        targets=targets,
        aggregate_baseline=aggregate,
        achieved=achieved,
        achieved_percent=percent_of_baseline(achieved, aggregate),
        target=target,
        bodies=bodies_progress,
        threshold=threshold,
        below_threshold=compute.below(bodies_progress, threshold),
    )
