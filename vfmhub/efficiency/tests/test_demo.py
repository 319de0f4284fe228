"""The generator's efficiency step: seed 003's programme, registers and returns; idempotent."""

from collections import Counter
from decimal import Decimal as D

import pytest

from vfmhub.demo.generator import generate
from vfmhub.demo.personas import ACCOUNT
from vfmhub.efficiency.calculations import cumulative_target_percents, round_percent
from vfmhub.efficiency.models import (
    Baseline,
    EfficiencyProgramme,
    EfficiencyReturn,
    Gain,
    Participant,
    ReturnRating,
    TaxBase,
)
from vfmhub.frameworks.loader import load_frameworks
from vfmhub.organisations.models import OrganisationMembership

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo scale, generated twice for the module (and removed afterwards)."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            load_frameworks()
            first = generate(scale="demo")
            second = generate(scale="demo")
            yield first, second
            transaction.set_rollback(True)


def programme() -> EfficiencyProgramme:
    return EfficiencyProgramme.objects.get()


def current_forecasts():
    return EfficiencyReturn.objects.filter(
        programme=programme(), kind="forecast", year=2009, is_current=True, status="submitted"
    )


def test_it_makes_one_programme_with_seed_003s_targets(demo):
    made = programme()
    percents = list(made.year_targets.order_by("year").values_list("percent", flat=True))
    cumulative = [round_percent(p) for p in cumulative_target_percents(percents, made.method)]

    assert (made.baseline_year, made.first_year, made.last_year) == (2007, 2008, 2011)
    assert [str(c) for c in cumulative[:3]] == ["3.0", "6.0", "9.4"]
    assert made.deadlines.count() == 8


def test_thirteen_bodies_take_part_with_baselines_the_home_body_among_them(demo):
    home = OrganisationMembership.objects.get(user__email=ACCOUNT["manager"].email)
    participants = Participant.objects.filter(programme=programme())

    assert participants.count() == 13
    assert participants.filter(organisation_id=home.organisation_id).exists()
    with_baseline = Baseline.objects.values("organisation_id").distinct().count()
    assert with_baseline == 13
    assert Baseline.objects.filter(kind="fire").count() == 1  # the county's split baseline
    assert TaxBase.objects.exists()


def test_every_body_has_a_register_with_removed_non_cash_and_unchecked_gains(demo):
    per_body = Counter(Gain.objects.values_list("organisation_id", flat=True))

    assert len(per_body) == 13
    assert all(10 <= n <= 20 for n in per_body.values())
    assert Gain.objects.filter(is_cash_releasing=False).exists()
    assert Gain.objects.filter(removed_from_year__isnull=False).exists()
    unchecked = Gain.objects.filter(
        first_year__lte=2009, persistence_confirmed_on=None, removed_from_year=None
    )
    assert unchecked.exists()


def test_seven_of_thirteen_returned_forecasts_with_seed_003s_ratings(demo):
    forecasts = current_forecasts()
    ratings = Counter(
        ReturnRating.objects.filter(efficiency_return__in=forecasts).values_list("year", "rating")
    )
    unrated_2011 = forecasts.exclude(ratings__year=2011)

    assert forecasts.count() == 7
    assert ratings == {
        (2009, "A"): 6,
        (2009, "R"): 1,
        (2010, "A"): 5,
        (2010, "R"): 2,
        (2011, "A"): 4,
        (2011, "R"): 1,
    }
    assert unrated_2011.count() == 2


def test_one_missing_body_has_a_draft_and_the_home_body_resubmitted(demo):
    home = OrganisationMembership.objects.get(user__email=ACCOUNT["manager"].email)
    drafts = EfficiencyReturn.objects.filter(kind="forecast", status="draft")
    history = EfficiencyReturn.objects.filter(
        kind="forecast", organisation_id=home.organisation_id
    ).order_by("version")

    assert drafts.count() == 1
    assert [(r.version, r.is_current) for r in history] == [(1, False), (2, True)]


def test_eleven_bodies_returned_their_2008_outturn_from_the_register(demo):
    outturns = EfficiencyReturn.objects.filter(kind="outturn", year=2008, status="submitted")

    assert outturns.count() == 11
    assert all(r.register_value and r.register_value > 0 for r in outturns)
    assert outturns.exclude(reported_value=None).count() == 1


def test_a_second_run_adds_nothing(demo):
    _, second = demo
    names = ("efficiency programmes", "gains", "efficiency returns", "return ratings")

    assert all(second.created[name] == 0 for name in names if name in second.created)
    assert second.created.get("gains") == 0


def test_ratings_follow_each_bodys_position_against_target(demo):
    """Red goes to the bodies furthest below the year's target, never to one above it; a body
    above the target is not rated Red while bodies further below are Amber."""
    from vfmhub.efficiency.calculations import cumulative_value

    forecasts = list(current_forecasts().prefetch_related("ratings"))
    percents = cumulative_target_percents([D(3), D(3), D("3.4"), D(3)], "added")
    targets = dict(zip(range(2008, 2012), percents, strict=True))
    for year in (2009, 2010, 2011):
        position = {}
        for r in forecasts:
            baseline = sum(
                b.amount for b in Baseline.objects.filter(organisation=r.organisation_id)
            )
            gains = Gain.objects.filter(organisation=r.organisation_id)
            value = cumulative_value(gains, year) * 100 / baseline
            position[r.pk] = value - targets[year]
        rated = {
            x.efficiency_return_id: x.rating
            for x in ReturnRating.objects.filter(efficiency_return__in=forecasts, year=year)
        }
        reds = [position[pk] for pk, rating in rated.items() if rating == "R"]
        ambers = [position[pk] for pk, rating in rated.items() if rating == "A"]
        assert reds and max(reds) <= min(ambers), year
        assert all(p < 0 for p in reds), year


def test_no_seed_words_reach_the_efficiency_and_programme_pages(demo):
    from vfmhub.programme.models import Project, RiskRegister

    texts = [*Project.objects.values_list("description", flat=True)]
    texts += RiskRegister.objects.values_list("description", flat=True)
    texts += EfficiencyReturn.objects.values_list("narrative", flat=True)
    assert texts and not [t for t in texts if "seed" in t.lower()]
