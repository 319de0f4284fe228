"""Saving scores: the scale, the workflow locks, concurrent saves and amendments."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vfmhub.assessments import services
from vfmhub.assessments.models import Score, ScoreAmendment, ScoreStage
from vfmhub.assessments.services import scores
from vfmhub.assessments.services.common import SCORES_LOCKED, SUBMITTED_CLOSED
from vfmhub.assessments.tests.conftest import score_of
from vfmhub.audit.models import AuditEvent
from vfmhub.core.concurrency import CHANGED_SINCE_OPENED

pytestmark = pytest.mark.django_db


def save(user, score, value, **fields):
    return services.score_save(acting_user=user, score=score, value=value, **fields)


def test_it_saves_a_score_with_who_and_when(personas, self_draft):
    score = save(personas.editor, score_of(self_draft, "1.1"), 3, narrative="Sound.")
    assert (score.value, score.narrative, score.scored_by) == (3, "Sound.", personas.editor)
    assert score.scored_at is not None
    event = AuditEvent.objects.get(action="score.save")
    assert event.changes["value"] == [None, 3]
    assert event.organisation_id == personas.org_a.pk


def test_it_refuses_a_value_off_the_scale(personas, self_draft):
    with pytest.raises(ValidationError) as caught:
        save(personas.editor, score_of(self_draft, "1.1"), 5)
    assert caught.value.messages == [
        "Choose a level on the Use of Resources 2008/09 scale, or “Not scored”."
    ]


def test_it_allows_not_scored(personas, self_draft):
    score = save(personas.editor, score_of(self_draft, "1.1"), 3)
    assert save(personas.editor, score, None).value is None


def test_it_refuses_changes_once_submitted(personas, self_submitted):
    with pytest.raises(ValidationError) as caught:
        save(personas.editor, score_of(self_submitted, "1.1"), 3)
    assert caught.value.messages == [SUBMITTED_CLOSED]


def test_it_refuses_changes_once_final(personas, final):
    with pytest.raises(ValidationError) as caught:
        save(personas.auditor, score_of(final, "1.1", ScoreStage.FINAL), 4)
    assert caught.value.messages == [SCORES_LOCKED]
    assert score_of(final, "1.1", ScoreStage.FINAL).value == 3


def test_it_refuses_the_second_of_two_saves_from_the_same_version(personas, self_draft):
    score = score_of(self_draft, "1.1")
    opened_at = score.updated_at
    save(personas.editor, score, 3, narrative="First", expected_updated_at=opened_at)
    with pytest.raises(ValidationError) as caught:
        save(personas.manager, score, 1, narrative="Second", expected_updated_at=opened_at)
    assert caught.value.messages == [CHANGED_SINCE_OPENED]
    score.refresh_from_db()
    assert (score.value, score.narrative, score.scored_by) == (3, "First", personas.editor)


def test_it_shows_the_concurrency_refusal_on_the_page(personas, as_user, self_draft):
    score = score_of(self_draft, "1.1")
    url = reverse("assessments:criterion", args=[self_draft.pk, score.criterion_id])
    first, second = as_user(personas.editor), as_user(personas.manager)
    version = first.get(url).context["form"].initial["version"]
    assert second.get(url).context["form"].initial["version"] == version
    assert first.post(url, {"version": version, "value": "3"}).status_code == 302
    response = second.post(url, {"version": version, "value": "1", "narrative": "Mine"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and "Someone else changed this" in body
    score.refresh_from_db()
    assert (score.value, score.narrative) == (3, "")


def test_it_amends_a_final_score_keeping_the_old_one(personas, final):
    score = score_of(final, "2.1", ScoreStage.FINAL)
    amendment = services.score_amend(
        acting_user=personas.auditor, score=score, value=2, reason="Misread the evidence."
    )
    assert (amendment.old_value, amendment.new_value) == (3, 2)
    assert amendment.amended_by == personas.auditor
    assert Score.objects.get(pk=score.pk).value == 2
    assert AuditEvent.objects.get(action="score.amend").note == "Misread the evidence."


def test_it_refuses_an_amendment_without_reason_or_change(personas, final):
    score = score_of(final, "2.1", ScoreStage.FINAL)
    with pytest.raises(ValidationError) as caught:
        services.score_amend(acting_user=personas.auditor, score=score, value=2, reason=" ")
    assert caught.value.messages == [scores.AMEND_NEEDS_REASON]
    with pytest.raises(ValidationError) as caught:
        services.score_amend(acting_user=personas.auditor, score=score, value=3, reason="Why")
    assert caught.value.messages == [scores.AMEND_CHANGES_NOTHING]
    assert not ScoreAmendment.objects.exists()


def test_it_amends_only_locked_final_scores(personas, provisional):
    with pytest.raises(ValidationError) as caught:
        services.score_amend(
            acting_user=personas.auditor,
            score=score_of(provisional, "1.1"),
            value=2,
            reason="Early",
        )
    assert caught.value.messages == [scores.AMEND_ONLY_FINAL]
