"""The issue's acceptance flow, through the pages: draft, submit, provisional, final, amend."""

import datetime

import pytest
from django.urls import reverse

from vfmhub.assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    RolledUpScore,
    Score,
    ScoreAmendment,
    ScoreStage,
)
from vfmhub.assessments.services.common import SCORES_LOCKED
from vfmhub.assessments.tests.conftest import score_of
from vfmhub.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _start(client, personas, version, kind):
    return client.post(
        reverse("assessments:start", args=[personas.org_a.pk]),
        {"version": version.pk, "year": 2008, "kind": kind},
    )


def _save_score(client, assessment, code, value, narrative="", stage=None):
    score = score_of(assessment, code, stage)
    url = reverse("assessments:criterion", args=[assessment.pk, score.criterion_id])
    page = client.get(url)
    version = page.context["form"].initial["version"]
    return client.post(url, {"version": version, "value": str(value), "narrative": narrative})


def test_it_runs_the_whole_assessment_flow(personas, as_user, uor_2008):
    own = _editor_drafts_the_self_assessment(personas, as_user(personas.editor), uor_2008)
    _manager_submits_after_checking(personas, as_user, own)
    auditor = as_user(personas.auditor)
    audit = _auditor_records_final_scores(personas, auditor, uor_2008)
    _final_scores_are_locked_and_amended(personas, auditor, audit)


def _editor_drafts_the_self_assessment(personas, editor, version) -> Assessment:
    response = _start(editor, personas, version, "self")
    assert response.status_code == 302
    own = Assessment.objects.get(kind=AssessmentKind.SELF)
    assert response.url == reverse("assessments:detail", args=[own.pk])
    assert own.status == AssessmentStatus.DRAFT

    # Only the KLOEs that apply to a district in 2008/09: no 3.2 or 3.3.
    page = editor.get(reverse("assessments:detail", args=[own.pk])).content.decode()
    codes = sorted(own.scores.values_list("criterion__code", flat=True))
    assert codes == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1"]
    assert "3.1 Natural resources" in page
    assert "Strategic asset management" not in page and "3.3 Workforce" not in page
    assert page.count('<li class="govuk-task-list__item') == 8
    assert "Not scored" in page

    assert _save_score(editor, own, "1.1", 3, "We plan well.").status_code == 302
    assert score_of(own, "1.1").value == 3
    assert score_of(own, "1.1").scored_by == personas.editor
    return own


def _manager_submits_after_checking(personas, as_user, own: Assessment) -> None:
    """The editor cannot submit; the manager can, after checking what is missing and confirming."""
    submit = reverse("assessments:submit", args=[own.pk])
    assert as_user(personas.editor).post(submit).status_code == 403
    manager = as_user(personas.manager)
    check = manager.get(submit).content.decode()
    assert "Check before you submit the self-assessment" in check
    assert "1 of 8" in check and "2.4 Risk management and internal control" in check
    refused = manager.post(submit)
    assert refused.status_code == 200 and "There is a problem" in refused.content.decode()
    assert manager.post(submit, {"confirm_incomplete": "on"}).status_code == 302
    own.refresh_from_db()
    assert own.status == AssessmentStatus.SUBMITTED
    assert own.submitted_by == personas.manager


def _auditor_records_final_scores(personas, auditor, version) -> Assessment:
    """The auditor starts the auditor assessment and records provisional then final scores."""
    assert _start(auditor, personas, version, "auditor").status_code == 302
    audit = Assessment.objects.get(kind=AssessmentKind.AUDITOR)
    assert audit.status == AssessmentStatus.PROVISIONAL
    assert _save_score(auditor, audit, "1.1", 2, "Plans lack detail.").status_code == 302
    finalise = reverse("assessments:finalise", args=[audit.pk])
    form = auditor.get(finalise).context["form"]
    data = {name: field.initial for name, field in form.fields.items() if name != "publish_on"}
    data[f"criterion_{score_of(audit, '1.2').criterion_id}"] = "3"
    answered = auditor.post(finalise, {**data, "publish_on": "2009-12-09"})
    check = reverse("assessments:finalise_check", args=[audit.pk])
    assert answered.status_code == 302 and answered.url == check
    # The CAA theme and overall scores are the auditor's judgement: none entered, so no lock.
    blocked = auditor.get(check).content.decode()
    assert "You cannot lock the final scores yet" in blocked and "Overall score" in blocked
    assert auditor.post(check).status_code == 200
    audit.refresh_from_db()
    assert audit.status == AssessmentStatus.PROVISIONAL
    rows = RolledUpScore.objects.filter(assessment=audit, stage=ScoreStage.PROVISIONAL)
    for row in sorted(rows, key=lambda r: r.theme_id is None):
        enter = reverse("assessments:rolled_up_enter", args=[audit.pk, row.pk])
        assert auditor.post(enter, {"value": "2"}).status_code == 302
        assert RolledUpScore.objects.get(pk=row.pk).value == 2
    ready = auditor.get(check).content.decode()
    assert "Record and lock the final scores" in ready and "1.2 " in ready
    assert auditor.post(check).status_code == 302
    audit.refresh_from_db()
    assert audit.status == AssessmentStatus.FINAL
    assert audit.publish_on == datetime.date(2009, 12, 9)
    final_11 = score_of(audit, "1.1", ScoreStage.FINAL)
    assert final_11.value == 2 and final_11.narrative == "Plans lack detail."
    assert score_of(audit, "1.2", ScoreStage.FINAL).value == 3
    assert score_of(audit, "1.2", ScoreStage.PROVISIONAL).value is None
    return audit


def _final_scores_are_locked_and_amended(personas, auditor, audit: Assessment) -> None:
    """Final scores are locked: no form on the page, and a save is refused. An amendment keeps
    the old value in the history."""
    final_11 = score_of(audit, "1.1", ScoreStage.FINAL)
    criterion_url = reverse("assessments:criterion", args=[audit.pk, final_11.criterion_id])
    page = auditor.get(criterion_url)
    assert page.context["form"] is None
    assert "Amend this score" in page.content.decode()
    opened_at = final_11.updated_at.isoformat()
    refused = auditor.post(criterion_url, {"version": opened_at, "value": "4"})
    assert SCORES_LOCKED in refused.content.decode()
    assert Score.objects.get(pk=final_11.pk).value == 2

    amend = reverse("assessments:amend", args=[audit.pk, final_11.criterion_id])
    response = auditor.post(amend, {"value": "3", "narrative": "Revised.", "reason": "Typo."})
    assert response.status_code == 302
    amendment = ScoreAmendment.objects.get()
    assert (amendment.old_value, amendment.new_value, amendment.reason) == (2, 3, "Typo.")
    assert amendment.old_narrative == "Plans lack detail."
    assert Score.objects.get(pk=final_11.pk).value == 3
    history = auditor.get(criterion_url).content.decode()
    assert "Typo." in history and "2 – Only at minimum requirements" in history
    event = AuditEvent.objects.get(action="score.amend")
    assert event.note == "Typo." and event.changes["value"] == [2, 3]
    assert event.organisation_id == personas.org_a.pk


def test_it_offers_only_the_kinds_a_role_may_start(personas, as_user, frameworks):
    url = reverse("assessments:organisation_list", args=[personas.org_a.pk])
    editor_kinds = as_user(personas.editor).get(url).context["form"].fields["kind"].choices
    assert [k for k, _ in editor_kinds] == ["self"]
    auditor_kinds = as_user(personas.auditor).get(url).context["form"].fields["kind"].choices
    assert [k for k, _ in auditor_kinds] == ["auditor"]
    assert as_user(personas.viewer).get(url).context["form"] is None
