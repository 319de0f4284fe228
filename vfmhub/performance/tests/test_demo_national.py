"""The national-scale step on two bodies: sixty quarterly indicators, ten years of values, three
years of targets; skipped at demo scale; a second run writes nothing. (The full national build is
timed by `make bench`, not here.)"""

import random
from collections import Counter
from dataclasses import dataclass, field

import pytest

from vfmhub.demo.scales import SCALES, Scale
from vfmhub.performance.calculations import Frequency, Period
from vfmhub.performance.demo.national import national_indicators
from vfmhub.performance.demo.values import periods, reporting_quarter, status_of
from vfmhub.performance.models import Indicator, IndicatorValue, RagRuleVersion, Target

pytestmark = pytest.mark.django_db


@dataclass
class Context:
    """What the step reads of the generator's DemoContext."""

    scale: Scale
    organisations: dict = field(default_factory=dict)

    def rng(self, name: str) -> random.Random:
        return random.Random(name)


@pytest.fixture
def bodies(personas):
    return {o.gss_code or str(o.pk): o for o in (personas.org_a, personas.org_b)}


def test_each_body_gets_sixty_indicators_of_ten_years_and_three_years_of_targets(bodies):
    national_indicators(Context(SCALES["national"], bodies))
    last = reporting_quarter()
    per_body = Counter(IndicatorValue.objects.values_list("organisation_id", flat=True))
    targets = Counter(Target.objects.values_list("organisation_id", flat=True))

    assert Indicator.objects.filter(owner=None, code__startswith="DEMO-").count() == 60
    assert RagRuleVersion.objects.count() == 60
    assert set(Indicator.objects.values_list("frequency", flat=True)) == {"quarter"}
    assert set(per_body.values()) == {60 * (36 + last.index)}
    assert set(targets.values()) == {60 * 12}
    assert set(Target.objects.values_list("year", flat=True)) == set(
        range(last.year - 2, last.year + 1)
    )
    oldest = IndicatorValue.objects.order_by("year", "period_index")[0]
    assert (oldest.year, oldest.period_index) == (last.year - 9, 1)
    provisional = IndicatorValue.objects.filter(status="provisional")
    assert set(provisional.values_list("year", "period_index")) == {(last.year, last.index)}


def test_a_second_run_writes_nothing_and_the_demo_scale_none(bodies):
    context = Context(SCALES["national"], bodies)
    national_indicators(context)
    before = IndicatorValue.objects.count(), Target.objects.count()

    national_indicators(context)
    assert (IndicatorValue.objects.count(), Target.objects.count()) == before

    IndicatorValue.objects.all().delete()
    national_indicators(Context(SCALES["demo"], bodies))
    assert not IndicatorValue.objects.exists()


def test_periods_run_from_the_first_years_start_to_the_end_of_the_last_quarter():
    last = Period(Frequency.QUARTER, 2026, 2)

    months = periods(Frequency.MONTH, 2025, last)
    assert (months[0].label, months[-1].label, len(months)) == ("April 2025", "September 2026", 18)
    assert len(periods(Frequency.QUARTER, 2017, last)) == 38
    assert status_of(Period(Frequency.MONTH, 2026, 4), last) == "provisional"
    assert status_of(Period(Frequency.MONTH, 2026, 3), last) == "approved"


def test_the_reporting_quarter_is_the_last_one_ended():
    import datetime

    assert reporting_quarter(datetime.date(2026, 12, 7)) == Period(Frequency.QUARTER, 2026, 2)
    assert reporting_quarter(datetime.date(2027, 4, 1)) == Period(Frequency.QUARTER, 2026, 4)
    assert reporting_quarter(datetime.date(2026, 6, 30)) == Period(Frequency.QUARTER, 2025, 4)
