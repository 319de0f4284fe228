"""Check-your-answers before submitting, recording final scores and publishing; who can do it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vfmhub.assessments import services
from vfmhub.assessments.forms.assessments import SUBMIT_NEEDS_CONFIRMATION
from vfmhub.assessments.models import AssessmentStatus, Score, ScoreStage
from vfmhub.assessments.services import workflow
from vfmhub.assessments.tests.conftest import PUBLISH_ON, enter_rolled_up, score_of
from vfmhub.audit.models import AuditEvent
from vfmhub.testing import assert_access

pytestmark = pytest.mark.django_db

SEVEN_UNSCORED = "7 KLOEs not scored (1.2, 1.3, 2.1, 2.2, 2.3, 2.4 and 3.1)"
MISSING_ROLLED_UP = (
    "The final scores cannot be locked without these scores: 1 Managing finances, "
    "2 Governing the business, 3 Managing resources and Overall score. Enter them as provisional "
    "scores first."
)


def url(name: str, assessment) -> str:
    return reverse(f"assessments:{name}", args=[assessment.pk])


@pytest.fixture
def one_scored(personas, self_draft):
    services.score_save(acting_user=personas.editor, score=score_of(self_draft, "1.1"), value=3)
    return self_draft


def _score_all(assessment, user, value=3):
    for score in Score.objects.filter(assessment=assessment, stage=assessment.current_stage):
        services.score_save(acting_user=user, score=score, value=value)


# Submitting


def test_it_refuses_to_submit_an_incomplete_assessment_without_a_confirmation(personas, one_scored):
    with pytest.raises(ValidationError) as caught:
        services.assessment_submit(acting_user=personas.manager, assessment=one_scored)
    assert caught.value.message_dict == {
        "confirm_incomplete": [
            f"{SEVEN_UNSCORED}. Confirm that you want to submit the assessment with them not "
            "scored."
        ]
    }
    one_scored.refresh_from_db()
    assert one_scored.status == AssessmentStatus.DRAFT


def test_it_submits_an_incomplete_assessment_once_confirmed_and_records_the_gaps(
    personas, one_scored
):
    services.assessment_submit(
        acting_user=personas.manager, assessment=one_scored, confirm_incomplete=True
    )
    one_scored.refresh_from_db()
    assert one_scored.status == AssessmentStatus.SUBMITTED
    event = AuditEvent.objects.get(action="assessment.submit")
    assert event.changes["submitted_unscored"] == [
        None,
        ["1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1"],
    ]


def test_it_shows_what_is_missing_what_happens_and_who_can_undo_before_submitting(
    personas, as_user, one_scored
):
    page = as_user(personas.manager).get(url("submit", one_scored))
    html = page.content.decode()
    assert "Check before you submit the self-assessment" in html
    assert 'data-testid="scored">1 of 8<' in html
    assert "1.2 Understanding costs and achieving efficiencies" in html
    assert "1.1 Financial planning" not in html.split('data-testid="unscored"')[1].split("</dd>")[0]
    assert "Once submitted, the self-assessment can no longer be changed." in html
    assert (
        "A manager at Ashby District Council (manager@example.org) can reopen it, giving a "
        "reason, until the auditor records final scores for 2008/09." in html
    )
    label = "Submit with 7 KLOEs not scored: 1.2, 1.3, 2.1, 2.2, 2.3, 2.4 and 3.1"
    assert label in html
    assert page.context["form"].fields["confirm_incomplete"].required


def test_it_asks_for_the_confirmation_on_the_page(personas, as_user, one_scored):
    client = as_user(personas.manager)
    refused = client.post(url("submit", one_scored))
    html = refused.content.decode()
    assert refused.status_code == 200 and "There is a problem" in html
    assert SUBMIT_NEEDS_CONFIRMATION.format(count=7, noun="KLOEs") in html
    one_scored.refresh_from_db()
    assert one_scored.status == AssessmentStatus.DRAFT

    done = client.post(url("submit", one_scored), {"confirm_incomplete": "on"})
    assert done.status_code == 302 and done.url == url("detail", one_scored)
    one_scored.refresh_from_db()
    assert one_scored.status == AssessmentStatus.SUBMITTED


def test_it_submits_a_complete_assessment_without_the_confirmation(personas, as_user, self_draft):
    _score_all(self_draft, personas.editor)
    client = as_user(personas.manager)
    page = client.get(url("submit", self_draft))
    assert "confirm_incomplete" not in page.context["form"].fields
    assert "every KLOE is scored" in page.content.decode()
    assert client.post(url("submit", self_draft)).status_code == 302
    self_draft.refresh_from_db()
    assert self_draft.status == AssessmentStatus.SUBMITTED


def test_it_lets_only_managers_open_the_submit_page(personas, self_draft):
    for method in ("get", "post"):
        assert_access(
            personas,
            url("submit", self_draft),
            method=method,
            forbidden=["editor", "viewer"],
            hidden=["outsider", "auditor", "partnership_manager"],
        )


def test_it_links_the_submit_button_to_the_check_page(personas, as_user, self_draft):
    html = as_user(personas.manager).get(url("detail", self_draft)).content.decode()
    assert f'href="{url("submit", self_draft)}"' in html
    assert f'action="{url("submit", self_draft)}"' not in html


# Recording final scores


def test_it_refuses_to_lock_final_scores_without_the_required_theme_and_overall_scores(
    personas, provisional
):
    _score_all(provisional, personas.auditor)
    with pytest.raises(ValidationError) as caught:
        services.assessment_finalise(
            acting_user=personas.auditor, assessment=provisional, final_values={}
        )
    assert caught.value.messages == [MISSING_ROLLED_UP]
    provisional.refresh_from_db()
    assert provisional.status == AssessmentStatus.PROVISIONAL
    assert not Score.objects.filter(assessment=provisional, stage=ScoreStage.FINAL).exists()


def test_it_refuses_when_only_the_overall_score_is_missing(personas, provisional):
    enter_rolled_up(provisional, personas.auditor)
    overall = provisional.rolled_up_scores.get(theme__isnull=True, stage=ScoreStage.PROVISIONAL)
    services.rolled_up_enter(acting_user=personas.auditor, rolled_up=overall, value=None)
    with pytest.raises(ValidationError, match="these scores: Overall score"):
        services.assessment_finalise(
            acting_user=personas.auditor, assessment=provisional, final_values={}
        )


def test_it_computes_required_scores_with_the_roll_up_rules(personas, uor_2005):
    """Use of Resources 2005–08 calculates theme scores: final values alone complete them."""
    assessment = services.assessment_start(
        acting_user=personas.auditor,
        organisation=personas.org_a,
        version=uor_2005,
        year=2007,
        kind="auditor",
    )
    criteria: dict[int, int | None] = {s.criterion_id: 3 for s in assessment.scores.all()}
    blocked = workflow.finalise_gaps(assessment, {})
    assert blocked.rolled_up_missing  # nothing scored, so nothing to calculate from
    assert workflow.finalise_gaps(assessment, criteria).rolled_up_missing == []
    final = services.assessment_finalise(
        acting_user=personas.auditor, assessment=assessment, final_values=criteria
    )
    assert final.status == AssessmentStatus.FINAL


def _answer_finalise(client, assessment, publish_on=""):
    form = client.get(url("finalise", assessment)).context["form"]
    data = {name: field.initial or "" for name, field in form.fields.items()}
    data["publish_on"] = publish_on
    return client.post(url("finalise", assessment), data)


def test_it_checks_the_final_scores_before_locking_them(personas, as_user, provisional):
    client = as_user(personas.auditor)
    _score_all(provisional, personas.auditor, 2)
    answered = _answer_finalise(client, provisional, "2009-12-09")
    assert answered.status_code == 302 and answered.url == url("finalise_check", provisional)

    blocked = client.get(url("finalise_check", provisional)).content.decode()
    assert "You cannot lock the final scores yet" in blocked
    assert "Record and lock the final scores" not in blocked
    refused = client.post(url("finalise_check", provisional))
    assert MISSING_ROLLED_UP in refused.content.decode()

    enter_rolled_up(provisional, personas.auditor, 2)
    ready = client.get(url("finalise_check", provisional)).content.decode()
    assert "Record and lock the final scores" in ready
    assert "9 December 2009" in ready
    assert "Nobody can unlock the final scores." in ready
    assert client.post(url("finalise_check", provisional)).status_code == 302
    provisional.refresh_from_db()
    assert provisional.status == AssessmentStatus.FINAL
    assert provisional.publish_on == PUBLISH_ON
    # The answers are used once: the check page now sends the auditor back to the assessment.
    assert client.get(url("finalise_check", provisional)).url == url("detail", provisional)


def test_it_sends_the_check_page_back_to_the_form_without_answers(personas, as_user, provisional):
    response = as_user(personas.auditor).get(url("finalise_check", provisional))
    assert response.status_code == 302 and response.url == url("finalise", provisional)


def test_it_lets_only_the_auditor_check_and_lock_final_scores(personas, provisional):
    for method in ("get", "post"):
        assert_access(
            personas,
            url("finalise_check", provisional),
            method=method,
            forbidden=["manager", "editor", "viewer"],
            hidden=["outsider", "partnership_manager"],
        )


# Publishing


def test_it_checks_before_publishing_and_blocks_under_embargo(personas, as_user, final, on_day):
    client = as_user(personas.auditor)
    on_day(PUBLISH_ON - datetime.timedelta(days=1))
    blocked = client.get(url("publish", final)).content.decode()
    assert "You cannot publish the final scores yet" in blocked
    assert "Publish the final scores</button>" not in blocked

    on_day(PUBLISH_ON)
    page = client.get(url("publish", final)).content.decode()
    assert "Nobody: publishing cannot be undone." in page
    assert client.post(url("publish", final)).status_code == 302
    final.refresh_from_db()
    assert final.status == AssessmentStatus.PUBLISHED


def test_it_lets_only_the_auditor_publish(personas, final, on_day):
    on_day(PUBLISH_ON)
    for method in ("get", "post"):
        assert_access(
            personas,
            url("publish", final),
            method=method,
            forbidden=["manager", "editor", "viewer"],
            hidden=["outsider"],
        )


# Who can take the next step


def test_it_tells_an_editor_who_can_submit(personas, as_user, self_draft):
    html = as_user(personas.editor).get(url("detail", self_draft)).content.decode()
    assert (
        "Only a manager at Ashby District Council can submit this assessment: ask "
        "manager@example.org." in html
    )
    assert "Submit the assessment" not in html
    manager_page = as_user(personas.manager).get(url("detail", self_draft)).content.decode()
    assert 'data-testid="next-step"' not in manager_page


def test_it_names_every_manager_by_name(personas, as_user, self_draft):
    personas.manager.full_name = "Mina Patel"
    personas.manager.save()
    personas.staff.organisation_memberships.create(organisation=personas.org_a, role="manager")
    html = as_user(personas.viewer).get(url("detail", self_draft)).content.decode()
    assert "ask Mina Patel (manager@example.org) or staff@example.org." in html


def test_it_tells_the_body_who_records_and_publishes_final_scores(personas, as_user, provisional):
    html = as_user(personas.manager).get(url("detail", provisional)).content.decode()
    assert (
        "Only the auditor appointed to Ashby District Council for 2008/09 can record the final "
        "scores: ask auditor@example.org." in html
    )
    auditor_page = as_user(personas.auditor).get(url("detail", provisional)).content.decode()
    assert 'data-testid="next-step"' not in auditor_page


# Downloads linked from the assessment page


def test_it_links_the_pdf_report_and_the_workbook(personas, as_user, self_draft):
    html = as_user(personas.viewer).get(url("detail", self_draft)).content.decode()
    assert f'href="{url("export_pdf", self_draft)}"' in html
    assert f'href="{url("export_xlsx", self_draft)}"' in html
