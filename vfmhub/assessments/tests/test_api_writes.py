"""Writing assessments over the API: the services' rules, the pages' permissions, 409 if stale."""

import datetime

import pytest

from vfmhub.api.testing import version_of
from vfmhub.assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Finding,
    Score,
    ScoreAmendment,
    ScoreStage,
)
from vfmhub.assessments.tests.conftest import enter_rolled_up
from vfmhub.assessments.tests.test_api import final_auditor, score_all, start, submitted_self
from vfmhub.audit.models import AuditEvent
from vfmhub.core.concurrency import CHANGED_SINCE_OPENED
from vfmhub.frameworks.loader import load_frameworks
from vfmhub.frameworks.models import FrameworkVersion
from vfmhub.testing import assert_access

LIST = "/api/v1/assessments"
JSON = "application/json"


@pytest.fixture
def uor_2008(db) -> FrameworkVersion:
    load_frameworks()
    return FrameworkVersion.objects.get(framework__code="use-of-resources", code="2008-09")


def kloe(version: FrameworkVersion, code: str) -> int:
    return version.criteria.get(code=code).pk


def start_payload(personas, version, kind="self") -> dict:
    return {
        "organisation_id": personas.org_a.pk,
        "version_id": version.pk,
        "year": 2008,
        "kind": kind,
    }


def test_it_starts_a_self_assessment_with_only_applicable_criteria(personas, as_user, uor_2008):
    response = as_user(personas.editor).post(
        LIST, start_payload(personas, uor_2008), content_type=JSON
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["kind"], body["status"]) == ("self", "draft")
    codes = {s["criterion_code"] for s in body["scores"]}
    assert "3.2" not in codes and "3.3" not in codes
    assert len(codes) == 8
    assert AuditEvent.objects.filter(action="assessment.start").count() == 1


def test_it_applies_the_page_rules_to_starting(personas, uor_2008):
    assert_access(
        personas,
        LIST,
        method="post",
        data=start_payload(personas, uor_2008),
        content_type=JSON,
        allowed=["editor"],
        forbidden=["viewer", "auditor", "partnership_manager"],
        hidden=["outsider"],
        ok=(201,),
    )


def test_it_lets_the_auditor_start_the_auditor_assessment(personas, as_user, uor_2008):
    payload = start_payload(personas, uor_2008, kind="auditor")

    response = as_user(personas.auditor).post(LIST, payload, content_type=JSON)

    assert response.status_code == 201
    assert response.json()["status"] == "provisional"


def test_it_refuses_a_second_self_assessment_in_the_error_shape(personas, as_user, uor_2008):
    start(personas, uor_2008)

    response = as_user(personas.editor).post(
        LIST, start_payload(personas, uor_2008), content_type=JSON
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": "The data is not valid.",
        "errors": [
            {
                "field": "",
                "message": "Ashby District Council already has a self-assessment of "
                "Use of Resources 2008/09 for 2008/09.",
            }
        ],
    }


def score_url(assessment: Assessment, criterion_id: int) -> str:
    return f"{LIST}/{assessment.pk}/scores/{criterion_id}"


def score_version(assessment: Assessment, code: str, stage: str | None = None) -> str:
    """The `updated_at` of a criterion's score (at the current stage) to send with a change."""
    assessment.refresh_from_db()
    stage = stage or assessment.current_stage
    return version_of(Score.objects.get(assessment=assessment, criterion__code=code, stage=stage))


def test_it_saves_a_score(personas, as_user, uor_2008):
    draft = start(personas, uor_2008)
    payload = {
        "value": 3,
        "narrative": "Plans are linked.",
        "strengths": "Clear owners.",
        "updated_at": score_version(draft, "1.1"),
    }

    response = as_user(personas.editor).put(
        score_url(draft, kloe(uor_2008, "1.1")), payload, content_type=JSON
    )

    assert response.status_code == 200
    assert (response.json()["value"], response.json()["stage"]) == (3, "assessed")
    score = Score.objects.get(assessment=draft, criterion__code="1.1")
    assert (score.value, score.narrative, score.scored_by) == (
        3,
        "Plans are linked.",
        personas.editor,
    )


