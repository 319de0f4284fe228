"""Starting assessments and moving them through their statuses."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from vfmhub.assessments import services
from vfmhub.assessments.models import AssessmentKind, AssessmentStatus, Score, ScoreStage
from vfmhub.assessments.services import workflow
from vfmhub.assessments.tests.conftest import PUBLISH_ON, enter_rolled_up, score_of
from vfmhub.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def start(personas, version, year, kind=AssessmentKind.SELF, organisation=None):
    return services.assessment_start(
        acting_user=personas.editor,
        organisation=organisation or personas.org_a,
        version=version,
        year=year,
        kind=kind,
    )


def test_it_creates_a_score_for_each_applicable_criterion(personas, uor_2008):
    district = start(personas, uor_2008, 2008)
    assert district.scores.count() == 8
    assert not district.scores.filter(criterion__code__in=["3.2", "3.3"]).exists()
    unitary = start(personas, uor_2008, 2008, organisation=personas.org_b)
    assert unitary.scores.count() == 10
    assert set(district.scores.values_list("stage", flat=True)) == {ScoreStage.ASSESSED}
    event = AuditEvent.objects.get(action="assessment.start", object_id=str(district.pk))
    assert event.organisation_id == personas.org_a.pk


def test_it_refuses_a_year_outside_the_version(personas, uor_2008):
    with pytest.raises(ValidationError) as caught:
        start(personas, uor_2008, 2009)
    assert caught.value.messages == [
        "Use of Resources 2008/09 is for 2008/09 to 2008/09. Choose a year in that range."
    ]


def test_it_refuses_a_second_self_assessment(personas, uor_2008):
    start(personas, uor_2008, 2008)
    with pytest.raises(ValidationError) as caught:
        start(personas, uor_2008, 2008)
    assert caught.value.messages == [
        "Ashby District Council already has a self-assessment of Use of Resources 2008/09 "
        "for 2008/09."
    ]


def test_it_starts_an_auditor_assessment_as_provisional(personas, provisional):
    assert provisional.status == AssessmentStatus.PROVISIONAL
    assert set(provisional.scores.values_list("stage", flat=True)) == {ScoreStage.PROVISIONAL}


def test_it_submits_only_a_draft(personas, self_submitted):
    assert self_submitted.submitted_by == personas.manager
    with pytest.raises(ValidationError, match="Only a draft"):
        services.assessment_submit(acting_user=personas.manager, assessment=self_submitted)


def test_it_reopens_with_a_reason_in_the_history(personas, self_submitted):
    with pytest.raises(ValidationError) as caught:
        services.assessment_reopen(
            acting_user=personas.manager, assessment=self_submitted, reason=" "
        )
    assert caught.value.messages == [workflow.REOPEN_NEEDS_REASON]
    reopened = services.assessment_reopen(
        acting_user=personas.manager, assessment=self_submitted, reason="Wrong year's figures."
    )
    assert reopened.status == AssessmentStatus.DRAFT
    event = AuditEvent.objects.get(action="assessment.reopen")
    assert event.note == "Wrong year's figures."
    assert event.changes["status"] == ["submitted", "draft"]


def test_it_will_not_reopen_once_the_auditor_is_final(personas, self_submitted, final):
    with pytest.raises(ValidationError) as caught:
        services.assessment_reopen(
            acting_user=personas.manager, assessment=self_submitted, reason="Late change."
        )
    assert caught.value.messages == [workflow.REOPEN_AFTER_FINAL]


def test_it_finalises_from_the_provisional_scores(personas, provisional):
    services.score_save(
        acting_user=personas.auditor,
        score=score_of(provisional, "1.1"),
        value=2,
        narrative="Weak plans.",
    )
    criterion_12 = score_of(provisional, "1.2").criterion_id
    enter_rolled_up(provisional, personas.auditor)
    final = services.assessment_finalise(
        acting_user=personas.auditor,
        assessment=provisional,
        final_values={criterion_12: 4},
        publish_on=PUBLISH_ON,
    )
    assert final.status == AssessmentStatus.FINAL
    assert final.finalised_by == personas.auditor and final.publish_on == PUBLISH_ON
    finals = Score.objects.filter(assessment=final, stage=ScoreStage.FINAL)
    assert finals.count() == 8
    assert score_of(final, "1.1", ScoreStage.FINAL).narrative == "Weak plans."
    assert score_of(final, "1.1", ScoreStage.FINAL).value == 2
    assert score_of(final, "1.2", ScoreStage.FINAL).value == 4
    event = AuditEvent.objects.get(action="assessment.finalise")
    assert event.changes["final_scores"][1][str(criterion_12)] == 4


def test_it_refuses_final_values_off_the_scale_or_for_other_criteria(personas, provisional):
    criterion = score_of(provisional, "1.1").criterion_id
    with pytest.raises(ValidationError, match="Choose a level"):
        services.assessment_finalise(
            acting_user=personas.auditor, assessment=provisional, final_values={criterion: 5}
        )
    with pytest.raises(ValidationError, match="not part of this assessment"):
        services.assessment_finalise(
            acting_user=personas.auditor, assessment=provisional, final_values={999999: 3}
        )


def test_it_publishes_only_after_the_embargo(personas, final, on_day):
    on_day(PUBLISH_ON - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        services.assessment_publish(acting_user=personas.auditor, assessment=final)
    assert caught.value.messages == [
        "The results are embargoed until 9 December 2009. Publish them on or after that date."
    ]
    on_day(PUBLISH_ON)
    published = services.assessment_publish(acting_user=personas.auditor, assessment=final)
    assert published.status == AssessmentStatus.PUBLISHED
    assert published.published_at is not None
