"""Fixtures for assessment tests: the shipped frameworks and org A's assessments at each stage."""

import datetime

import pytest

from vfmhub.assessments import services
from vfmhub.assessments.models import Assessment, AssessmentKind, RolledUpScore, Score
from vfmhub.frameworks.loader import load_frameworks
from vfmhub.frameworks.models import FrameworkVersion

PUBLISH_ON = datetime.date(2009, 12, 9)


@pytest.fixture
def frameworks(db):
    return load_frameworks()


@pytest.fixture
def uor_2008(frameworks) -> FrameworkVersion:
    return FrameworkVersion.objects.get(framework__code="use-of-resources", code="2008-09")


@pytest.fixture
def uor_2005(frameworks) -> FrameworkVersion:
    return FrameworkVersion.objects.get(framework__code="use-of-resources-2005", code="2005-08")


@pytest.fixture
def on_day(clock_at):
    """on_day(date): make `clock.today()` answer that date from now on (see `clock_at`)."""
    return clock_at


def score_of(assessment: Assessment, code: str, stage: str | None = None) -> Score:
    return Score.objects.get(
        assessment=assessment, criterion__code=code, stage=stage or assessment.current_stage
    )


def enter_rolled_up(assessment: Assessment, user, value: int = 3) -> None:
    """Enter every theme score, then the overall score, at the current stage.

    The 2008/09 rules are the auditor's judgement, so final scores cannot be locked without them.
    """
    rows = RolledUpScore.objects.filter(assessment=assessment, stage=assessment.current_stage)
    for row in sorted(rows, key=lambda r: r.theme_id is None):
        services.rolled_up_enter(acting_user=user, rolled_up=row, value=value)


@pytest.fixture
def self_draft(personas, uor_2008) -> Assessment:
    return services.assessment_start(
        acting_user=personas.editor,
        organisation=personas.org_a,
        version=uor_2008,
        year=2008,
        kind=AssessmentKind.SELF,
    )


@pytest.fixture
def self_submitted(personas, self_draft) -> Assessment:
    """Submitted with every KLOE unscored, as the manager confirmed."""
    return services.assessment_submit(
        acting_user=personas.manager, assessment=self_draft, confirm_incomplete=True
    )


@pytest.fixture
def provisional(personas, uor_2008) -> Assessment:
    return services.assessment_start(
        acting_user=personas.auditor,
        organisation=personas.org_a,
        version=uor_2008,
        year=2008,
        kind=AssessmentKind.AUDITOR,
    )


@pytest.fixture
def final(personas, provisional) -> Assessment:
    """Org A's auditor assessment, final with every KLOE at 3, embargoed until 9 December 2009."""
    values: dict[int, int | None] = {s.criterion_id: 3 for s in provisional.scores.all()}
    enter_rolled_up(provisional, personas.auditor)
    return services.assessment_finalise(
        acting_user=personas.auditor,
        assessment=provisional,
        final_values=values,
        publish_on=PUBLISH_ON,
    )
