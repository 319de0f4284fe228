"""Reads for efficiency pages: a body's register, its returns as the user may see them, its
trajectory against target, and the council tax bill figures."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from vfmhub.efficiency import calculations
from vfmhub.efficiency.models import (
    Baseline,
    BaselineKind,
    EfficiencyProgramme,
    EfficiencyReturn,
    Gain,
    Participant,
    ReturnKind,
    ReturnRating,
    ReturnStatus,
    TaxBase,
)
from vfmhub.organisations.models import Organisation

GAIN_VALUE_FIELDS = (
    "id",
    "is_cash_releasing",
    "first_year",
    "removed_from_year",
    "persistence_confirmed_on",
    "gross_annual_value",
    "investment_cost",
    "ongoing_cost",
)


def body_gains(programme: EfficiencyProgramme, organisation: Organisation) -> QuerySet[Gain]:
    return Gain.objects.filter(programme=programme, organisation=organisation).select_related(
        "category"
    )


def register_value_for(participant: Participant, year: int) -> Decimal:
    """The register's cumulative value for a body and year, with its carry-forward."""
    gains = Gain.objects.filter(
        programme_id=participant.programme_id, organisation_id=participant.organisation_id
    ).only(*GAIN_VALUE_FIELDS)
    return calculations.cumulative_value(gains, year, participant.carry_forward)


def returns_visible(
    programme: EfficiencyProgramme, organisation: Organisation, *, sees_drafts: bool
) -> QuerySet[EfficiencyReturn]:
    """Every version of a body's returns the user may see: drafts only for the body itself."""
    returns = (
        EfficiencyReturn.objects.filter(programme=programme, organisation=organisation)
        .select_related("submitted_by", "created_by")
        .prefetch_related(Prefetch("ratings", queryset=ReturnRating.objects.order_by("year")))
        .order_by("-year", "kind", "-version")
    )
    if not sees_drafts:
        returns = returns.filter(status=ReturnStatus.SUBMITTED)
    return returns


def standing(returns, year: int, kinds: tuple[str, ...]) -> EfficiencyReturn | None:
    """The current submitted return for a year among `kinds`, most recently submitted first."""
    candidates = [
        r
        for r in returns
        if r.year == year
        and r.kind in kinds
        and r.is_current
        and r.status == ReturnStatus.SUBMITTED
    ]
    candidates.sort(key=lambda r: r.submitted_at or datetime.datetime.min, reverse=True)
    return candidates[0] if candidates else None


def baseline_amount(baselines) -> Decimal | None:
    """The baseline targets are set against: the whole-body one, else fire plus non-fire."""
    by_kind = {b.kind: b.amount for b in baselines}
    if BaselineKind.TOTAL in by_kind:
        return by_kind[BaselineKind.TOTAL]
    parts = [v for k, v in by_kind.items() if k != BaselineKind.TOTAL]
    return sum(parts, Decimal(0)) if parts else None


@dataclass
class TrajectoryRow:
    year: int
    target_percent: Decimal | None
    target_amount: Decimal | None
    achieved: Decimal | None
    achieved_percent: Decimal | None
    forecast: Decimal | None
    forecast_percent: Decimal | None
    register: Decimal


def cumulative_targets(programme: EfficiencyProgramme, targets) -> dict[int, Decimal]:
    """Year → unrounded cumulative target percent, for the years with a target set."""
    by_year = {t.year: t.percent for t in targets}
    years = [y for y in programme.years if y in by_year]
    percents = calculations.cumulative_target_percents(
        [by_year[y] for y in years], programme.method
    )
    return dict(zip(years, percents, strict=True))


