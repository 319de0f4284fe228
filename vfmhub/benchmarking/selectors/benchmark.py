"""The measures a body is benchmarked on and their values by area and year.

Three kinds, each named in URLs by a token:
- `ref:<code>`, a reference measure other than spend (population, deprivation …), as published,
  joined across reorganisations through the lineage;
- `ref:<code>` of a spend line: net current expenditure in pounds per head (`unit_costs`);
- `ind:<pk>`, a national performance indicator (the national set, no owner).

Whose names are shown: all reference data is public, so every area is named. A national
indicator's values come from two places: figures from a national publication (Oflog, ONS: loaded
by the system, no person entered them; stored under the area's GSS code, or against the
organisation when it is in the register), named; and the approved values platform bodies entered
themselves, which are theirs to publish, so another body's is shown without its name (the body's
own is always named). Where both exist for an area the published figure is used.

An indicator collected more often than yearly is compared on each year's last period with a
value (its fourth quarter, or the latest so far)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.http import Http404

from vfmhub.benchmarking.models import ReferenceMeasure, ReferenceValue
from vfmhub.benchmarking.selectors.unit_costs import unit_costs
from vfmhub.benchmarking.selectors.values import joined_values, lineage
from vfmhub.lib.money import format_pounds
from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.access import NOT_FOUND
from vfmhub.performance.models import Indicator, IndicatorValue, ValueStatus

TREND_YEARS = 10
# A spending line's unit costs are worked out year by year (`unit_costs`: the lineage, the
# population between censuses, the spend; about eight queries a year), so its trend shows fewer
# years to keep the page quick at national scale.
SPEND_TREND_YEARS = 5
FIRST_YEAR, LAST_YEAR = 1990, 2100
NEITHER = "neither"


@dataclass(frozen=True)
class Measure:
    token: str
    title: str
    unit: str
    polarity: str
    is_spend: bool = False
    reference: ReferenceMeasure | None = None
    indicator: Indicator | None = None

    @property
    def label(self) -> str:
        return f"{self.title} ({self.unit})" if self.unit else self.title

    @property
    def in_financial_years(self) -> bool:
        """Outturn and indicators are by financial year; census and deprivation by calendar."""
        if self.indicator is not None or self.is_spend:
            return True
        return self.reference is not None and "outturn" in self.reference.group.lower()

    def year_label(self, year: int) -> str:
        return financial_year_label(year) if self.in_financial_years else str(year)

    def value_text(self, value: Decimal | None) -> str:
        """A value as the pages show it: pounds to the penny, else up to two decimal places."""
        if value is None:
            return "No value"
        if self.is_spend:
            return format_pounds(value)
        rounded = value.quantize(Decimal("0.01"), ROUND_HALF_UP)
        text = f"{rounded:,.2f}".rstrip("0").rstrip(".")
        return f"{text}{'%' if self.unit in ('%', 'percent') else ''}"


@dataclass
class MeasureValues:
    """Values by GSS code, and the codes whose names may be shown beside them."""

    values: dict[str, Decimal] = field(default_factory=dict)
    named: set[str] = field(default_factory=set)


def measure_choices() -> list[tuple[str, str]]:
    """(token, label) of every measure, reference measures first (two queries)."""
    choices = []
    for measure in ReferenceMeasure.objects.order_by("group", "title"):
        unit = "£ per head" if measure.is_spend else measure.unit
        label = f"{measure.group}: {measure.title}" + (f" ({unit})" if unit else "")
        choices.append((f"ref:{measure.code}", label))
    for indicator in Indicator.objects.filter(owner__isnull=True).order_by("code"):
        choices.append((f"ind:{indicator.pk}", f"{indicator.code}: {indicator.title}"))
    return choices


def spend_choices() -> list[tuple[str, str]]:
    return [
        (f"ref:{m.code}", f"{m.title} (£ per head)")
        for m in ReferenceMeasure.objects.filter(is_spend=True).order_by("title")
    ]


def measure_for(token: str) -> Measure:
    """The measure `token` names; 404 for anything else."""
    kind, _, rest = (token or "").partition(":")
    if kind == "ref" and rest and len(rest) <= 80:
        reference = ReferenceMeasure.objects.filter(code=rest).first()
        if reference is not None:
            return Measure(
                token=token,
                title=reference.title,
                unit="£ per head" if reference.is_spend else reference.unit,
                polarity=NEITHER,
                is_spend=reference.is_spend,
                reference=reference,
            )
    if kind == "ind" and rest.isdigit() and int(rest) < 2**31:
        indicator = Indicator.objects.filter(owner__isnull=True, pk=int(rest)).first()
        if indicator is not None:
            return Measure(
                token=token,
                title=f"{indicator.code}: {indicator.title}",
                unit=indicator.unit,
                polarity=indicator.polarity,
                indicator=indicator,
            )
    raise Http404(NOT_FOUND)


def year_from(text: str | None) -> int | None:
    """A year asked for in a URL; None when none was; 404 when it is not a plausible year."""
    if not text:
        return None
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise Http404(NOT_FOUND)
    return int(text)


def years_for(measure: Measure) -> list[int]:
    """The years with values, oldest first (one query)."""
    if measure.reference is not None:
        return sorted(
            set(
                ReferenceValue.objects.filter(measure=measure.reference)
                .order_by()  # DISTINCT over the year alone, not the default ordering's columns
                .values_list("year", flat=True)
                .distinct()
            )
        )
    return sorted(
        set(
            IndicatorValue.objects.filter(indicator=measure.indicator, is_current=True)
            .order_by()
            .values_list("year", flat=True)
            .distinct()
        )
    )


def _indicator_values(
    indicator: Indicator, years: list[int], body_code: str
) -> dict[int, MeasureValues]:
    rows = (
        IndicatorValue.objects.filter(
            indicator=indicator,
            is_current=True,
            frequency=indicator.frequency,
            year__in=years,
            value__isnull=False,
        )
        .filter(
            Q(organisation__isnull=True, area_code__startswith="E")
            | Q(organisation__isnull=False, status=ValueStatus.APPROVED)
        )
        .values_list(
            "year", "period_index", "area_code", "organisation__gss_code", "entered_by_id", "value"
        )
        .order_by("year", "period_index")
    )
    published: dict[int, dict[str, Decimal]] = defaultdict(dict)
    entered: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for year, _index, area_code, organisation_code, person, value in rows:
        if value is None:
            continue
        if organisation_code and person is not None:
            entered[year][organisation_code] = value  # later periods overwrite earlier ones
        elif organisation_code or area_code:
            published[year][organisation_code or area_code] = value
    result = {}
    for year in years:
        values = {**entered[year], **published[year]}
        named = set(published[year]) | ({body_code} if body_code in values else set())
        result[year] = MeasureValues(values=values, named=named)
    return result


def values_by_year(measure: Measure, years: list[int], body_code: str) -> dict[int, MeasureValues]:
    """Each year's values of the measure (a query or two a year for reference data, one in all
    for an indicator)."""
    if measure.indicator is not None:
        return _indicator_values(measure.indicator, years, body_code)
    assert measure.reference is not None
    result = {}
    chain = lineage() if years and not measure.is_spend else None
    for year in years:
        if measure.is_spend:
            values = unit_costs(measure.reference.code, year)
        else:
            values = joined_values(measure.reference, year, chain=chain)
        result[year] = MeasureValues(values=values, named=set(values))
    return result


def values_for(measure: Measure, year: int, body_code: str) -> MeasureValues:
    return values_by_year(measure, [year], body_code)[year]


def trend_years(measure: Measure, available: list[int], year: int) -> list[int]:
    """The years of the trend: up to TREND_YEARS (SPEND_TREND_YEARS for a spending line) years
    with values, ending at `year`."""
    count = SPEND_TREND_YEARS if measure.is_spend else TREND_YEARS
    return [y for y in available if y <= year][-count:]
