"""The generator's benchmarking club step at the smallest scale: a club run by the demo
council's partnership, its members, five measures, four closed windows and an open one, values
mostly submitted with some provisional; a second run writes nothing. Runs the core steps
(regions, bodies, people) and this step only, as `vfmhub generate` would."""

import datetime
from collections import Counter

import pytest

from vfmhub.benchmarking.demo.club import CLUB_NAME, benchmarking_club, quarter_ending_before
from vfmhub.benchmarking.models import Club, ClubMeasure, ClubMember, ClubValue, ClubWindow
from vfmhub.demo.generator import DEFAULT_SEED, DemoContext, demo_steps
from vfmhub.demo.plan import plan_demo
from vfmhub.demo.scales import SCALES
from vfmhub.organisations.models import PartnershipMember

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 7)
MODELS = (Club, ClubMember, ClubMeasure, ClubWindow, ClubValue)


def context() -> DemoContext:
    scale = SCALES["demo"]
    return DemoContext(
        scale=scale, seed=DEFAULT_SEED, plan=plan_demo(scale, DEFAULT_SEED), password_hash="!"
    )


def run(ctx: DemoContext) -> None:
    for step in demo_steps():
        if step.order < 200 or step.run is benchmarking_club:
            step.run(ctx)


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from django.db import transaction

    from vfmhub.lib import clock

    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "today", lambda: TODAY)
        with transaction.atomic():
            ctx = context()
            run(ctx)
            first = counts()
            run(context())
            yield ctx, first, counts()
            transaction.set_rollback(True)


def test_the_club_is_run_by_the_demo_councils_partnership_with_its_members(demo):
    ctx, _, _ = demo
    club = Club.objects.get(name=CLUB_NAME)
    members = set(
        PartnershipMember.objects.filter(
            partnership=club.partnership, left__isnull=True
        ).values_list("organisation_id", flat=True)
    )

    assert ctx.home.pk in members
    assert set(club.members.values_list("organisation_id", flat=True)) == members
    assert club.measures.count() == 5


def test_four_closed_windows_and_the_open_one_with_values(demo):
    ctx, _, _ = demo
    club = Club.objects.get(name=CLUB_NAME)
    windows = list(club.windows.order_by("-year", "-quarter"))
    assert len(windows) == 5
    assert (windows[0].year, windows[0].quarter) == quarter_ending_before(TODAY) == (2026, 2)
    assert windows[0].opens <= TODAY <= windows[0].closes
    assert all(w.closes < TODAY for w in windows[1:])

    past = Counter(
        ClubValue.objects.filter(window__in=windows[1:]).values_list("status", flat=True)
    )
    assert past["submitted"] > 3 * past["provisional"] > 0
    current = ClubValue.objects.filter(window=windows[0])
    assert current.filter(organisation=ctx.home, status="provisional").count() == 5
    assert current.exclude(organisation=ctx.home).exists()


def test_a_second_run_writes_nothing(demo):
    _, first, second = demo

    assert first == second and first["ClubValue"] > 0
