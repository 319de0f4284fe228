"""The generator's performance steps at demo scale: the demo council's forty indicators with
three years of values, its plan in seed 004's shape, ratings, finance and reports; idempotent."""

from collections import Counter

import pytest

from vfmhub.demo.generator import generate
from vfmhub.demo.personas import ACCOUNT
from vfmhub.organisations.models import OrganisationMembership, PartnershipMember
from vfmhub.performance.access import PerformanceAccess, performance_for_user
from vfmhub.performance.calculations import Frequency
from vfmhub.performance.definitions.loader import load_indicators
from vfmhub.performance.demo.values import reporting_quarter
from vfmhub.performance.models import (
    CapitalForecast,
    CapitalScheme,
    Commentary,
    CouncilPlan,
    EnteredForecast,
    Indicator,
    IndicatorValue,
    QuarterlyReport,
    RatingTarget,
    RevenueForecast,
    RevenueLine,
    ServiceRating,
    Target,
    ValueStatus,
)
from vfmhub.performance.selectors.scorecard import organisation_scorecard

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo scale with the national definitions loaded, generated twice for the module."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            load_indicators()
            first = generate(scale="demo")
            second = generate(scale="demo")
            yield first, second
            transaction.set_rollback(True)


def home_id() -> int:
    return OrganisationMembership.objects.get(user__email=ACCOUNT["manager"].email).organisation_id


def home_access() -> PerformanceAccess:
    manager = OrganisationMembership.objects.get(user__email=ACCOUNT["manager"].email).user
    return performance_for_user(manager, home_id())


def local_values():
    return IndicatorValue.objects.filter(indicator__owner_id=home_id(), organisation_id=home_id())


def test_the_demo_council_has_forty_indicators_of_every_kind_each_with_a_rag_rule(demo):
    local = Indicator.objects.filter(owner_id=home_id())

    assert local.count() == 40
    assert set(local.values_list("frequency", flat=True)) == {"month", "quarter"}
    assert set(local.values_list("rollup", flat=True)) == {"sum", "mean", "last", "ratio"}
    assert set(local.values_list("polarity", flat=True)) == {"higher", "lower", "neither"}
    assert all(i.rag_rules.filter(version=1).count() == 1 for i in local)
    rule = local.get(code="LPI 04").rag_rules.get()
    assert (rule.method, [b["key"] for b in rule.bands]) == ("percent", ["green", "amber", "red"])
    assert rule.bands[-1]["limit"] is None


def test_every_indicator_has_three_years_of_values_to_the_last_quarter_ended(demo):
    last = reporting_quarter()
    per_indicator = Counter(local_values().filter(is_current=True).values_list("indicator__code"))
    monthly = 12 * 3 + 3 * last.index
    quarterly = 4 * 3 + last.index

    assert len(per_indicator) == 40
    frequency = dict(Indicator.objects.filter(owner_id=home_id()).values_list("code", "frequency"))
    for (code,), n in per_indicator.items():
        assert n == (monthly if frequency[code] == "month" else quarterly), code
    latest = local_values().order_by("-year", "-period_index").first()
    assert (latest.year, latest.period.within(Frequency.QUARTER).index) == (last.year, last.index)


def test_the_last_quarter_is_provisional_and_everything_before_it_approved(demo):
    last = reporting_quarter()
    current = local_values().filter(is_current=True)
    in_last = [v for v in current if v.period.within(Frequency.QUARTER) == last]

    assert {v.status for v in in_last} == {ValueStatus.PROVISIONAL}
    assert current.filter(status=ValueStatus.PROVISIONAL).count() == len(in_last)


def test_a_few_values_are_corrected_with_a_reason_and_the_first_version_kept(demo):
    second = local_values().filter(version=2)

    assert second.count() == 4
    for value in second:
        assert value.is_current and value.reason
        first = local_values().get(
            indicator=value.indicator, period_index=value.period_index, year=value.year,
            frequency=value.frequency, version=1,
        )  # fmt: skip
        assert not first.is_current and first.value != value.value


def test_ratio_values_are_their_numerator_over_their_denominator(demo):
    ratios = local_values().filter(indicator__rollup="ratio")

    assert ratios.exists()
    for value in ratios[:50]:
        assert value.denominator > 0
        assert abs(value.numerator / value.denominator * 100 - value.value) < 0.06


def test_targets_run_to_the_year_end_and_every_red_quarter_has_a_commentary(demo):
    last = reporting_quarter()
    access = home_access()
    targets = Target.objects.filter(organisation_id=home_id(), year=last.year)
    quarter = last
    reds = 0
    for _ in range(8):
        rows = organisation_scorecard(access, year=quarter.year, quarter=quarter.index)
        reds += sum(1 for r in rows if r.band and r.band.key == "red")
        assert [r.indicator.code for r in rows if r.needs_commentary] == [], quarter
        quarter = quarter.previous()

    assert targets.filter(frequency="month").count() == 20 * 12
    assert reds > 0
    assert Commentary.objects.filter(organisation_id=home_id()).count() > reds
    note = Commentary.objects.filter(organisation_id=home_id()).earliest("written_at")
    assert "against a target of" in note.what_happened and note.what_is_being_done
    assert EnteredForecast.objects.filter(organisation_id=home_id(), year=last.year).count() == 4