def test_it_applies_the_page_rules_to_saving_a_score(personas, uor_2008):
    draft = start(personas, uor_2008)
    url = score_url(draft, kloe(uor_2008, "1.1"))

    for allowed in ("editor", "manager"):  # each saving the version it read
        assert_access(
            personas,
            url,
            method="put",
            data={"value": 2, "updated_at": score_version(draft, "1.1")},
            content_type=JSON,
            allowed=[allowed],
            forbidden=["viewer"],
            # Drafts are the body's own: the auditor and the partnership cannot tell one exists.
            hidden=["outsider", "auditor", "partnership_manager", "partnership_viewer"],
            ok=(200,),
        )


def test_it_forbids_the_auditor_to_write_the_self_assessment(personas, as_user, uor_2008):
    submitted = submitted_self(personas, uor_2008)

    response = as_user(personas.auditor).put(
        score_url(submitted, kloe(uor_2008, "1.1")), {"value": 1}, content_type=JSON
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to do that.", "errors": []}


def test_it_answers_409_when_someone_saved_the_score_since(personas, as_user, uor_2008):
    draft = start(personas, uor_2008)
    url = score_url(draft, kloe(uor_2008, "1.1"))
    opened = as_user(personas.editor).get(f"{LIST}/{draft.pk}").json()
    read_at = next(s["updated_at"] for s in opened["scores"] if s["criterion_code"] == "1.1")
    as_user(personas.manager).put(url, {"value": 2, "updated_at": read_at}, content_type=JSON)

    response = as_user(personas.editor).put(
        url, {"value": 4, "updated_at": read_at}, content_type=JSON
    )

    assert response.status_code == 409
    assert response.json() == {"detail": CHANGED_SINCE_OPENED, "errors": []}
    assert Score.objects.get(assessment=draft, criterion__code="1.1").value == 2


def test_it_patches_only_the_fields_sent(personas, as_user, uor_2008):
    draft = start(personas, uor_2008)
    url = score_url(draft, kloe(uor_2008, "1.2"))
    saved = as_user(personas.editor).put(
        url,
        {"value": 3, "narrative": "First.", "updated_at": score_version(draft, "1.2")},
        content_type=JSON,
    )

    response = as_user(personas.editor).patch(
        url,
        {"strengths": "Benchmarking.", "updated_at": saved.json()["updated_at"]},
        content_type=JSON,
    )

    assert response.status_code == 200
    assert (response.json()["value"], response.json()["narrative"]) == (3, "First.")
    assert response.json()["strengths"] == "Benchmarking."


def test_it_refuses_a_value_off_the_scale(personas, as_user, uor_2008):
    draft = start(personas, uor_2008)

    response = as_user(personas.editor).put(
        score_url(draft, kloe(uor_2008, "1.1")),
        {"value": 7, "updated_at": score_version(draft, "1.1")},
        content_type=JSON,
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["message"].startswith("Choose a level on the")


def test_it_submits_and_reopens_for_managers_only(personas, as_user, uor_2008):
    draft = start(personas, uor_2008)
    score_all(draft, personas.editor, 3)
    submit = f"{LIST}/{draft.pk}/submit"
    assert_access(
        personas,
        submit,
        method="post",
        content_type=JSON,
        forbidden=["editor", "viewer"],
        hidden=["outsider"],
    )

    submitted = as_user(personas.manager).post(submit, content_type=JSON)
    reopened = as_user(personas.manager).post(
        f"{LIST}/{draft.pk}/reopen", {"reason": "Evidence for 2.2 was missing."}, content_type=JSON
    )

    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert reopened.status_code == 200 and reopened.json()["status"] == "draft"


def test_it_needs_a_reason_to_reopen(personas, as_user, uor_2008):
    submitted = submitted_self(personas, uor_2008)

    response = as_user(personas.manager).post(
        f"{LIST}/{submitted.pk}/reopen", {"reason": " "}, content_type=JSON
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "", "message": "Give a reason for reopening the self-assessment."}
    ]


def test_it_finalises_then_locks_the_scores(personas, as_user, uor_2008):
    provisional = start(personas, uor_2008, AssessmentKind.AUDITOR)
    score_all(provisional, personas.auditor, 3)
    enter_rolled_up(provisional, personas.auditor)
    url = f"{LIST}/{provisional.pk}/finalise"
    assert_access(
        personas, url, method="post", data={}, content_type=JSON, forbidden=["manager", "editor"]
    )
    payload = {"final_values": {str(kloe(uor_2008, "1.1")): 2}, "publish_on": "2009-12-09"}

    response = as_user(personas.auditor).post(url, payload, content_type=JSON)
    locked = as_user(personas.auditor).put(
        score_url(provisional, kloe(uor_2008, "1.2")),
        {"value": 1, "updated_at": score_version(provisional, "1.2")},
        content_type=JSON,
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["publish_on"]) == ("final", "2009-12-09")
    finals = {s["criterion_code"]: s["value"] for s in body["scores"] if s["stage"] == "final"}
    assert (finals["1.1"], finals["1.2"]) == (2, 3)
    assert locked.status_code == 422


def test_it_publishes_after_the_embargo(personas, as_user, uor_2008):
    final = final_auditor(personas, uor_2008, publish_on=datetime.date(2009, 12, 9))

    response = as_user(personas.auditor).post(f"{LIST}/{final.pk}/publish", content_type=JSON)

    assert response.status_code == 200
    assert response.json()["status"] == "published"


def test_it_amends_a_final_score_keeping_the_old_value(personas, as_user, uor_2008):
    final = final_auditor(personas, uor_2008)
    url = f"{score_url(final, kloe(uor_2008, '2.1'))}/amend"
    payload = {
        "value": 3,
        "reason": "Procurement evidence arrived late.",
        "updated_at": score_version(final, "2.1", ScoreStage.FINAL),
    }
    assert_access(
        personas, url, method="post", data=payload, content_type=JSON, forbidden=["manager"]
    )

    response = as_user(personas.auditor).post(url, payload, content_type=JSON)

    assert response.status_code == 201
    assert (response.json()["old_value"], response.json()["new_value"]) == (2, 3)
    score = Score.objects.get(assessment=final, criterion__code="2.1", stage=ScoreStage.FINAL)
    assert score.value == 3
    assert list(ScoreAmendment.objects.values_list("old_value", "reason")) == [
        (2, "Procurement evidence arrived late.")
    ]


def test_it_enters_a_manual_theme_score(personas, as_user, uor_2008):
    provisional = start(personas, uor_2008, AssessmentKind.AUDITOR)
    score_all(provisional, personas.auditor, 3)
    theme = provisional.rolled_up_scores.get(theme__code="1", stage=ScoreStage.PROVISIONAL)

    response = as_user(personas.auditor).put(
        f"{LIST}/{provisional.pk}/rolled-up/{theme.pk}",
        {"value": 3, "updated_at": version_of(theme)},
        content_type=JSON,
    )

    assert response.status_code == 200
    assert (response.json()["value"], response.json()["advisory"]) == (3, 3)


def finding_payload(version) -> dict:
    return {
        "finding_type_id": version.finding_types.get().pk,
        "title": "Link the medium-term plan to outcomes",
        "criterion_id": kloe(version, "1.1"),
    }


def test_it_lets_the_auditor_record_findings_and_the_body_respond(personas, as_user, uor_2008):
    final = final_auditor(personas, uor_2008)
    url = f"{LIST}/{final.pk}/findings"
    assert_access(
        personas,
        url,
        method="post",
        data=finding_payload(uor_2008),
        content_type=JSON,
        forbidden=["manager", "editor", "partnership_manager"],
        hidden=["outsider"],
    )

    added = as_user(personas.auditor).post(url, finding_payload(uor_2008), content_type=JSON)
    respond = f"{url}/{added.json()['id']}/response"
    read_at = added.json()["updated_at"]
    assert_access(
        personas,
        respond,
        method="post",
        data={"response": "Agreed.", "updated_at": read_at},
        content_type=JSON,
        forbidden=["viewer", "auditor"],
    )
    response = as_user(personas.manager).post(
        respond,
        {"response": "Agreed: in next year's plan.", "updated_at": read_at},
        content_type=JSON,
    )

    assert added.status_code == 201
    assert added.json()["criterion_code"] == "1.1"
    assert response.status_code == 200
    assert response.json()["management_response"] == "Agreed: in next year's plan."
    assert response.json()["response_by_id"] == personas.manager.pk


def test_it_patches_a_finding_and_refuses_a_stale_one(personas, as_user, uor_2008):
    final = final_auditor(personas, uor_2008)
    client = as_user(personas.auditor)
    added = client.post(
        f"{LIST}/{final.pk}/findings", finding_payload(uor_2008), content_type=JSON
    ).json()
    url = f"{LIST}/{final.pk}/findings/{added['id']}"

    changed = client.patch(
        url, {"detail": "Costed.", "updated_at": added["updated_at"]}, content_type=JSON
    )
    stale = client.patch(
        url, {"title": "Older view", "updated_at": added["updated_at"]}, content_type=JSON
    )

    assert changed.status_code == 200
    assert (changed.json()["title"], changed.json()["detail"]) == (added["title"], "Costed.")
    assert stale.status_code == 409
    assert Finding.objects.get().title == added["title"]


def test_it_refuses_findings_on_a_self_assessment(personas, as_user, uor_2008):
    submitted = submitted_self(personas, uor_2008)

    response = as_user(personas.staff).post(
        f"{LIST}/{submitted.pk}/findings", finding_payload(uor_2008), content_type=JSON
    )

    assert response.status_code in (403, 422)
    assert not Finding.objects.exists()
    assert submitted.status == AssessmentStatus.SUBMITTED


def test_it_needs_an_explicit_confirmation_to_submit_an_incomplete_assessment(
    personas, as_user, uor_2008
):
    draft = start(personas, uor_2008)
    submit = f"{LIST}/{draft.pk}/submit"
    client = as_user(personas.manager)

    refused = client.post(submit, content_type=JSON)
    draft.refresh_from_db()
    assert refused.status_code == 422 and draft.status == AssessmentStatus.DRAFT
    assert refused.json() == {
        "detail": "The data is not valid.",
        "errors": [
            {
                "field": "confirm_incomplete",
                "message": "8 KLOEs not scored (1.1, 1.2, 1.3, 2.1, 2.2, 2.3, 2.4 and 3.1). "
                "Confirm that you want to submit the assessment with them not scored.",
            }
        ],
    }
    submitted = client.post(submit, {"confirm_incomplete": True}, content_type=JSON)
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"


def test_it_refuses_to_finalise_without_the_required_theme_and_overall_scores(
    personas, as_user, uor_2008
):
    provisional = start(personas, uor_2008, AssessmentKind.AUDITOR)
    score_all(provisional, personas.auditor, 3)

    response = as_user(personas.auditor).post(
        f"{LIST}/{provisional.pk}/finalise", {"final_values": {}}, content_type=JSON
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["message"].startswith(
        "The final scores cannot be locked without these scores: 1 Managing finances"
    )
    provisional.refresh_from_db()
    assert provisional.status == AssessmentStatus.PROVISIONAL
