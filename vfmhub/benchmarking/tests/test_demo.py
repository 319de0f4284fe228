"""The generator's benchmarking steps at demo scale: reference areas and figures for every body,
adult social care measures placed around the medians, the demo council's 15 nearest neighbours, an
example published list sharing 10 of them, a saved group; a second run writes nothing.

To keep the test short it runs the core steps (regions, bodies, people) and these steps only, on
one context, as `vfmhub generate` would."""

import datetime
import statistics
from collections import Counter
from decimal import Decimal

import pytest

from vfmhub.benchmarking.demo.figures import SERVICE_LINES
from vfmhub.benchmarking.demo.indicators import adult_social_care_measures, area_indicators
from vfmhub.benchmarking.demo.reference import outturn_years
from vfmhub.benchmarking.models import (
    AreaClass,
    ComparatorGroup,
    GroupKind,
    Neighbour,
    ReferenceArea,
    ReferenceSource,
    ReferenceValue,
    SourceKind,
)
from vfmhub.benchmarking.selectors.neighbours import default_model, neighbour_codes
from vfmhub.demo.generator import DEFAULT_SEED, DemoContext, demo_steps
from vfmhub.demo.plan import plan_demo
from vfmhub.demo.scales import SCALES
from vfmhub.organisations.models import BodyType
from vfmhub.performance.definitions.loader import load_indicators
from vfmhub.performance.models import IndicatorValue

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 7)
BENCHMARKING = (800, 850)


def context() -> DemoContext:
    scale = SCALES["demo"]
    return DemoContext(
        scale=scale, seed=DEFAULT_SEED, plan=plan_demo(scale, DEFAULT_SEED), password_hash="!"
    )


def run(ctx: DemoContext) -> None:
    for step in demo_steps():
        if step.order < 200 or BENCHMARKING[0] <= step.order < BENCHMARKING[1]:
            step.run(ctx)


