"""The partnership version of the quarterly report, for the regional board: for each member,
its NI 179 efficiency returns (what the partnership's programme has received), its latest Use of
Resources scores the partnership may see, and the headline counts of its own published quarterly
report for the same quarter. Drafts never reach it: each part reads only what the partnership
may see (submitted returns, shared assessments, published reports)."""

import datetime
from typing import Any

from vfmhub.assessments.selectors.dashboard import (
    assessed_version_years,
    members_during_year,
    partnership_dashboard_tables,
)
from vfmhub.assessments.selectors.distribution import CRITERION, Member
from vfmhub.efficiency.models import ReturnKind
from vfmhub.efficiency.selectors.dashboard import NOT_RATED_LABEL, programme_dashboard
from vfmhub.efficiency.selectors.programmes import programmes_for_partnership
from vfmhub.frameworks.models import FrameworkVersion
from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.models import Partnership
from vfmhub.performance.models import QuarterlyReport, ReportStatus
from vfmhub.performance.reporting.figures import DASH, percent, pounds

RATING_NAMES = {"G": "Green", "A": "Amber", "R": "Red", "": NOT_RATED_LABEL}


def _ni179(partnership: Partnership, members: list[Member], year: int, today: datetime.date):
    programme = (
        programmes_for_partnership(partnership)
        .filter(first_year__lte=year, last_year__gte=year)
        .first()
    )
    if programme is None:
        return {"programme": None, "rows": []}
    forecast = programme_dashboard(programme, year=year, kind=ReturnKind.FORECAST, today=today)
    outturn = programme_dashboard(programme, year=year, kind=ReturnKind.OUTTURN, today=today)
    forecasts = {b.organisation_id: b for b in forecast.bodies}
    outturns = {b.organisation_id: b for b in outturn.bodies}
    rows = []
    for member in members:
        ahead, done = forecasts.get(member.organisation_id), outturns.get(member.organisation_id)
        either = ahead or done
        rows.append(
            {
                "name": member.name,
                "baseline": pounds(either.baseline if either else None),
                "forecast": pounds(ahead.value if ahead else None),
                "forecast_percent": percent(ahead.percent if ahead else None),
                "rating": RATING_NAMES.get(ahead.rating if ahead else "", NOT_RATED_LABEL),
                "outturn": pounds(done.value if done else None),
                "outturn_percent": percent(done.percent if done else None),
            }
        )
    target = forecast.target
    return {
        "programme": programme.name,
        "indicator": programme.indicator_code,
        "target_percent": percent(target.percent if target else None),
        "forecast_total": pounds(forecast.achieved),
        "outturn_total": pounds(outturn.achieved),
        "rows": rows,
    }


def _use_of_resources(partnership: Partnership, members: list[Member], today: datetime.date):
    latest = assessed_version_years(partnership, today)
    if not latest:
        return {"version": None, "columns": [], "rows": []}
    version_id, year = max(latest.items(), key=lambda item: (item[1], item[0]))
    version = FrameworkVersion.objects.filter(pk=version_id).first()
    if version is None:
        return {"version": None, "columns": [], "rows": []}
    _, _, scores = partnership_dashboard_tables(partnership, version, year, today=today)
    wanted = [i for i, c in enumerate(scores.columns) if c.kind != CRITERION]
    by_member = {row.organisation_id: row for row in scores.rows}
    rows = []
    for member in members:
        row = by_member.get(member.organisation_id)
        cells = [DASH] * len(wanted)
        if row is not None:
            cells = [DASH if row.cells[i] is None else str(row.cells[i]) for i in wanted]
        rows.append({"name": member.name, "cells": cells})
    return {
        "version": version.name,
        "year": financial_year_label(year),
        "columns": [scores.columns[i].heading for i in wanted],
        "rows": rows,
    }


def _indicator_counts(members: list[Member], year: int, quarter: int) -> list[dict[str, Any]]:
    published = dict(
        QuarterlyReport.objects.filter(
            organisation_id__in=[m.organisation_id for m in members],
            year=year,
            quarter=quarter,
            status=ReportStatus.PUBLISHED,
        ).values_list("organisation_id", "snapshot")
    )
    rows = []
    for member in members:
        snapshot = published.get(member.organisation_id)
        counts = (snapshot or {}).get("performance", {}).get("counts")
        rows.append({"name": member.name, "published": counts is not None, "counts": counts})
    return rows


def partnership_sections(
    partnership: Partnership, *, year: int, quarter: int, today: datetime.date
) -> dict[str, Any]:
    members = members_during_year(partnership, year)
    return {
        "members": [m.name for m in members],
        "ni179": _ni179(partnership, members, year, today),
        "use_of_resources": _use_of_resources(partnership, members, today),
        "indicators": _indicator_counts(members, year, quarter),
    }
