"""Reads for the programme dashboard, in a fixed number of queries whatever the number of bodies.

Only submitted, current returns are read: a draft or a superseded version never reaches the
partnership's dashboard, its exports or its report.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from vfmhub.efficiency.models import (
    Baseline,
    BaselineKind,
    EfficiencyProgramme,
    EfficiencyReturn,
    Participant,
    ReturnDeadline,
    ReturnRating,
    ReturnStatus,
    YearTarget,
)


@dataclass(frozen=True)
class Body:
    organisation_id: int
    name: str
    gss_code: str


def programme_bodies(programme: EfficiencyProgramme) -> list[Body]:
    """The participating bodies by name (one query)."""
    rows = (
        Participant.objects.filter(programme=programme)
        .order_by("organisation__name", "organisation_id")
        .values_list("organisation_id", "organisation__name", "organisation__gss_code")
    )
    return [Body(pk, name, code or "") for pk, name, code in rows]


def programme_baselines(programme: EfficiencyProgramme) -> dict[int, Decimal]:
    """Each body's baseline (one query): its whole-body figure, else fire plus non-fire."""
    whole: dict[int, Decimal] = {}
    parts: dict[int, Decimal] = {}
    rows = Baseline.objects.filter(programme=programme).values_list(
        "organisation_id", "kind", "amount"
    )
    for organisation_id, kind, amount in rows:
        if kind == BaselineKind.TOTAL:
            whole[organisation_id] = amount
        else:
            parts[organisation_id] = parts.get(organisation_id, Decimal(0)) + amount
    return {**parts, **whole}


def programme_year_percents(programme: EfficiencyProgramme) -> list[Decimal]:
    """The yearly target percentages in programme-year order, 0 for a year with none (one query)."""
    by_year = dict(YearTarget.objects.filter(programme=programme).values_list("year", "percent"))
    return [by_year.get(year, Decimal(0)) for year in programme.years]


def submitted_current(programme: EfficiencyProgramme, kind: str) -> QuerySet[EfficiencyReturn]:
    return EfficiencyReturn.objects.filter(
        programme=programme, kind=kind, is_current=True, status=ReturnStatus.SUBMITTED
    )


def years_with_returns(programme: EfficiencyProgramme, kind: str) -> list[int]:
    """Years with at least one submitted return of `kind`, latest first (one query)."""
    years = submitted_current(programme, kind).values_list("year", flat=True).distinct()
    return sorted(set(years), reverse=True)


def due_date(programme: EfficiencyProgramme, year: int, kind: str) -> datetime.date | None:
    """The deadline for the year's returns of `kind`, if one is set (one query)."""
    return (
        ReturnDeadline.objects.filter(programme=programme, year=year, kind=kind)
        .values_list("due_on", flat=True)
        .first()
    )


def year_returns(programme: EfficiencyProgramme, year: int, kind: str) -> list[EfficiencyReturn]:
    """The year's submitted current returns with their ratings (two queries)."""
    ratings = Prefetch("ratings", queryset=ReturnRating.objects.order_by("year"))
    return list(
        submitted_current(programme, kind)
        .filter(year=year)
        .only(
            "id",
            "organisation_id",
            "year",
            "kind",
            "reported_value",
            "register_value",
            "submitted_at",
        )
        .prefetch_related(ratings)
    )