def counts() -> dict[str, int]:
    models = {step.models for step in demo_steps() if BENCHMARKING[0] <= step.order < 850}
    return {m.__name__: m._default_manager.count() for group in models for m in group}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo scale with the national definitions loaded, generated twice for the module."""
    from django.db import transaction

    from vfmhub.lib import clock

    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "today", lambda: TODAY)
        with transaction.atomic():
            load_indicators()
            ctx = context()
            run(ctx)
            first = counts()
            again = context()
            run(again)
            yield ctx, first, counts()
            transaction.set_rollback(True)


def values(code: str, year: int, classes: set[AreaClass] | None = None) -> dict[str, Decimal]:
    rows = ReferenceValue.objects.filter(measure__code=code, year=year)
    found = dict(rows.values_list("gss_code", "value"))
    if classes is None:
        return found
    areas = dict(ReferenceArea.objects.values_list("gss_code", "area_class"))
    return {c: v for c, v in found.items() if areas[c] in classes}


def test_without_the_national_definitions_the_indicator_steps_say_so_and_write_nothing(capsys):
    # First in the module: the `demo` fixture, once set up, holds its data until the module ends.
    ctx = context()

    adult_social_care_measures(ctx)
    area_indicators(ctx)

    assert IndicatorValue.objects.count() == 0
    out = capsys.readouterr().out
    assert "Adult social care measures: the national indicator definitions are not loaded" in out
    assert "Area indicators: the national indicator definitions are not loaded" in out


def test_every_council_and_fire_authority_has_a_reference_area_in_england(demo):
    ctx, _, _ = demo
    wanted = {b.gss_code for b in ctx.plan.bodies if b.body_type != BodyType.POLICE}
    areas = {a.gss_code: a for a in ReferenceArea.objects.all()}

    assert set(areas) == wanted
    home = areas[ctx.home.gss_code]
    assert home.area_class == AreaClass.DISTRICT
    assert home.county_code == ctx.plan.home.parent_gss
    assert home.region_code == ctx.plan.home.region_code
    assert all(50 < (a.latitude or 0) < 56 and -6 < (a.longitude or 9) < 2 for a in areas.values())
    source = ReferenceSource.objects.get()
    assert (source.kind, source.publisher) == (SourceKind.DEMO, "VFM Hub demonstration")


def test_populations_sit_in_their_class_range_and_a_county_is_its_districts(demo):
    ctx, _, _ = demo
    people = values("population", 2021)
    ranges = {
        BodyType.DISTRICT: (60_000, 180_000),
        BodyType.UNITARY: (120_000, 550_000),
        BodyType.COUNTY: (500_000, 1_400_000),
    }
    for body in ctx.plan.bodies:
        if body.body_type in ranges:
            low, high = ranges[body.body_type]
            assert low <= people[body.gss_code] <= high, body
    county = ctx.plan.home.parent_gss
    districts = [b.gss_code for b in ctx.plan.bodies if b.parent_gss == county]
    hectares = values("hectares", 2021)
    assert people[county] == sum(people[d] for d in districts)
    assert hectares[county] == sum(hectares[d] for d in districts)
    assert values("population", 2011)[county] == sum(
        values("population", 2011)[d] for d in districts
    )


def test_the_demo_council_has_eight_years_of_outturn_and_only_a_districts_services(demo):
    ctx, _, _ = demo
    years = outturn_years()
    home = ReferenceValue.objects.filter(
        gss_code=ctx.home.gss_code, measure__code__startswith="outturn."
    )
    lines = {code.removeprefix("outturn.") for code in home.values_list("measure__code", flat=True)}

    assert years == list(range(2018, 2026))
    assert set(home.values_list("year", flat=True)) == set(years)
    assert {"housing", "environmental_regulatory", "net_current", "reserves_earmarked_end"} <= lines
    assert not lines & {"education", "adult_social_care", "childrens_social_care", "public_health"}
    latest = {
        c.removeprefix("outturn."): v
        for c, v in home.filter(year=years[-1]).values_list("measure__code", "value")
    }
    service = [line.code for line in SERVICE_LINES if line.code in latest]
    assert latest["total_service"] == sum(latest[c] for c in service)


def test_fire_authorities_spend_only_on_fire_and_counties_nothing_on_housing(demo):
    ctx, _, _ = demo
    fire = next(b.gss_code for b in ctx.plan.bodies if b.body_type == BodyType.FIRE)
    county = ctx.plan.home.parent_gss

    def lines(code):
        rows = ReferenceValue.objects.filter(gss_code=code, measure__is_spend=True)
        return set(rows.values_list("measure__code", flat=True))

    assert lines(fire) == {"outturn.fire", "outturn.total_service", "outturn.net_current"}
    assert "outturn.housing" not in lines(county)
    assert "outturn.adult_social_care" in lines(county)


def test_adult_social_care_per_head_is_near_englands_and_follows_deprivation(demo):
    year = outturn_years()[-1]
    upper = {AreaClass.SINGLE_TIER, AreaClass.COUNTY}
    spend, people = values("outturn.adult_social_care", year, upper), values("population", 2021)
    per_head = {c: float(v) * 1000 / float(people[c]) for c, v in spend.items()}
    deprivation = values("imd.imd.average_score", 2019, upper)
    income = values("imd.income.average_score", 2019, upper)

    assert 300 <= statistics.median(per_head.values()) <= 450
    codes = sorted(per_head)
    assert (
        statistics.correlation(
            [float(deprivation[c]) for c in codes], [float(income[c]) for c in codes]
        )
        > 0.8
    )
    assert (
        statistics.correlation([float(deprivation[c]) for c in codes], [per_head[c] for c in codes])
        > 0
    )


def test_adult_social_care_measures_put_single_tier_councils_in_every_quadrant(demo):
    year = outturn_years()[-1]
    single_tier = values("outturn.adult_social_care", year, {AreaClass.SINGLE_TIER})
    people = values("population", 2021)
    cost = {c: v / people[c] for c, v in single_tier.items()}
    quality = {
        code: value or Decimal(0)
        for code, value in IndicatorValue.objects.filter(
            indicator__code="ASC2", year=year
        ).values_list("organisation__gss_code", "value")
    }
    cost_median, quality_median = (
        statistics.median(cost.values()),
        statistics.median(quality[c] for c in cost),
    )
    quadrants = Counter((cost[c] > cost_median, quality[c] > quality_median) for c in cost)

    assert set(quadrants) == {(True, True), (True, False), (False, True), (False, False)}
    per_measure = Counter(
        IndicatorValue.objects.filter(year=year, source__startswith="Oflog").values_list(
            "indicator__code", flat=True
        )
    )
    assert per_measure == dict.fromkeys([f"ASC{n}" for n in range(1, 8)], 12)


def test_the_demo_council_has_15_neighbours_and_a_published_list_sharing_10(demo):
    ctx, _, _ = demo
    model = default_model()
    assert model is not None
    neighbours = neighbour_codes(model, ctx.home.gss_code)
    published = ComparatorGroup.objects.get(owner=ctx.home, kind=GroupKind.PUBLISHED)
    members = list(published.members.values_list("gss_code", flat=True))
    areas = dict(ReferenceArea.objects.values_list("gss_code", "area_class"))

    assert len(neighbours) == 15
    assert ctx.plan.home.parent_gss not in neighbours
    assert (published.publisher, published.source, published.body_code) == (
        "CIPFA",
        "Example list for the demonstration",
        ctx.home.gss_code,
    )
    assert len(members) == 15 and ctx.home.gss_code not in members
    assert {areas[c] for c in members} == {AreaClass.DISTRICT}
    assert len(set(members) & set(neighbours)) == 10
    saved = ComparatorGroup.objects.get(owner=ctx.home, kind=GroupKind.CUSTOM)
    county = ctx.plan.home.parent_gss
    assert set(saved.members.values_list("gss_code", flat=True)) == {
        b.gss_code for b in ctx.plan.bodies if b.parent_gss == county
    }


def test_a_second_run_writes_nothing(demo):
    _, first, second = demo

    assert first == second
    assert first["ReferenceValue"] > 3000 and first["Neighbour"] > 0
    assert Neighbour.objects.values("model").distinct().count() == 1
