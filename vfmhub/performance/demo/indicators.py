"""Generator step: the demo council's forty indicators with three years of values and more.

The home body owns forty local indicators (`LPI 01`–`LPI 40`, monthly and quarterly, every roll-up
rule, every polarity), each with RAG rule version 1; values from the start of the financial year
three years before the last quarter ended up to that quarter (older approved, the last quarter
provisional), a few corrected (version 2 with its reason), targets for every period to the end of
the current year, commentary on every red quarter and some others, and a few entered forecasts.
Where the national definitions have been loaded (`vfmhub load-indicators`), the members of the
home partnership get approved values of NI 179 and the household waste measures, so the
partnership's view has data; without them that part is skipped.

Rows are written by natural key, never through the services (no history), at every scale.
"""

import datetime
import random

from vfmhub.demo.generator import DemoContext, create_missing, demo_step
from vfmhub.demo.personas import ACCOUNT
from vfmhub.organisations.models import PartnershipMember
from vfmhub.performance.calculations import (
    Frequency,
    Period,
    Polarity,
    Reading,
    RollUp,
    evaluate_period,
)
from vfmhub.performance.demo import commentary
from vfmhub.performance.demo.content import LOCAL, RAG_SOURCE, Shape, Spec
from vfmhub.performance.demo.plan_content import CORRECTION_REASON, FORECAST_NOTE
from vfmhub.performance.demo.values import (
    TARGET_KEY,
    VALUE_KEY,
    create_scoped,
    decimal,
    periods,
    reporting_quarter,
    target_rows,
    value_rows,
)
from vfmhub.performance.models import (
    Commentary,
    EnteredForecast,
    Indicator,
    IndicatorValue,
    RagRuleVersion,
    Target,
    ValueStatus,
)
from vfmhub.performance.selectors.scorecard import definition_of, rule_from

YEARS_BACK = 3  # values from the start of the year three before the reporting quarter's
CORRECTED = ("LPI 07", "LPI 13", "LPI 22", "LPI 28")  # a value of each is corrected
FORECAST = ("LPI 05", "LPI 24", "LPI 27", "LPI 31")  # entered year-end forecasts
# The national definitions the partnership's members report, and how their values are drawn.
NATIONAL = {
    "NI 179": Shape(level=1_500_000, tilt=0.03, noise=0.25, cumulative=False, trend=0.6),
    "NI 191": Shape(level=150, tilt=0.01, noise=0.06, trend=0.02),
    "NI 192": Shape(level=42, tilt=0.01, noise=0.05, denominator=9000),
    "NI 193": Shape(level=38, tilt=0.02, noise=0.08, denominator=11000),
}


def indicator_models() -> tuple:
    return (Indicator, RagRuleVersion, IndicatorValue, Target, Commentary, EnteredForecast)


@demo_step(order=700, label="Performance indicators", models=indicator_models())
def demo_council_indicators(ctx: DemoContext) -> None:
    home = ctx.home
    rng = ctx.rng("performance-indicators")
    last = reporting_quarter()
    span = (last.year - YEARS_BACK, last)
    editor = ctx.users.get(ACCOUNT["editor"].email)
    indicators = write_indicators(LOCAL, owner=home)
    values: list[IndicatorValue] = []
    targets: list[Target] = []
    for spec in LOCAL:
        indicator = indicators[spec.code]
        ids = {"indicator_id": indicator.pk, "organisation_id": home.pk}
        tilt = spec.shape.tilt
        values += value_rows(spec, **ids, span=span, rng=rng, tilt=tilt, entered_by=editor)
        targets += target_rows(spec, **ids, span=span, base_year=span[0])
    values += _corrections(rng, values, indicators)
    create_scoped(IndicatorValue, values, VALUE_KEY, organisation=home)
    create_scoped(Target, targets, TARGET_KEY, organisation=home)
    _commentary(ctx, rng, indicators, last)
    _forecasts(home, indicators, last, editor)
    _partnership_values(ctx, rng, last)


def write_indicators(specs: list[Spec], *, owner=None, source: str = "") -> dict[str, Indicator]:
    """The indicators of `specs` (local to `owner`, or national), each with RAG rule version 1."""
    wanted = [
        Indicator(
            owner=owner,
            code=spec.code,
            title=spec.title,
            definition=f"{spec.title}, as reported to the Performance Management Board.",
            data_type=spec.data_type,
            unit=spec.unit,
            polarity=spec.polarity.value,
            decimal_places=spec.places,
            frequency=spec.frequency.value,
            rollup=spec.rollup.value,
            ratio_scale=spec.ratio_scale,
            source=source or "Council performance system (demo)",
        )
        for spec in specs
    ]
    owned = Indicator.objects.filter(owner=owner)
    create_scoped(Indicator, wanted, ("code",), owner=owner)
    indicators = {i.code: i for i in owned.filter(code__in=[s.code for s in specs])}
    rules = [
        RagRuleVersion(
            indicator=indicators[spec.code],
            version=1,
            method=spec.rag.value,
            bands=spec.bands,
            source=RAG_SOURCE,
        )
        for spec in specs
    ]
    create_missing(RagRuleVersion, rules, ["indicator_id", "version"])
    return indicators