def trajectory(
    programme: EfficiencyProgramme,
    participant: Participant,
    *,
    baseline: Decimal | None,
    targets,
    gains,
    returns,
) -> list[TrajectoryRow]:
    cumulative = cumulative_targets(programme, targets)
    rows = []
    for year in programme.years:
        percent = cumulative.get(year)
        outturn = standing(returns, year, (ReturnKind.OUTTURN,))
        forecast = standing(returns, year, (ReturnKind.FORECAST, ReturnKind.MID_YEAR))
        achieved = outturn.value if outturn else None
        forecast_value = forecast.value if forecast else None
        rows.append(
            TrajectoryRow(
                year=year,
                target_percent=calculations.round_percent(percent) if percent is not None else None,
                target_amount=(
                    calculations.target_amounts(baseline, [percent])[0]
                    if baseline and percent is not None
                    else None
                ),
                achieved=achieved,
                achieved_percent=calculations.percent_of_baseline(achieved, baseline),
                forecast=forecast_value,
                forecast_percent=calculations.percent_of_baseline(forecast_value, baseline),
                register=calculations.cumulative_value(gains, year, participant.carry_forward),
            )
        )
    return rows


@dataclass
class BillRow:
    year: int
    value: Decimal | None
    source: str
    percent_of_baseline: Decimal | None
    per_band_d: Decimal | None
    type_average_per_band_d: Decimal | None


def _bill_value(returns, year: int) -> tuple[Decimal | None, str]:
    outturn = standing(returns, year, (ReturnKind.OUTTURN,))
    if outturn:
        return outturn.value, "Outturn"
    forecast = standing(returns, year, (ReturnKind.FORECAST, ReturnKind.MID_YEAR))
    if forecast:
        return forecast.value, forecast.get_kind_display()
    return None, ""


def _tax_base_for(tax_bases, organisation_id: int, year: int) -> Decimal | None:
    """The body's tax base for the year, or its latest earlier one."""
    found = [t for t in tax_bases if t.organisation_id == organisation_id and t.year <= year]
    return max(found, key=lambda t: t.year).band_d_equivalents if found else None


def council_tax_figures(
    programme: EfficiencyProgramme, organisation: Organisation, *, baseline: Decimal | None
) -> list[BillRow]:
    """Per year: the cumulative value that stands (submitted outturn, else forecast) as a % of
    baseline and per Band D, with the average per Band D of same-type bodies in the programme.

    Three queries, whatever the number of bodies: their submitted current returns, tax bases.
    """
    peers = Participant.objects.filter(
        programme=programme, organisation__body_type=organisation.body_type
    ).values_list("organisation_id", flat=True)
    peer_returns = list(
        EfficiencyReturn.objects.filter(
            programme=programme,
            organisation_id__in=peers,
            is_current=True,
            status=ReturnStatus.SUBMITTED,
        )
    )
    tax_bases = list(TaxBase.objects.filter(organisation_id__in=peers))
    rows = []
    for year in programme.years:
        value, source = _bill_value(
            [r for r in peer_returns if r.organisation_id == organisation.pk], year
        )
        peer_per_band_d = []
        for peer_id in {r.organisation_id for r in peer_returns}:
            peer_value, _ = _bill_value(
                [r for r in peer_returns if r.organisation_id == peer_id], year
            )
            base = _tax_base_for(tax_bases, peer_id, year)
            peer_per_band_d.append(calculations.per_band_d(peer_value, base))
        rows.append(
            BillRow(
                year=year,
                value=value,
                source=source,
                percent_of_baseline=calculations.percent_of_baseline(value, baseline),
                per_band_d=calculations.per_band_d(
                    value, _tax_base_for(tax_bases, organisation.pk, year)
                ),
                type_average_per_band_d=calculations.average(peer_per_band_d),
            )
        )
    return rows


def body_baselines(programme: EfficiencyProgramme, organisation: Organisation) -> list[Baseline]:
    return list(Baseline.objects.filter(programme=programme, organisation=organisation))


def programmes_for_organisation(organisation: Organisation) -> QuerySet[EfficiencyProgramme]:
    return EfficiencyProgramme.objects.filter(
        participants__organisation=organisation
    ).select_related("partnership", "organisation")


def programmes_for_partnership(partnership) -> QuerySet[EfficiencyProgramme]:
    return EfficiencyProgramme.objects.filter(partnership=partnership)
