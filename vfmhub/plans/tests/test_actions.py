"""Items and actions: the no-action reason, concurrent edits, officers, and one click from an
auditor's finding to a plan item."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vfmhub.assessments import services as assessment_services
from vfmhub.assessments.tests.conftest import frameworks, provisional, uor_2008  # noqa: F401
from vfmhub.audit.models import AuditEvent
from vfmhub.core.concurrency import CHANGED_SINCE_OPENED
from vfmhub.frameworks.models import FindingType
from vfmhub.plans import services
from vfmhub.plans.services.actions import NO_ACTION_NEEDS_REASON
from vfmhub.plans.services.common import NOT_A_MEMBER
from vfmhub.testing import assert_access

pytestmark = pytest.mark.django_db


def edit_url(action):
    return reverse("plans:action_edit", args=[action.item.plan_id, action.pk])


def action_data(action, **changes):
    data = {
        "version_stamp": action.updated_at.isoformat(),
        "description": action.description,
        "officer": action.officer,
        "officer_user": action.officer_user_id or "",
        "target_date": action.target_date.isoformat() if action.target_date else "",
        "status": action.status,
        "no_action_reason": action.no_action_reason,
        "rag": action.rag,
        "added_in_round": "",
        "added_from": "",
    }
    return {**data, **changes}


def test_it_asks_for_a_reason_when_no_action_is_proposed(personas, actions, as_user):
    panel = actions["panel"]
    page = as_user(personas.editor).post(edit_url(panel), action_data(panel, status="no_action"))
    html = page.content.decode()
    assert "There is a problem" in html and NO_ACTION_NEEDS_REASON in html
    with pytest.raises(ValidationError):
        services.action_update(acting_user=personas.editor, action=panel, status="no_action")
    panel.refresh_from_db()
    assert panel.status == "not_started"


def test_it_saves_no_action_with_its_reason(personas, actions, as_user):
    panel = actions["panel"]
    data = action_data(panel, status="no_action", no_action_reason="Covered by the budget")
    assert as_user(personas.editor).post(edit_url(panel), data).status_code == 302
    panel.refresh_from_db()
    assert (panel.status, panel.no_action_reason) == ("no_action", "Covered by the budget")
    event = AuditEvent.objects.get(action="action.update", object_id=str(panel.pk))
    assert event.changes["status"] == ["not_started", "no_action"]
    assert event.organisation_id == personas.org_a.pk  # filed under the plan's body


def test_it_refuses_an_edit_made_from_a_stale_page(personas, actions, as_user):
    panel = actions["panel"]
    stale = action_data(panel, description="Stale change")
    services.action_update(acting_user=personas.manager, action=panel, rag="red")
    page = as_user(personas.editor).post(edit_url(panel), stale)
    assert CHANGED_SINCE_OPENED in page.content.decode()
    panel.refresh_from_db()
    assert panel.description == "Broaden scope of Citizens Panel questions."


def test_it_links_officers_only_to_people_at_the_body(personas, actions):
    with pytest.raises(ValidationError) as refused:
        services.action_update(
            acting_user=personas.editor, action=actions["panel"], officer_user=personas.outsider
        )
    assert refused.value.message_dict["officer_user"] == [
        NOT_A_MEMBER.format(organisation=personas.org_a.name)
    ]


@pytest.fixture
def finding(personas, provisional):  # noqa: F811
    finding_type = FindingType.objects.get(version=provisional.version, code="area-for-improvement")
    return assessment_services.finding_add(
        acting_user=personas.auditor,
        assessment=provisional,
        finding_type=finding_type,
        title="Strengthen reporting around BIP",
        criterion=provisional.scores.first().criterion,
    )


def test_it_turns_a_finding_into_an_item_once(personas, plan, finding):
    item = services.item_from_finding(acting_user=personas.editor, plan=plan, finding=finding)
    again = services.item_from_finding(acting_user=personas.editor, plan=plan, finding=finding)
    assert again == item and plan.items.count() == 1
    assert (item.source, item.criterion, item.text) == (
        "auditor_finding",
        finding.criterion,
        "Strengthen reporting around BIP",
    )


def test_it_makes_a_recommendation_a_recommendation_item(personas, plan, finding):
    finding.finding_type = FindingType.objects.create(
        version=finding.assessment.version, code="rec", name="Recommendation", kind="recommendation"
    )
    finding.save()
    item = services.item_from_finding(acting_user=personas.editor, plan=plan, finding=finding)
    assert item.source == "recommendation"


def test_it_adds_a_finding_to_the_bodys_only_plan_in_one_click(personas, plan, finding, as_user):
    response = as_user(personas.editor).post(reverse("plans:item_from_finding", args=[finding.pk]))
    assert response.status_code == 302
    assert plan.items.get().finding == finding


def test_it_lets_only_the_bodys_editors_add_a_finding(personas, plan, finding, as_user):
    page = reverse("plans:item_from_finding", args=[finding.pk])
    assert as_user(personas.viewer).post(page).status_code == 403
    assert as_user(personas.outsider).post(page).status_code == 404
    assert not plan.items.exists()


def test_it_lets_only_the_bodys_editors_choose_a_plan_for_a_finding(
    personas, plan, finding, as_user
):
    page = reverse("plans:item_from_finding_choose", args=[finding.pk])
    assert_access(personas, page, allowed=["editor", "manager"], forbidden=["viewer"])
    assert_access(personas, page, hidden=["outsider"])
    assert as_user(personas.viewer).post(page, {"plan": plan.pk}).status_code == 403
    assert as_user(personas.outsider).post(page, {"plan": plan.pk}).status_code == 404
    assert not plan.items.exists()


def test_it_asks_which_plan_when_the_body_has_several(personas, plan, finding, as_user):
    second = services.plan_create(
        acting_user=personas.manager, organisation=personas.org_a, title="Second plan"
    )
    client = as_user(personas.editor)
    choose = reverse("plans:item_from_finding_choose", args=[finding.pk])
    response = client.post(reverse("plans:item_from_finding", args=[finding.pk]))
    assert response.status_code == 302 and response["Location"] == choose
    page = client.get(choose)
    assert page.status_code == 200 and "Second plan" in page.content.decode()
    client.post(choose, {"plan": second.pk})
    assert second.items.get().finding == finding and not plan.items.exists()


def test_it_offers_the_button_on_the_assessment_page(personas, plan, finding, as_user):
    page = as_user(personas.editor).get(reverse("assessments:detail", args=[finding.assessment_id]))
    assert reverse("plans:item_from_finding", args=[finding.pk]) in page.content.decode()
