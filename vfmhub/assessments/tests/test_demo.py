"""The generator's assessment steps: plausible, rule-consistent, idempotent data."""

import datetime
from collections import defaultdict

import pytest
from django.db.models import Count

from vfmhub.assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Finding,
    RolledUpScore,
    Score,
    ScoreStage,
    ScoreTarget,
)
from vfmhub.assessments.selectors.dashboard import partnership_dashboard
from vfmhub.demo.generator import generate
from vfmhub.demo.personas import ACCOUNT
from vfmhub.frameworks import rollup
from vfmhub.frameworks.loader import load_frameworks
from vfmhub.frameworks.models import FrameworkVersion, RollupScope
from vfmhub.organisations.models import BodyType, OrganisationMembership, Partnership

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo scale, generated once for the module (and removed afterwards)."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            load_frameworks()
            first = generate(scale="demo")
            second = generate(scale="demo")
            yield first, second
            transaction.set_rollback(True)


def version(code: str) -> FrameworkVersion:
    return FrameworkVersion.objects.get(code=code)


def home():
    return OrganisationMembership.objects.get(user__email=ACCOUNT["manager"].email).organisation


def test_it_assesses_member_bodies_over_the_years_of_the_versions(demo):
    years = set(Assessment.objects.values_list("year", flat=True))
    kinds = set(Assessment.objects.values_list("kind", "status"))

    assert years == {2005, 2006, 2007, 2008, 2009}
    assert (AssessmentKind.SELF, AssessmentStatus.SUBMITTED) in kinds
    assert (AssessmentKind.SELF, AssessmentStatus.DRAFT) in kinds
    assert (AssessmentKind.AUDITOR, AssessmentStatus.PUBLISHED) in kinds
    assert (AssessmentKind.AUDITOR, AssessmentStatus.PROVISIONAL) in kinds


def test_it_leaves_plausible_gaps(demo):
    per_year = (
        Assessment.objects.filter(kind=AssessmentKind.SELF)
        .values("year")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )
    bodies = Assessment.objects.values("organisation").distinct().count()

    assert min(per_year) < bodies  # some body missed a year
    assert Assessment.objects.filter(status=AssessmentStatus.DRAFT, year__lt=2009).count() == 0


def test_it_publishes_final_results_on_9_december_the_year_after(demo):
    published = Assessment.objects.filter(status=AssessmentStatus.PUBLISHED)

    assert {(a.year, a.publish_on) for a in published} <= {
        (year, datetime.date(year + 1, 12, 9)) for year in range(2005, 2010)
    }
    assert all(a.published_at and a.finalised_at for a in published)


def test_it_gives_the_home_body_a_history_and_a_draft_to_work_on(demo):
    theirs = Assessment.objects.filter(organisation=home())

    assert set(theirs.filter(year=2008).values_list("kind", "status")) == {
        (AssessmentKind.SELF, AssessmentStatus.SUBMITTED),
        (AssessmentKind.AUDITOR, AssessmentStatus.PUBLISHED),
    }
    draft = theirs.get(year=2009, kind=AssessmentKind.SELF)
    assert draft.status == AssessmentStatus.DRAFT
    values = list(draft.scores.values_list("value", flat=True))
    assert None in values and any(v is not None for v in values)


def test_it_scores_only_the_criteria_that_apply(demo):
    district_codes = set(
        Score.objects.filter(
            assessment__organisation__body_type=BodyType.DISTRICT,
            assessment__version=version("2008-09"),
        ).values_list("criterion__code", flat=True)
    )

    assert "3.1" in district_codes
    assert not district_codes & {"3.2", "3.3"}


def test_it_scores_mostly_two_and_three_with_the_auditor_no_kinder(demo):
    finals = list(Score.objects.filter(stage=ScoreStage.FINAL).values_list("value", flat=True))
    middle = sum(1 for v in finals if v in (2, 3))
    self_scores = dict(
        Score.objects.filter(stage=ScoreStage.ASSESSED, value__isnull=False).values_list(
            "assessment__organisation_id", "value"
        )
    )

    assert middle / len(finals) > 0.6
    assert self_scores  # and the body's view is the kinder one on average:
    mean_self = _mean(ScoreStage.ASSESSED)
    assert _mean(ScoreStage.PROVISIONAL) <= mean_self


def _mean(stage: str) -> float:
    values = [
        v
        for v in Score.objects.filter(stage=stage).values_list("value", flat=True)
        if v is not None
    ]
    return sum(values) / len(values)


def test_it_rolls_up_by_the_versions_rule(demo):
    uor_2005 = version("2005-08")
    rule = uor_2005.rollup_rules.prefetch_related("rows").get(scope=RollupScope.OVERALL)
    themes: dict[tuple[int, str], list[int | None]] = defaultdict(list)
    overall: dict[tuple[int, str], int | None] = {}
    for assessment_id, stage, theme_id, value in RolledUpScore.objects.filter(
        assessment__version=uor_2005
    ).values_list("assessment_id", "stage", "theme_id", "value"):
        if theme_id is None:
            overall[(assessment_id, stage)] = value
        else:
            themes[(assessment_id, stage)].append(value)

    assert overall
    for key, value in overall.items():
        assert value == rollup.roll_up(themes[key], rule.as_spec()).value


def test_it_raises_a_few_findings(demo):
    findings = Finding.objects.select_related("assessment")

    assert findings.exists()
    assert {f.assessment.kind for f in findings} == {AssessmentKind.AUDITOR}
    assert findings.exclude(management_response="").exists()


def test_it_gives_the_demo_partnership_a_populated_dashboard(demo):
    partnership = Partnership.objects.filter(members__organisation=home()).first()
    assert partnership is not None
    uor_2009 = version("2009-10")

    distribution, targets = partnership_dashboard(
        partnership, uor_2009, 2009, today=datetime.date(2026, 1, 1)
    )

    assert distribution.overall is not None
    assert sum(distribution.overall.counts.values()) > 20
    assert distribution.members_not_assessed  # the home body's 2009 is still a draft
    assert [t.title for t in targets] == [
        "All members at level 3 by 31 March 2011",
        "Districts to average at least 3 across KLOEs 1.1, 1.2 and 3.1",
        "75% of members at level 2 or above",
    ]
    assert all(t.lines and t.lines[0].members_counted for t in targets)


def test_it_adds_nothing_the_second_time(demo):
    first, second = demo

    for name in ("assessments", "scores", "rolled up scores", "findings", "score targets"):
        assert first.created[name] > 0
        assert second.created[name] == 0
    assert ScoreTarget.objects.count() == 3
