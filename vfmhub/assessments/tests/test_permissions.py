"""Who may see and change what: every view, with the personas (404 hidden, 403 forbidden)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vfmhub.assessments import services
from vfmhub.assessments.models import AssessmentKind, RolledUpScore
from vfmhub.assessments.tests.conftest import PUBLISH_ON, enter_rolled_up, score_of
from vfmhub.frameworks.models import FindingType
from vfmhub.testing import assert_access

pytestmark = pytest.mark.django_db

BODY = ["manager", "editor", "viewer"]
PARTNERSHIP = ["partnership_manager", "partnership_viewer", "peer_reviewer"]
BEFORE_PUBLICATION = PUBLISH_ON - datetime.timedelta(days=1)


def url(name, *args):
    return reverse(f"assessments:{name}", args=args)


def criterion_url(assessment, code="1.1"):
    return url("criterion", assessment.pk, score_of(assessment, code).criterion_id)


def test_it_shows_a_draft_self_assessment_only_to_the_body(personas, self_draft):
    assert_access(
        personas,
        url("detail", self_draft.pk),
        allowed=[*BODY, "staff"],
        hidden=["outsider", "auditor", *PARTNERSHIP],
    )
    assert_access(
        personas,
        criterion_url(self_draft),
        allowed=BODY,
        hidden=["outsider", "auditor", *PARTNERSHIP],
    )


def test_it_shows_a_submitted_self_assessment_to_auditor_and_partnership(personas, self_submitted):
    assert_access(
        personas,
        url("detail", self_submitted.pk),
        allowed=[*BODY, "auditor", *PARTNERSHIP, "staff"],
        hidden=["outsider"],
    )


def test_it_lets_only_editors_save_self_assessment_scores(personas, self_draft):
    data = {"version": "", "value": "3"}
    assert_access(
        personas,
        criterion_url(self_draft),
        method="post",
        data=data,
        allowed=["editor", "manager"],
        forbidden=["viewer"],
        hidden=["outsider", "auditor", *PARTNERSHIP],
    )


def test_it_refuses_the_auditor_editing_the_self_assessment(personas, self_submitted):
    assert_access(
        personas,
        criterion_url(self_submitted),
        method="post",
        data={"version": "", "value": "3"},
        forbidden=["auditor", "viewer", *PARTNERSHIP],
        hidden=["outsider"],
    )


def test_it_lets_only_a_manager_submit(personas, self_draft):
    assert_access(
        personas,
        url("submit", self_draft.pk),
        method="post",
        forbidden=["editor", "viewer"],
        hidden=["outsider", "auditor", *PARTNERSHIP],
        allowed=["manager"],
    )


def test_it_lets_only_a_manager_reopen(personas, self_submitted):
    assert_access(
        personas,
        url("reopen", self_submitted.pk),
        allowed=["manager", "staff"],
        forbidden=["editor", "viewer", "auditor", *PARTNERSHIP],
        hidden=["outsider"],
    )


def test_it_hides_provisional_scores_from_the_partnership(personas, provisional):
    assert_access(
        personas,
        url("detail", provisional.pk),
        allowed=[*BODY, "auditor", "staff"],
        hidden=["outsider", *PARTNERSHIP],
    )
    assert_access(
        personas,
        url("finalise", provisional.pk),
        allowed=["auditor", "staff"],
        forbidden=BODY,
        hidden=["outsider", *PARTNERSHIP],
    )
    assert_access(
        personas,
        criterion_url(provisional),
        method="post",
        data={"version": "", "value": "2"},
        forbidden=BODY,
        hidden=["outsider", *PARTNERSHIP],
        allowed=["auditor"],
    )


def test_it_hides_embargoed_final_scores_from_the_partnership(personas, final, on_day):
    on_day(BEFORE_PUBLICATION)
    assert_access(
        personas,
        url("detail", final.pk),
        allowed=[*BODY, "auditor"],
        hidden=["outsider", *PARTNERSHIP],
    )
    on_day(PUBLISH_ON)
    assert_access(
        personas,
        url("detail", final.pk),
        allowed=[*BODY, "auditor", *PARTNERSHIP],
        hidden=["outsider"],
    )


def test_it_lets_only_the_auditor_amend_and_publish(personas, final, on_day):
    on_day(PUBLISH_ON)
    amend = url("amend", final.pk, score_of(final, "1.1").criterion_id)
    assert_access(
        personas,
        amend,
        allowed=["auditor", "staff"],
        forbidden=[*BODY, *PARTNERSHIP],
        hidden=["outsider"],
    )
    assert_access(
        personas,
        url("publish", final.pk),
        method="post",
        forbidden=[*BODY, *PARTNERSHIP],
        hidden=["outsider"],
        allowed=["auditor"],
    )


def test_it_keeps_evidence_behind_the_access_check(personas, self_draft, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    score = score_of(self_draft, "1.1")
    evidence = services.evidence_add_file(
        acting_user=personas.editor,
        assessment=self_draft,
        criterion=score.criterion,
        title="Plan",
        uploaded_file=SimpleUploadedFile("plan.txt", b"Our plan"),
    )
    assert_access(
        personas,
        url("evidence_download", self_draft.pk, evidence.pk),
        allowed=BODY,
        hidden=["outsider", "auditor", *PARTNERSHIP],
    )
    for name in ("evidence_upload", "evidence_link"):
        assert_access(
            personas,
            url(name, self_draft.pk, score.criterion_id),
            method="post",
            forbidden=["viewer"],
            hidden=["outsider", "auditor"],
        )
    assert_access(
        personas,
        url("evidence_remove", self_draft.pk, evidence.pk),
        method="post",
        forbidden=["viewer"],
        hidden=["outsider", "auditor"],
        allowed=["editor"],
    )


def test_it_lets_the_scorer_enter_theme_scores(personas, self_draft):
    row = RolledUpScore.objects.filter(assessment=self_draft, theme__isnull=False).first()
    assert row is not None
    assert_access(
        personas,
        url("rolled_up_enter", self_draft.pk, row.pk),
        allowed=["editor", "manager"],
        forbidden=["viewer"],
        hidden=["outsider", "auditor", *PARTNERSHIP],
    )


def test_it_lets_the_auditor_raise_findings_and_the_body_respond(personas, provisional):
    assert_access(
        personas,
        url("finding_add", provisional.pk),
        allowed=["auditor", "staff"],
        forbidden=BODY,
        hidden=["outsider", *PARTNERSHIP],
    )
    finding_type = FindingType.objects.filter(version=provisional.version).first()
    assert finding_type is not None
    finding = services.finding_add(
        acting_user=personas.auditor,
        assessment=provisional,
        finding_type=finding_type,
        title="Strengthen the medium-term financial plan",
    )
    assert_access(
        personas,
        url("finding_edit", provisional.pk, finding.pk),
        allowed=["auditor"],
        forbidden=BODY,
        hidden=["outsider", *PARTNERSHIP],
    )
    assert_access(
        personas,
        url("finding_respond", provisional.pk, finding.pk),
        allowed=["editor", "manager"],
        forbidden=["viewer", "auditor"],
        hidden=["outsider", *PARTNERSHIP],
    )


def test_it_lists_and_compares_for_readers_only(personas, frameworks):
    for name in ("organisation_list", "compare", "history"):
        assert_access(
            personas,
            url(name, personas.org_a.pk),
            allowed=[*BODY, "auditor", *PARTNERSHIP, "staff"],
            hidden=["outsider"],
        )


def test_it_lets_only_those_who_may_start_see_the_start_page(personas, frameworks):
    assert_access(
        personas,
        url("start", personas.org_a.pk),
        allowed=["editor", "manager", "auditor", "peer_reviewer", "staff"],
        forbidden=["viewer", "partnership_manager", "partnership_viewer"],
        hidden=["outsider"],
    )


def test_it_refuses_an_auditor_assessment_outside_the_appointment(personas, as_user, frameworks):
    from vfmhub.frameworks.models import FrameworkVersion

    uor_2005 = FrameworkVersion.objects.get(code="2005-08")
    response = as_user(personas.auditor).post(
        url("start", personas.org_a.pk),
        {"version": uor_2005.pk, "year": 2007, "kind": "auditor"},
    )
    assert response.status_code == 403
    assert not personas.org_a.assessments.exists()


def test_it_shows_the_partnership_only_shared_assessments(
    personas, as_user, self_draft, provisional, on_day
):
    list_url = url("organisation_list", personas.org_a.pk)
    client = as_user(personas.partnership_manager)
    assert list(client.get(list_url).context["assessments"]) == []
    services.assessment_submit(
        acting_user=personas.manager, assessment=self_draft, confirm_incomplete=True
    )
    enter_rolled_up(provisional, personas.auditor)
    services.assessment_finalise(
        acting_user=personas.auditor,
        assessment=provisional,
        final_values={},
        publish_on=PUBLISH_ON,
    )
    on_day(BEFORE_PUBLICATION)
    kinds = [a.kind for a in client.get(list_url).context["assessments"]]
    assert kinds == [AssessmentKind.SELF]
    on_day(PUBLISH_ON)
    kinds = sorted(a.kind for a in client.get(list_url).context["assessments"])
    assert kinds == [AssessmentKind.AUDITOR, AssessmentKind.SELF]


def test_it_lets_a_peer_reviewer_keep_a_draft_peer_assessment(personas, as_user, uor_2008):
    response = as_user(personas.peer_reviewer).post(
        url("start", personas.org_a.pk),
        {
            "version": uor_2008.pk,
            "year": 2008,
            "kind": "peer",
            "peer_partnership": personas.partnership.pk,
        },
    )
    assert response.status_code == 302
    peer = personas.org_a.assessments.get(kind=AssessmentKind.PEER)
    assert peer.peer_partnership == personas.partnership
    opened_at = score_of(peer, "1.1").updated_at.isoformat()
    assert_access(
        personas,
        criterion_url(peer),
        method="post",
        data={"version": opened_at, "value": "3"},
        forbidden=BODY,
        hidden=["outsider", "auditor", "partnership_manager"],
        allowed=["peer_reviewer"],
    )
    assert score_of(peer, "1.1").value == 3
