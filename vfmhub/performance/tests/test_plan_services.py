"""The council plan's services: links to improvement-plan actions and partnership projects only
of the organisation, indicators national or its own, moves, removals and their audit trail."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vfmhub.audit.models import AuditEvent
from vfmhub.performance.models import Indicator, OutcomeMeasure, PlanAction
from vfmhub.performance.services import plan as services
from vfmhub.plans.models import Action, Plan
from vfmhub.plans.tests.api_helpers import build_plan
from vfmhub.programme.tests.test_projects import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def deliverable(personas):
    plan = services.plan_create(
        acting_user=personas.editor,
        organisation=personas.org_a,
        title="Council Plan",
        first_year=2008,
        last_year=2010,
    )
    priority = services.priority_add(
        acting_user=personas.editor, plan=plan, title="Value for Money (FP1)"
    )
    return services.deliverable_add(
        acting_user=personas.editor, priority=priority, title="VFM Ratings"
    )


def _indicator(owner, code: str) -> Indicator:
    return Indicator.objects.create(
        owner=owner, code=code, title=f"{code} title", polarity="higher", frequency="quarter"
    )


def test_a_measure_links_a_national_or_own_indicator_only(personas, deliverable, as_user):
    national = _indicator(None, "NI 179")
    measure = services.measure_add(
        acting_user=personas.editor,
        deliverable=deliverable,
        text="75% of services scoring 2 or above",
        indicator=national,
    )
    with pytest.raises(ValidationError) as error:
        services.measure_update(
            acting_user=personas.editor,
            measure=measure,
            text="x",
            how_we_know="",
            indicator=_indicator(personas.org_b, "B1"),
        )
    assert error.value.message_dict["indicator"] == [services.NOT_THIS_BODYS_INDICATOR]
    plan = deliverable.priority.plan
    url = reverse("performance:plan_detail", args=[personas.org_a.pk, plan.pk])
    text = as_user(personas.viewer).get(url).content.decode()
    assert "NI 179: NI 179 title" in text
    assert reverse("performance:value_detail", args=[personas.org_a.pk, national.pk]) in text


def test_an_action_links_only_the_organisations_own_plans_and_projects(personas, deliverable):
    build_plan(personas)
    own_action = Action.objects.filter(item__plan__organisation=personas.org_a).first()
    values = services.ActionValues(title="VFM Strategy", improvement_action=own_action)
    action = services.plan_action_add(
        acting_user=personas.editor, deliverable=deliverable, values=values
    )
    assert action.improvement_action == own_action
    project = make_project(personas, lead_organisation=personas.org_c, partners=[personas.org_a])
    values = services.ActionValues(title="Shared service", project=project)
    linked = services.plan_action_add(
        acting_user=personas.editor, deliverable=deliverable, values=values
    )
    assert linked.project == project
    project.partners.clear()
    project.lead_organisation = personas.org_b
    project.save()
    with pytest.raises(ValidationError) as error:
        services.plan_action_add(
            acting_user=personas.editor, deliverable=deliverable, values=values
        )
    assert error.value.message_dict["project"] == [services.NOT_THIS_BODYS_PROJECT]


def test_an_other_organisations_improvement_action_is_refused(personas, deliverable):
    build_plan(personas)
    foreign = Action.objects.first()
    Plan.objects.update(organisation=personas.org_b)
    values = services.ActionValues(title="Borrowed", improvement_action=foreign)
    with pytest.raises(ValidationError) as error:
        services.plan_action_add(
            acting_user=personas.editor, deliverable=deliverable, values=values
        )
    assert error.value.message_dict["improvement_action"] == [services.NOT_THIS_BODYS_ACTION]
    assert not PlanAction.objects.exists()


def test_moves_and_removals_renumber_and_are_audited(personas, deliverable):
    measures = [
        services.measure_add(acting_user=personas.editor, deliverable=deliverable, text=f"M{n}")
        for n in range(3)
    ]
    services.measure_move(acting_user=personas.editor, measure=measures[2], position=1)
    order = list(OutcomeMeasure.objects.order_by("position").values_list("text", flat=True))
    assert order == ["M2", "M0", "M1"]
    services.measure_remove(acting_user=personas.editor, measure=measures[0])
    positions = list(OutcomeMeasure.objects.order_by("position").values_list("position", "text"))
    assert positions == [(1, "M2"), (2, "M1")]
    actions = set(
        AuditEvent.objects.filter(organisation=personas.org_a).values_list("action", flat=True)
    )
    assert {
        "performance.councilplan.add",
        "performance.priority.add",
        "performance.deliverable.add",
        "performance.outcomemeasure.add",
        "performance.outcomemeasure.move",
        "performance.outcomemeasure.remove",
    } <= actions


def test_a_plan_cannot_end_before_it_starts(personas):
    with pytest.raises(ValidationError) as error:
        services.plan_create(
            acting_user=personas.editor,
            organisation=personas.org_a,
            title="Backwards",
            first_year=2010,
            last_year=2008,
        )
    assert error.value.message_dict["last_year"] == [services.YEARS_BACKWARDS]


def test_an_entered_plans_download_imports_back_unchanged(personas, deliverable):
    from decimal import Decimal

    from vfmhub.performance.exporting.plan import plan_rows, plan_xlsx
    from vfmhub.performance.importing.plan import council_plan_import
    from vfmhub.performance.selectors.plan import plan_priorities

    values = services.ActionValues(
        title="VFM Strategy",
        completion_date=datetime.date(2010, 3, 31),
        resource_amount=Decimal("25000"),
        resource_staff=Decimal("0.5"),
    )
    services.plan_action_add(acting_user=personas.editor, deliverable=deliverable, values=values)
    plan = deliverable.priority.plan
    content = plan_xlsx(plan, plan_rows(plan_priorities(plan)))
    result = council_plan_import(
        acting_user=personas.editor,
        organisation=personas.org_a,
        content=content,
        filename="plan.xlsx",
        title=plan.title,
        first_year=plan.first_year,
        last_year=plan.last_year,
    )
    assert result.errors == [] and not result.changed
