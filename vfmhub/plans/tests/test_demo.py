"""The generator's plan steps: seed-002-shaped plans, open actions, a peer review; idempotent."""

import datetime

import pytest
from django.db.models import Count

from vfmhub.demo.generator import generate
from vfmhub.demo.personas import ACCOUNT
from vfmhub.frameworks.loader import load_frameworks
from vfmhub.lib import clock
from vfmhub.organisations.models import OrganisationMembership
from vfmhub.plans.demo.content import FROM_2010, ITEMS, PLAN_TITLE
from vfmhub.plans.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    OfficerTitle,
    PeerReview,
    Plan,
    ReviewRating,
    ReviewStatus,
    UpdateRound,
)

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


def home_plan() -> Plan:
    manager = ACCOUNT["manager"].email
    home = OrganisationMembership.objects.get(user__email=manager).organisation
    return Plan.objects.get(organisation=home, title=PLAN_TITLE)


def test_it_gives_the_home_body_and_ten_others_a_plan_on_uor_2009_10(demo):
    plans = Plan.objects.select_related("version")

    assert plans.count() == 11
    assert {(p.version.code if p.version else None, p.year) for p in plans} == {("2009-10", 2009)}
    assert home_plan().items.count() >= 27


def test_it_gives_every_plan_the_three_rounds_of_seed_002(demo):
    rounds = UpdateRound.objects.filter(plan=home_plan()).order_by("order")

    assert [(r.label, r.as_at) for r in rounds] == [
        ("December 2009 Position", datetime.date(2009, 12, 31)),
        ("March 2010 update", datetime.date(2010, 3, 31)),
        ("July 2010 update", datetime.date(2010, 7, 31)),
    ]
    assert UpdateRound.objects.count() == 33


def test_it_files_items_under_theme_and_kloe_with_their_criterion(demo):
    item = (
        home_plan()
        .items.select_related("criterion")
        .get(text__startswith="Understanding costs and comparisons")
    )

    assert item.theme_heading == "Theme 1 - Managing finances"
    assert item.criterion_heading.startswith("KLOE 1.2")
    assert item.criterion is not None and item.criterion.code == "1.2"


def test_it_gives_actions_officers_with_titles_and_hof_to_the_manager(demo):
    plan = home_plan()
    titles = dict(
        OfficerTitle.objects.filter(organisation=plan.organisation).values_list(
            "abbreviation", "user__email"
        )
    )
    actions = Action.objects.filter(item__plan=plan)

    assert set(titles) == {"HoF", "SFM", "IPM", "CMT", "SMT", "BIPM"}
    assert titles["HoF"] == ACCOUNT["manager"].email
    assert actions.count() == 40
    assert actions.filter(officer="HoF/IPM").exists()
    assert actions.filter(officer_user__email=ACCOUNT["manager"].email).count() >= 5


def test_it_updates_most_actions_in_every_round(demo):
    plan = home_plan()
    actions = Action.objects.filter(item__plan=plan).count()
    per_round = (
        ActionUpdate.objects.filter(action__item__plan=plan, is_current=True)
        .values("round__label")
        .annotate(n=Count("pk"))
    )
    counts = {row["round__label"]: row["n"] for row in per_round}

    assert counts["July 2010 update"] > actions * 0.75
    assert all(n >= 10 for n in counts.values())


def test_it_keeps_a_corrected_update_beside_its_correction(demo):
    correction = ActionUpdate.objects.get(action__item__plan=home_plan(), corrects__isnull=False)

    assert correction.is_current
    assert correction.corrects is not None
    assert not correction.corrects.is_current
    assert "finncial" in correction.corrects.text
    assert "financial" in correction.text
    assert correction.correction_reason


def test_it_adds_the_2010_actions_and_a_reasoned_no_action(demo):
    actions = Action.objects.filter(item__plan=home_plan())
    no_action = actions.get(status=ActionStatus.NO_ACTION)

    new_in_2010 = sum(a.new_in_2010 for item in ITEMS for a in item.actions)

    assert new_in_2010 == 10
    assert actions.filter(added_from=FROM_2010).count() == new_in_2010
    assert no_action.no_action_reason.startswith("Propose no action")


def test_it_leaves_actions_open_and_overdue_for_the_manager(demo):
    today = clock.today()
    mine = Action.objects.filter(officer_user__email=ACCOUNT["manager"].email).exclude(
        status__in=[ActionStatus.COMPLETED, ActionStatus.NO_ACTION]
    )

    assert mine.filter(target_date__lt=today, status=ActionStatus.IN_PROGRESS).exists()
    assert Action.objects.filter(
        item__plan=home_plan(), status=ActionStatus.IN_PROGRESS, target_date__lt=today
    ).count() in range(5, 9)


def test_it_dates_every_action_within_the_plans_years(demo):
    """A 2009/10 plan's actions fall due from 2009 to 2011, never in the year the demo is made."""
    dated = Action.objects.filter(target_date__isnull=False)
    outside = []
    for year, target in dated.values_list("item__plan__year", "target_date"):
        assert year is not None and target is not None
        if not datetime.date(year, 1, 1) <= target <= datetime.date(year + 2, 12, 31):
            outside.append((year, target))

    assert dated.count() > 100
    assert outside == []


def test_it_dates_updates_and_rounds_within_the_plans_years(demo):
    years = set(ActionUpdate.objects.values_list("created_at__year", flat=True).distinct()) | set(
        UpdateRound.objects.values_list("as_at__year", flat=True).distinct()
    )

    assert years <= {2009, 2010, 2011}


def test_it_shares_the_home_plan_and_records_a_submitted_review_with_a_response(demo):
    plan = home_plan()
    review = PeerReview.objects.get(plan=plan)

    assert plan.shared_with is not None
    assert Plan.objects.filter(shared_with__isnull=False).count() == 1
    assert review.reviewer is not None and review.reviewer.email == ACCOUNT["peer_reviewer"].email
    assert review.status == ReviewStatus.SUBMITTED
    assert review.rating is not None
    assert (review.rating.partnership, review.rating.value) == (None, 3)  # the default scale
    assert review.comments.count() == 4
    assert review.response_by is not None
    assert review.response and review.response_by.email == ACCOUNT["manager"].email
    assert ReviewRating.objects.filter(partnership__isnull=True).count() >= 3


def test_it_adds_nothing_the_second_time(demo):
    first, second = demo
    plan_models = (
        "officer titles",
        "plans",
        "plan items",
        "update rounds",
        "actions",
        "action updates",
        "peer reviews",
        "peer review comments",
    )

    assert {name: first.created.get(name, 0) > 0 for name in plan_models} == dict.fromkeys(
        plan_models, True
    )
    assert {name: second.created.get(name, 0) for name in plan_models} == dict.fromkeys(
        plan_models, 0
    )
