"""Targets from benchmarks: the figure a rule gives ("upper quartile of the nearest neighbours,
2017/18 figures") and the organisation's rules.

The statistic is of the comparator group *without the body itself*, as CIPFA's and LG Inform's
comparisons of a council with its comparators are: a target read from the body's own figure would
move with the body's performance, so the target is set by the others alone. (The compare page's
distribution counts the body in, as Oflog's do; the rule's citation says it is not counted.)

"Best quartile" is the upper quartile where higher is better and the lower quartile where lower
is better; an indicator with no better direction has no best quartile."""

from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from django.core.exceptions import ValidationError
from django.http import Http404

from vfmhub.accounts.models import User
from vfmhub.benchmarking.calculations.distribution import HIGHER, LOWER, quantile
from vfmhub.benchmarking.models import BenchmarkTargetRule, Statistic
from vfmhub.benchmarking.selectors.benchmark import Measure, measure_for, values_for
from vfmhub.benchmarking.selectors.groups import Body, ResolvedGroup, resolve_group
from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.access import NOT_FOUND
from vfmhub.organisations.models import Organisation
from vfmhub.performance.models import Indicator

FEWEST_VALUES = 3
NOT_AN_INDICATOR = "A target can be set from a performance indicator only, not from reference data."
NO_BEST_QUARTILE = (
    "{code} has no better direction, so it has no best quartile: choose the upper or lower "
    "quartile, or the median."
)
TOO_FEW = (
    "Only {n} of the group have a figure for {year}: a target needs at least {fewest}. Choose "
    "another group or year."
)
UNKNOWN_STATISTIC = "Choose the median, a quartile or the best quartile."
CITATION_LENGTH = 500
PLACES = {
    Statistic.MEDIAN: Decimal("0.5"),
    Statistic.UPPER_QUARTILE: Decimal("0.75"),
    Statistic.LOWER_QUARTILE: Decimal("0.25"),
}


@dataclass(frozen=True)
class BenchmarkFigure:
    """What a rule reads: the statistic of the group's figures for the data year."""

    measure: Measure
    indicator: Indicator
    group: ResolvedGroup
    statistic: str
    data_year: int
    value: Decimal
    n: int
    citation: str


def statistic_resolved(statistic: str, polarity: str, code: str) -> str:
    """The statistic actually read: the best quartile becomes the upper or lower quartile."""
    if statistic == Statistic.BEST_QUARTILE:
        if polarity == HIGHER:
            return Statistic.UPPER_QUARTILE
        if polarity == LOWER:
            return Statistic.LOWER_QUARTILE
        raise ValidationError({"statistic": NO_BEST_QUARTILE.format(code=code)})
    if statistic not in PLACES:
        raise ValidationError({"statistic": UNKNOWN_STATISTIC})
    return statistic


def statistic_of(values: list[Decimal], statistic: str) -> Decimal:
    """The median or a quartile of `values` (linear interpolation, as the compare page)."""
    return quantile(sorted(values), PLACES[Statistic(statistic)])


def _statistic_words(asked: str, used: str) -> str:
    used_label = Statistic(used).label
    if asked == Statistic.BEST_QUARTILE:
        better = "higher" if used == Statistic.UPPER_QUARTILE else "lower"
        return f"Best quartile ({used_label.lower()}: {better} is better)"
    return used_label


def benchmark_figure(
    user: User | None,
    body: Body,
    *,
    measure_token: str,
    group_token: str,
    statistic: str,
    data_year: int,
) -> BenchmarkFigure:
    """The figure a rule gives now; 404 for a measure or group the user may not use, a
    ValidationError (beside its field) for a rule that cannot be worked out."""
    measure = measure_for(measure_token)
    if measure.indicator is None:
        raise ValidationError(NOT_AN_INDICATOR)
    used = statistic_resolved(statistic, measure.polarity, measure.indicator.code)
    if user is None:
        # Recomputing without a person: a partnership is only usable by someone who may read it.
        if group_token.startswith("partnership:"):
            raise Http404(NOT_FOUND)
        group = resolve_group(cast(User, None), body, group_token)
    else:
        group = resolve_group(user, body, group_token)
    values = values_for(measure, data_year, body.code).values
    others = [values[code] for code in group.codes if code in values]
    year_label = measure.year_label(data_year)
    if len(others) < FEWEST_VALUES:
        raise ValidationError(
            {"data_year": TOO_FEW.format(n=len(others), year=year_label, fewest=FEWEST_VALUES)}
        )
    citation = (
        f"{_statistic_words(statistic, used)} of {group.citation}, {year_label} figures "
        f"({len(others)} values; {body.name}'s own not counted)"
    )
    return BenchmarkFigure(
        measure=measure,
        indicator=measure.indicator,
        group=group,
        statistic=statistic,
        data_year=data_year,
        value=statistic_of(others, used),
        n=len(others),
        citation=citation[:CITATION_LENGTH],
    )


@dataclass(frozen=True)
class RuleRow:
    rule: BenchmarkTargetRule
    indicator: Indicator | None
    value_text: str

    @property
    def target_year_label(self) -> str:
        return financial_year_label(self.rule.target_year)


def target_rules(organisation: Organisation) -> list[RuleRow]:
    """The organisation's rules with their indicators and the targets they keep (two queries)."""
    rules = list(
        BenchmarkTargetRule.objects.filter(organisation=organisation)
        .select_related("target", "created_by")
        .order_by("measure_token", "target_year", "pk")
    )
    pks = {int(r.measure_token[4:]) for r in rules if r.measure_token[4:].isdigit()}
    indicators = Indicator.objects.in_bulk(pks) if pks else {}
    rows = []
    for rule in rules:
        rest = rule.measure_token[4:]
        indicator = indicators.get(int(rest)) if rest.isdigit() else None
        value = rule.value.normalize() if rule.value is not None else None
        rows.append(
            RuleRow(
                rule=rule, indicator=indicator, value_text="" if value is None else f"{value:f}"
            )
        )
    return rows
