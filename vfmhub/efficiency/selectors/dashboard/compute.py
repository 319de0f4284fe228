"""The programme dashboard's arithmetic, in memory: who returned, the Green/Amber/Red table with
the bodies in each cell, achieved against target overall and per body, and who is below a threshold.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from vfmhub.efficiency.calculations import (
    cumulative_target_percents,
    percent_of_baseline,
    round_percent,
    target_amounts,
)
from vfmhub.efficiency.models import EfficiencyProgramme, EfficiencyReturn, Rating
from vfmhub.efficiency.selectors.dashboard.queries import Body
from vfmhub.efficiency.selectors.dashboard.types import (
    NOT_RATED,
    NOT_RATED_LABEL,
    BodyProgress,
    BodyReturn,
    RatingCell,
    RatingRow,
    YearTargetLine,
)

RATING_COLUMNS = (*((r.value, r.label) for r in Rating), (NOT_RATED, NOT_RATED_LABEL))


def target_lines(
    programme: EfficiencyProgramme, percents: list[Decimal], baseline: Decimal | None
) -> list[YearTargetLine]:
    """Each programme year's cumulative target, as published (one place) and in £."""
    cumulative = [round_percent(p) for p in cumulative_target_percents(percents, programme.method)]
    amounts = target_amounts(baseline, cumulative) if baseline else [None] * len(cumulative)
    return [
        YearTargetLine(year, percent, amount)
        for year, percent, amount in zip(programme.years, cumulative, amounts, strict=True)
    ]


def body_returns(
    bodies: list[Body],
    returns: dict[int, EfficiencyReturn],
    due_on: datetime.date | None,
    today: datetime.date,
) -> list[BodyReturn]:
    """Each participant received or missing, late against the deadline where one is set."""
    rows = []
    for body in bodies:
        made = returns.get(body.organisation_id)
        if made is None:
            rows.append(
                BodyReturn(
                    body.organisation_id,
                    body.name,
                    body.gss_code,
                    received=False,
                    is_overdue=bool(due_on and today > due_on),
                )
            )
            continue
        submitted = made.submitted_at
        late = bool(due_on and submitted and timezone.localtime(submitted).date() > due_on)
        rows.append(
            BodyReturn(
                body.organisation_id,
                body.name,
                body.gss_code,
                received=True,
                return_id=made.pk,
                submitted_at=submitted,
                is_late=late,
            )
        )
    return rows


def rating_rows(
    years: list[int], bodies: list[Body], returns: dict[int, EfficiencyReturn]
) -> list[RatingRow]:
    """One row per year: for each rating (and not rated) the returned bodies in that cell."""
    names = {b.organisation_id: b.name for b in bodies}
    by_body = {
        organisation_id: {r.year: r.rating for r in made.ratings.all()}
        for organisation_id, made in returns.items()
    }
    rows = []
    for year in years:
        cells = []
        for rating, label in RATING_COLUMNS:
            in_cell = tuple(
                names[organisation_id]
                for organisation_id in names
                if organisation_id in by_body
                and by_body[organisation_id].get(year, NOT_RATED) == rating
            )
            cells.append(RatingCell(rating, label, in_cell))
        rows.append(RatingRow(year, tuple(cells)))
    return rows


def body_progress(
    bodies: list[Body],
    returns: dict[int, EfficiencyReturn],
    baselines: dict[int, Decimal],
    target: YearTargetLine | None,
    year: int,
) -> list[BodyProgress]:
    """Each body that returned: value, % of its baseline, and its own target for the year."""
    target_percent = target.percent if target else None
    rows = []
    for body in bodies:
        made = returns.get(body.organisation_id)
        if made is None:
            continue
        baseline = baselines.get(body.organisation_id)
        own_target = (
            target_amounts(baseline, [target_percent])[0]
            if baseline and target_percent is not None
            else None
        )
        ratings = {r.year: r.rating for r in made.ratings.all()}
        rows.append(
            BodyProgress(
                organisation_id=body.organisation_id,
                name=body.name,
                baseline=baseline,
                value=made.value,
                percent=percent_of_baseline(made.value, baseline),
                target_percent=target_percent,
                target_amount=own_target,
                rating=ratings.get(year, NOT_RATED),
            )
        )
    return rows


def below(rows: list[BodyProgress], threshold: Decimal | None) -> list[BodyProgress]:
    """Bodies whose value is under `threshold` % of their baseline, lowest first."""
    if threshold is None:
        return []
    low = [r for r in rows if r.percent is not None and r.percent < threshold]
    return sorted(low, key=lambda r: (r.percent, r.name))