def test_the_council_plan_is_in_seed_004s_shape(demo):
    plan = CouncilPlan.objects.get(organisation_id=home_id())
    first = plan.priorities.get(position=1)
    deliverables = list(first.deliverables.values_list("title", flat=True))
    restructure = first.deliverables.get(title="Corporate Restructure")
    action = restructure.actions.get()
    measures = [
        m for p in plan.priorities.all() for d in p.deliverables.all() for m in d.measures.all()
    ]

    assert plan.last_year - plan.first_year == 2
    assert first.title == "Value for Money (FP1)"
    assert deliverables == [
        "Delivery of Agreed Savings",
        "Corporate Restructure",
        "Alternative Methods of Service Delivery",
        "VFM Ratings",
    ]
    assert restructure.measures.get().text == "Fit for Purpose Management Structure"
    assert action.title == "Complete Review and Develop Action Plan"
    assert action.completion_text.endswith("(new structure in place)")
    assert action.completion_date is not None
    assert (action.completion_date.month, action.completion_date.day) == (3, 31)
    assert action.resource == "CMT and HR&OD Department"
    assert action.lead_member.startswith("Portfolio Holder for Human Resources")
    assert plan.priorities.count() >= 5
    assert sum(1 for m in measures if m.indicator_id) >= 15
    assert all(m.indicator is None or m.indicator.owner_id == home_id() for m in measures)


def test_services_are_rated_for_three_years_against_the_75_percent_target(demo):
    ratings = ServiceRating.objects.filter(service__organisation_id=home_id())
    years = sorted(set(ratings.values_list("year", flat=True)))
    targets = RatingTarget.objects.filter(organisation_id=home_id())

    assert ratings.count() == 24 * 3
    assert len(years) == 3
    assert {(t.minimum_score, int(t.share_percent)) for t in targets} == {(2, 75)}
    assert set(ratings.values_list("score", flat=True)) <= {1, 2, 3, 4}
    assert all(r.reason for r in ratings)


def test_a_finance_position_to_the_last_quarter_ended(demo):
    last = reporting_quarter()
    lines = RevenueLine.objects.filter(organisation_id=home_id(), year=last.year)
    forecasts = RevenueForecast.objects.filter(line__in=lines)

    assert lines.count() == 14
    assert set(forecasts.values_list("quarter", flat=True)) == set(range(1, last.index + 1))
    assert CapitalScheme.objects.filter(organisation_id=home_id(), year=last.year).count() == 8
    assert CapitalForecast.objects.filter(scheme__year=last.year - 1, quarter=4).count() == 8


def test_a_draft_report_for_the_last_quarter_ended_and_the_one_before_published(demo):
    last = reporting_quarter()
    reports = QuarterlyReport.objects.filter(organisation_id=home_id())
    draft = reports.get(year=last.year, quarter=last.index)
    before = last.previous()
    published = reports.get(year=before.year, quarter=before.index)

    assert reports.count() == 2
    assert draft.status == "draft" and draft.title.endswith(last.label)
    assert published.status == "published" and published.published_at is not None
    snapshot = published.snapshot or {}
    assert snapshot["meta"]["period"] == before.label
    assert snapshot["performance"]
    assert before.label in published.published_html
    assert bytes(published.published_pdf).startswith(b"%PDF")
    steps = list(published.sign_offs.values_list("to_status", flat=True))
    assert steps == ["service_signed", "director_signed", "published"]


def test_the_partnership_members_report_the_loaded_national_indicators(demo):
    members = set(
        PartnershipMember.objects.filter(left__isnull=True).values_list(
            "organisation_id", flat=True
        )
    )
    national = IndicatorValue.objects.filter(indicator__owner__isnull=True)
    reporting = set(
        national.filter(indicator__code="NI 192").values_list("organisation_id", flat=True)
    )

    assert len(members) > 10
    assert reporting == members
    assert national.filter(indicator__code="NI 179", frequency="year").count() == 3 * len(members)
    assert set(national.values_list("status", flat=True)) == {ValueStatus.APPROVED}
    assert not Indicator.objects.filter(code__startswith="DEMO-").exists()  # national scale only


def test_a_second_run_adds_nothing(demo):
    first, second = demo

    assert first.created["indicator values"] > 1000
    assert second.already_generated
    assert second.created_total == 0


def test_every_bench_target_answers_200_for_staff_and_the_home_manager(demo):
    from django.test import Client

    from vfmhub.accounts.models import User
    from vfmhub.performance.bench_targets import TARGETS, time_values_import

    ids = {"organisation": home_id()}
    users = {
        "staff": User.objects.get(email=ACCOUNT["staff"].email),
        "manager": User.objects.get(email=ACCOUNT["manager"].email),
    }
    answered = set()
    for target in TARGETS:
        path = target.path(ids)
        assert path is not None, target.name  # every URL exists now
        for persona in target.personas:
            client = Client()
            client.force_login(users[persona])
            assert client.get(path).status_code == 200, (target.name, persona, path)
            answered.add(target.name)

    assert answered == {t.name for t in TARGETS}
    report = time_values_import(rows=300)
    assert report["ok"] and report["first"]["created"] == 300 and report["again"]["created"] == 0
