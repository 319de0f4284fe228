"""Fixtures for assessment tests: the shipped frameworks and org A's assessments at each stage."""

import datetime

import pytest

from vfmhub.assessments import services
from vfmhub.assessments.models import Assessment, AssessmentKind, Score
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
def on_day(monkeypatch):
    """on_day(date): make `timezone.localdate()` answer that date from now on."""

    def freeze(day: datetime.date) -> None:
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)

    return freeze


def score_of(assessment: Assessment, code: str, stage: str | None = None) -> Score:
    return Score.objects.get(
        assessment=assessment, criterion__code=code, stage=stage or assessment.current_stage
    )


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
    return services.assessment_submit(acting_user=personas.manager, assessment=self_draft)


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
    return services.assessment_finalise(
        acting_user=personas.auditor,
        assessment=provisional,
        final_values=values,
        publish_on=PUBLISH_ON,
    )