def _corrections(rng: random.Random, values: list, indicators: dict) -> list[IndicatorValue]:
    """For a few indicators, an approved value is corrected: its first version is kept, no longer
    current, and the drawn value becomes version 2 with the reason."""
    corrected = []
    for code in CORRECTED:
        pk = indicators[code].pk
        mine = [v for v in values if v.indicator_id == pk and v.status == ValueStatus.APPROVED]
        current = mine[len(mine) // 2]
        factor = rng.uniform(1.08, 1.2)  # the first return overstated the figure
        first = IndicatorValue(
            **{f: getattr(current, f) for f in _COPIED},
            value=decimal(float(current.value) * factor, indicators[code].decimal_places),
            version=1,
            is_current=False,
        )
        if current.numerator is not None and current.denominator:
            first.numerator = decimal(float(current.numerator) * factor, 0)
            scale = float(indicators[code].ratio_scale)
            ratio = float(first.numerator) / float(current.denominator) * scale
            first.value = decimal(ratio, indicators[code].decimal_places)
        current.version, current.reason = 2, CORRECTION_REASON
        current.entered_at = current.entered_at.replace(day=1) + _WEEKS
        corrected.append(first)
    return corrected


_COPIED = (
    "indicator_id",
    "organisation_id",
    "frequency",
    "year",
    "period_index",
    "denominator",
    "status",
    "source",
    "entered_by_id",
    "entered_at",
)
_WEEKS = datetime.timedelta(weeks=5)


def _commentary(ctx: DemoContext, rng: random.Random, indicators: dict, last: Period) -> None:
    """A note on every red quarter (a monthly indicator's quarter) and on a fifth of the rest."""
    home = ctx.home
    author = ctx.users.get(ACCOUNT["editor"].email)
    first_year = last.year - YEARS_BACK
    notes = []
    for spec in LOCAL:
        indicator = indicators[spec.code]
        readings, targets = _loaded(indicator.pk, home.pk)
        rule = rule_from(indicator.rag_rules.get(version=1))
        definition = definition_of(indicator)
        for period in periods(Frequency.QUARTER, first_year, last):
            evaluation = evaluate_period(definition, readings, targets, rule, period)
            band = evaluation.band.key if evaluation.band else None
            if band is None or (band != "red" and rng.random() > 0.2):
                continue
            notes.append(commentary.note(indicator, home, period, evaluation, band, rng, author))
    create_scoped(
        Commentary, notes, ("indicator_id", "frequency", "year", "period_index"), organisation=home
    )


def _loaded(indicator_id: int, organisation_id: int) -> tuple[dict, dict]:
    rows = IndicatorValue.objects.filter(
        indicator_id=indicator_id, organisation_id=organisation_id, is_current=True
    )
    readings = {
        Period(Frequency(f), y, i): Reading(v, n, d)
        for f, y, i, v, n, d in rows.values_list(
            "frequency", "year", "period_index", "value", "numerator", "denominator"
        )
    }
    stored = Target.objects.filter(indicator_id=indicator_id, organisation_id=organisation_id)
    targets = {
        Period(Frequency(f), y, i): v
        for f, y, i, v in stored.values_list("frequency", "year", "period_index", "value")
    }
    return readings, targets


def _forecasts(home, indicators: dict, last: Period, editor) -> None:
    """Entered year-end forecasts for a few indicators, a little under their year's target."""
    wanted = []
    for code in FORECAST:
        indicator = indicators[code]
        year_targets = Target.objects.filter(
            indicator=indicator, organisation=home, year=last.year
        ).values_list("value", flat=True)
        if not year_targets:
            continue
        total = sum(year_targets) if indicator.rollup == "sum" else max(year_targets)
        wanted.append(
            EnteredForecast(
                indicator=indicator,
                organisation=home,
                year=last.year,
                value=(total * decimal(0.97, 2)).quantize(decimal(1, indicator.decimal_places)),
                note=FORECAST_NOTE,
                entered_by=editor,
            )
        )
    create_missing(EnteredForecast, wanted, ["indicator_id", "organisation_id", "year"])


def _partnership_values(ctx: DemoContext, rng: random.Random, last: Period) -> None:
    """Approved values of the loaded national indicators for the home partnership's members."""
    if not ctx.partnerships:
        return
    found = {i.code: i for i in Indicator.objects.filter(owner=None, code__in=list(NATIONAL))}
    members = PartnershipMember.objects.filter(
        partnership=ctx.partnerships[0], left__isnull=True
    ).values_list("organisation_id", flat=True)
    wanted = []
    for code, indicator in sorted(found.items()):
        spec = _national_spec(indicator, NATIONAL[code])
        span = _valid_span(indicator, last)
        for organisation_id in sorted(set(members)):
            tilt = rng.gauss(0.01, 0.05)
            rows = value_rows(
                spec, indicator_id=indicator.pk, organisation_id=organisation_id, span=span,
                rng=rng, tilt=tilt,
            )  # fmt: skip
            wanted += [_approved(row) for row in rows]
    create_scoped(IndicatorValue, wanted, VALUE_KEY, indicator__in=list(found.values()))


def _approved(row: IndicatorValue) -> IndicatorValue:
    row.status = ValueStatus.APPROVED
    return row


def _national_spec(indicator: Indicator, shape: Shape) -> Spec:
    return Spec(
        indicator.code,
        indicator.title,
        indicator.unit,
        indicator.data_type,
        Polarity(indicator.polarity),
        Frequency(indicator.frequency),
        RollUp(indicator.rollup),
        indicator.decimal_places,
        shape,
    )


def _valid_span(indicator: Indicator, last: Period) -> tuple[int, Period]:
    """Three years to `last`, or the last three years the indicator was valid for."""
    if indicator.valid_to is not None and indicator.valid_to < last.year:
        end = Period(Frequency.YEAR, indicator.valid_to, 1)
        first = max(indicator.valid_to - 2, indicator.valid_from or 0)
        return first, Period(Frequency.QUARTER, end.year, 4)
    return last.year - 2, last
