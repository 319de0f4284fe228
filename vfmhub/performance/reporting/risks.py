"""The risks section of a quarterly report's snapshot: the top risks of the organisation's
corporate risk register(s), as rated at the quarter's end, with their movement since the end of
the quarter before (from each risk's rating history)."""

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from vfmhub.organisations.models import Organisation
from vfmhub.performance.calculations import Frequency, Period
from vfmhub.programme.access.owners import ORGANISATION, RegisterOwner
from vfmhub.programme.models import RatingKind, Risk, RiskRating, RiskStatus
from vfmhub.programme.selectors.risks import registers_for_owner

TOP_RISKS = 10
INCREASED, REDUCED, UNCHANGED, NEW = "Increased", "Reduced", "Unchanged", "New"
MOVEMENTS = {
    INCREASED: "Rated higher (likelihood × impact) than at the end of the quarter before.",
    REDUCED: "Rated lower than at the end of the quarter before.",
    UNCHANGED: "Rated the same as at the end of the quarter before.",
    NEW: "Not rated at the end of the quarter before.",
}


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _ratings_by_risk(risks: list[Risk]) -> dict[int, list[RiskRating]]:
    """Each risk's current ratings, oldest first (one query)."""
    found: dict[int, list[RiskRating]] = {risk.pk: [] for risk in risks}
    rows = RiskRating.objects.filter(
        risk__in=[r.pk for r in risks], kind=RatingKind.CURRENT
    ).order_by("rated_at", "pk")
    for rating in rows:
        found[rating.risk_id].append(rating)
    return found


def _movement(now: int, before: int | None) -> str:
    if before is None:
        return NEW
    return INCREASED if now > before else REDUCED if now < before else UNCHANGED


def risks_section(organisation: Organisation, *, year: int, quarter: int) -> dict[str, Any]:
    period = Period(Frequency.QUARTER, year, quarter)
    start, end = _start_of(period.first_day), _start_of(period.following().first_day)
    registers = list(registers_for_owner(RegisterOwner(ORGANISATION, organisation=organisation)))
    risks = list(
        Risk.objects.filter(register__in=[r.pk for r in registers])
        .filter(Q(status=RiskStatus.OPEN) | Q(closed_on__gte=period.following().first_day))
        .select_related("register__matrix")
    )
    history = _ratings_by_risk(risks)
    rated: list[dict[str, Any]] = []
    for risk in risks:
        ratings = [r for r in history[risk.pk] if r.rated_at < end]
        if history[risk.pk] and not ratings:
            continue  # first rated after the quarter: not on the register then
        latest = ratings[-1] if ratings else None
        likelihood = latest.likelihood if latest else risk.current_likelihood
        impact = latest.impact if latest else risk.current_impact
        earlier = [r for r in ratings if r.rated_at < start]
        before = earlier[-1].score if earlier else None
        matrix = risk.register.matrix
        band = matrix.band_for(likelihood, impact)
        rated.append(
            {
                "title": risk.title,
                "register": risk.register.name,
                "owner": risk.owner,
                "likelihood": likelihood,
                "impact": impact,
                "score": likelihood * impact,
                "band": {"key": band, "name": band.capitalize() if band else "Not rated"},
                "previous_score": before,
                "movement": _movement(likelihood * impact, before),
                "mitigation": risk.mitigating_actions,
            }
        )
    rated.sort(key=lambda r: (-r["score"], r["title"]))
    return {
        "registers": [r.name for r in registers],
        "risks": rated[:TOP_RISKS],
        "open_count": len(rated),
        "shown": min(len(rated), TOP_RISKS),
    }
