"""A body's part in a programme: its baselines, its trajectory against target, the council tax
bill figures, what its page shows, and what its set-up form starts from."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from vfmhub.efficiency import calculations
from vfmhub.efficiency.access import BodyAccess
from vfmhub.efficiency.models import (
    Baseline,
    EfficiencyProgramme,
    EfficiencyReturn,
    Gain,
    Participant,
    ReturnKind,
    ReturnStatus,
    TaxBase,
    YearTarget,
)
from vfmhub.efficiency.selectors.gains import body_gains
from vfmhub.efficiency.selectors.programmes import baseline_amount, cumulative_targets
from vfmhub.efficiency.selectors.returns import returns_visible, standing
from vfmhub.organisations.models import Organisation


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


def trajectory(
    programme: EfficiencyProgramme,
    participant: Participant,
    *,
    baseline: Decimal | None,
    targets: Sequence[YearTarget],
    gains: Sequence[Gain],
    returns: Sequence[EfficiencyReturn],
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


def _bill_value(returns: Sequence[EfficiencyReturn], year: int) -> tuple[Decimal | None, str]:
    outturn = standing(returns, year, (ReturnKind.OUTTURN,))
    if outturn:
        return outturn.value, "Outturn"
    forecast = standing(returns, year, (ReturnKind.FORECAST, ReturnKind.MID_YEAR))
    if forecast:
        return forecast.value, forecast.get_kind_display()
    return None, ""


def _tax_base_for(tax_bases: Sequence[TaxBase], organisation_id: int, year: int) -> Decimal | None:
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


def body_page(access: BodyAccess, today: datetime.date) -> dict[str, Any]:
    """What a body's page shows the user: baselines, the trajectory, the council tax bill
    figures, the register's checks (to the body only) and the returns it may see."""
    programme, organisation = access.programme, access.organisation
    baselines = body_baselines(programme, organisation)
    baseline = baseline_amount(baselines)
    gains = list(body_gains(programme, organisation)) if access.sees_gains else []
    returns = list(returns_visible(programme, organisation, sees_drafts=access.sees_drafts))
    rows = trajectory(
        programme,
        access.participant,
        baseline=baseline,
        targets=list(YearTarget.objects.filter(programme=programme)),
        gains=gains,
        returns=returns,
    )
    statuses = [calculations.persistence_status(g, today) for g in gains]
    return {
        "baselines": baselines,
        "baseline": baseline,
        "rows": rows,
        "bill_rows": council_tax_figures(programme, organisation, baseline=baseline),
        "gain_count": len(gains),
        "checks_due": statuses.count("due"),
        "checks_coming": statuses.count("coming"),
        "returns": returns,
    }


def body_setup_values(programme: EfficiencyProgramme, participant: Participant) -> dict[str, Any]:
    """A body's baselines, carry-forward and latest tax base, as its set-up form starts."""
    baselines = list(programme.baselines.filter(organisation_id=participant.organisation_id))
    values: dict[str, Any] = {b.kind: b.amount for b in baselines}
    values["baseline_year"] = programme.baseline_year
    values["baseline_source"] = next((b.source for b in baselines if b.source), "")
    values["carry_forward"] = participant.carry_forward
    values["carry_forward_source"] = participant.carry_forward_source
    tax_base = TaxBase.objects.filter(organisation_id=participant.organisation_id).last()
    if tax_base:
        values.update(tax_base_year=tax_base.year, band_d_equivalents=tax_base.band_d_equivalents)
    return values
