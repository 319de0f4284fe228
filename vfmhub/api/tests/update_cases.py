"""One valid change for every update operation of the API, for `test_update_versions.py`.

Each builder makes the record a change is about (through the services) and says who may make the
change, where, with which body, and which row's `updated_at` names the version it changes. The
table is the list of update operations: the test checks it against the OpenAPI document both ways.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import models

from vfmhub.assessments import services as assessment_services
from vfmhub.assessments.models import Assessment, AssessmentKind, RolledUpScore, Score, ScoreStage
from vfmhub.assessments.tests.test_api import final_auditor, score_all, start
from vfmhub.benchmarking.models import Club, ClubMeasure, ClubMember, ClubValue, ClubWindow
from vfmhub.efficiency import services as efficiency_services
from vfmhub.efficiency.models import EfficiencyReturn
from vfmhub.efficiency.tests.conftest import add_gain
from vfmhub.frameworks.loader import load_frameworks
from vfmhub.frameworks.models import FrameworkVersion
from vfmhub.lib import clock
from vfmhub.performance.services import plan as performance_plan
from vfmhub.performance.services import ratings as performance_ratings
from vfmhub.performance.services.indicators import indicator_create
from vfmhub.performance.tests.test_finance_services import add_forecast, add_line
from vfmhub.plans import services as plan_services
from vfmhub.plans.models import PeerReview, ReviewRating
from vfmhub.plans.tests.api_helpers import build_plan, share
from vfmhub.programme.models import Event, Project
from vfmhub.programme.services import events as services_events
from vfmhub.programme.services import funding as services_funding
from vfmhub.programme.services import projects as services_projects
from vfmhub.programme.services import risks as services_risks
from vfmhub.programme.tests.test_projects import make_project
from vfmhub.testing import Personas

API = "/api/v1"
ASSESSMENTS = f"{API}/assessments"
BODY = f"{API}/efficiency/programmes/{{programme_id}}/bodies/{{organisation_id}}"
PARTNERSHIP = f"{API}/programme/partnerships/{{partnership_id}}"
BODY_RISKS = f"{API}/programme/organisations/{{organisation_id}}"
PERFORMANCE = f"{API}/performance/organisations"


@dataclass
class Given:
    personas: Personas
    request: pytest.FixtureRequest

    def fixture(self, name: str):
        return self.request.getfixturevalue(name)


@dataclass
class Case:
    writer: str  # a persona who may make the change
    url: str
    body: dict
    row: models.Model  # the record whose version the change names
    method: str = ""  # set from the table


def _uor_2008() -> FrameworkVersion:
    load_frameworks()
    return FrameworkVersion.objects.get(framework__code="use-of-resources", code="2008-09")


def _score(assessment: Assessment, code: str, stage: str) -> Score:
    return Score.objects.get(assessment=assessment, criterion__code=code, stage=stage)


def _draft_score(given: Given) -> tuple[str, Score]:
    draft = start(given.personas, _uor_2008())
    score = _score(draft, "1.1", draft.current_stage)
    return f"{ASSESSMENTS}/{draft.pk}/scores/{score.criterion_id}", score


def put_score(given: Given) -> Case:
    url, score = _draft_score(given)
    return Case("editor", url, {"value": 2, "narrative": "Plans are linked."}, score)


def patch_score(given: Given) -> Case:
    url, score = _draft_score(given)
    return Case("editor", url, {"narrative": "Plans are linked."}, score)


def put_rolled_up(given: Given) -> Case:
    provisional = start(given.personas, _uor_2008(), AssessmentKind.AUDITOR)
    score_all(provisional, given.personas.auditor, 3)
    theme = RolledUpScore.objects.get(
        assessment=provisional, stage=ScoreStage.PROVISIONAL, theme__code="1"
    )
    url = f"{ASSESSMENTS}/{provisional.pk}/rolled-up/{theme.pk}"
    return Case("auditor", url, {"value": 3}, theme)


def amend_score(given: Given) -> Case:
    final = final_auditor(given.personas, _uor_2008())
    score = _score(final, "2.1", ScoreStage.FINAL)
    url = f"{ASSESSMENTS}/{final.pk}/scores/{score.criterion_id}/amend"
    return Case("auditor", url, {"value": 3, "reason": "Evidence arrived late."}, score)


def _finding(given: Given) -> tuple[str, models.Model]:
    version = _uor_2008()
    final = final_auditor(given.personas, version)
    finding = assessment_services.finding_add(
        acting_user=given.personas.auditor,
        assessment=final,
        finding_type=version.finding_types.get(),
        title="Link the medium-term plan to outcomes",
    )
    return f"{ASSESSMENTS}/{final.pk}/findings/{finding.pk}", finding


def patch_finding(given: Given) -> Case:
    url, finding = _finding(given)
    return Case("auditor", url, {"detail": "Costed."}, finding)


def respond_to_finding(given: Given) -> Case:
    url, finding = _finding(given)
    return Case("manager", f"{url}/response", {"response": "Agreed."}, finding)


def _body(given: Given) -> str:
    programme = given.fixture("programme")
    return BODY.format(programme_id=programme.pk, organisation_id=given.personas.org_a.pk)


def _gain(given: Given) -> tuple[str, models.Model]:
    base = _body(given)
    gain = add_gain(given.personas, given.fixture("programme"))
    return f"{base}/gains/{gain.pk}", gain


def patch_gain(given: Given) -> Case:
    url, gain = _gain(given)
    return Case("editor", url, {"description": "Shared legal service"}, gain)


def remove_gain(given: Given) -> Case:
    url, gain = _gain(given)
    body = {"removed_from_year": 2010, "reason": "Not sustained."}
    return Case("editor", f"{url}/remove", body, gain)


def confirm_gain(given: Given) -> Case:
    url, gain = _gain(given)
    return Case("editor", f"{url}/confirm", {"confirmed_on": "2011-05-01"}, gain)


RETURN = {"year": 2009, "kind": "forecast"}


def _draft_return(given: Given) -> EfficiencyReturn:
    return efficiency_services.return_save(
        acting_user=given.personas.editor,
        programme=given.fixture("programme"),
        organisation=given.personas.org_a,
        year=2009,
        kind="forecast",
    )


def save_return(given: Given) -> Case:
    draft = _draft_return(given)
    return Case("editor", f"{_body(given)}/returns", {**RETURN, "narrative": "Ahead."}, draft)


def submit_return(given: Given) -> Case:
    draft = _draft_return(given)
    return Case("manager", f"{_body(given)}/returns/{draft.pk}/submit", {}, draft)


def change_member(given: Given) -> Case:
    personas = given.personas
    membership = personas.org_a.memberships.get(user=personas.viewer)
    url = f"{API}/organisations/{personas.org_a.pk}/members/{membership.pk}"
    return Case("manager", url, {"role": "editor"}, membership)


def patch_plan(given: Given) -> Case:
    small = build_plan(given.personas)
    return Case("manager", small.url, {"title": "VFM action plan"}, small.plan)


def patch_item(given: Given) -> Case:
    small = build_plan(given.personas)
    url = f"{small.url}/items/{small.finance.pk}"
    return Case("editor", url, {"text": "Link budgets to service plans."}, small.finance)


def patch_action(given: Given) -> Case:
    small = build_plan(given.personas)
    url = f"{small.url}/actions/{small.overdue.pk}"
    return Case("editor", url, {"description": "Brief the members."}, small.overdue)


def _review(given: Given) -> tuple[str, PeerReview]:
    small = build_plan(given.personas)
    share(small, given.personas)
    review = plan_services.review_start(acting_user=given.personas.peer_reviewer, plan=small.plan)
    return f"{small.url}/reviews/{review.pk}", review


def save_review(given: Given) -> Case:
    url, review = _review(given)
    return Case("peer_reviewer", url, {"overall_comment": "A clear plan."}, review)


def respond_to_review(given: Given) -> Case:
    url, review = _review(given)
    reviewer = given.personas.peer_reviewer
    plan_services.review_save(
        acting_user=reviewer,
        review=review,
        overall_comment="A clear plan.",
        rating=ReviewRating.objects.get(partnership=None, value=3),
    )
    plan_services.review_submit(acting_user=reviewer, review=review)
    return Case("manager", f"{url}/respond", {"response": "Thank you."}, review)


def _partnership(given: Given) -> str:
    return PARTNERSHIP.format(partnership_id=given.personas.partnership.pk)


def update_stream(given: Given) -> Case:
    stream = services_funding.stream_create(
        acting_user=given.personas.partnership_manager,
        partnership=given.personas.partnership,
        year=2009,
        name="Year Two funding",
        kind="grant",
        amount=Decimal(7_000_000),
    )
    url = f"{_partnership(given)}/funding-streams/{stream.pk}"
    return Case("partnership_manager", url, {"name": "Year Two grant"}, stream)


def update_line(given: Given) -> Case:
    line = services_funding.node_create(
        acting_user=given.personas.partnership_manager,
        partnership=given.personas.partnership,
        year=2009,
        name="Equalities",
        amount=Decimal(65_000),
    )
    url = f"{_partnership(given)}/allocation-lines/{line.pk}"
    return Case("partnership_manager", url, {"name": "Equality and diversity"}, line)


def _project(given: Given) -> tuple[str, Project]:
    project = make_project(given.personas)
    return f"{_partnership(given)}/projects/{project.pk}", project


def update_project(given: Given) -> Case:
    url, project = _project(given)
    return Case("partnership_manager", url, {"stage": "feasibility"}, project)


def update_milestone(given: Given) -> Case:
    url, project = _project(given)
    milestone = services_projects.project_milestone_add(
        acting_user=given.personas.partnership_manager,
        project=project,
        title="Business case agreed",
        due_on=datetime.date(2009, 12, 1),
    )
    body = {"title": "Business case signed off"}
    return Case("partnership_manager", f"{url}/milestones/{milestone.pk}", body, milestone)


def update_project_funding(given: Given) -> Case:
    url, project = _project(given)
    funding = services_projects.project_funding_add(
        acting_user=given.personas.partnership_manager,
        project=project,
        source="RIEP",
        amount=Decimal(300_000),
    )
    body = {"amount": "250000"}
    return Case("partnership_manager", f"{url}/funding/{funding.pk}", body, funding)


def _risk(given: Given, *, body_side: bool) -> tuple[str, models.Model]:
    personas = given.personas
    owner = {"organisation": personas.org_a} if body_side else {"partnership": personas.partnership}
    writer = personas.manager if body_side else personas.partnership_manager
    register = services_risks.register_create(acting_user=writer, name="Risks", **owner)
    risk = services_risks.risk_create(
        acting_user=writer,
        register=register,
        title="Lack of Member engagement",
        current_likelihood=2,
        current_impact=3,
    )
    base = (
        BODY_RISKS.format(organisation_id=personas.org_a.pk) if body_side else _partnership(given)
    )
    return f"{base}/risks/{risk.pk}", risk


def patch_risk(given: Given) -> Case:
    url, risk = _risk(given, body_side=False)
    return Case("partnership_manager", url, {"owner": "Chair"}, risk)


def rerate_risk(given: Given) -> Case:
    url, risk = _risk(given, body_side=False)
    return Case("partnership_manager", f"{url}/rerate", {"likelihood": 1, "impact": 2}, risk)


def patch_body_risk(given: Given) -> Case:
    url, risk = _risk(given, body_side=True)
    return Case("editor", url, {"owner": "Chief Executive"}, risk)


def rerate_body_risk(given: Given) -> Case:
    url, risk = _risk(given, body_side=True)
    return Case("editor", f"{url}/rerate", {"likelihood": 1, "impact": 2}, risk)


def _event(given: Given) -> Event:
    manager = given.personas.partnership_manager
    programme = services_events.improvement_programme_create(
        acting_user=manager, partnership=given.personas.partnership, name="UoR", year=2009
    )
    return services_events.event_create(
        acting_user=manager, programme=programme, title="Workshop 1", date=datetime.date(2009, 6, 9)
    )


def update_event(given: Given) -> Case:
    event = _event(given)
    return Case(
        "partnership_manager", f"{API}/programme/events/{event.pk}", {"venue": "Ely"}, event
    )


def update_attendance(given: Given) -> Case:
    event = _event(given)
    attendance = services_events.attendance_add(
        acting_user=given.personas.partnership_manager,
        event=event,
        person_name="Ann Cole",
        organisation=given.personas.org_a,
    )
    url = f"{API}/programme/events/{event.pk}/attendance/{attendance.pk}"
    return Case("partnership_manager", url, {"attended": False}, attendance)


def update_feedback(given: Given) -> Case:
    event = _event(given)
    feedback = services_events.feedback_add(
        acting_user=given.personas.partnership_manager, event=event, rating="good"
    )
    url = f"{API}/programme/events/{event.pk}/feedback/{feedback.pk}"
    return Case("partnership_manager", url, {"comments": "Useful."}, feedback)


def patch_performance_indicator(given: Given) -> Case:
    p = given.personas
    fields = {"code": "L1", "title": "Calls answered", "polarity": "higher", "frequency": "quarter"}
    indicator = indicator_create(acting_user=p.editor, owner=p.org_a, fields=fields)
    url = f"{PERFORMANCE}/{p.org_a.pk}/indicators/{indicator.pk}"
    return Case("editor", url, {"title": "Calls answered in 20 seconds"}, indicator)


def patch_revenue_forecast(given: Given) -> Case:
    line = add_line(given.personas)
    forecast = add_forecast(given.personas, line, 2, "2600000")
    url = f"{PERFORMANCE}/{given.personas.org_a.pk}/finance/revenue-lines/{line.pk}/forecasts/2"
    return Case("editor", url, {"forecast_outturn": "2650000"}, forecast)


def patch_plan_action(given: Given) -> Case:
    org, editor = given.personas.org_a, given.personas.editor
    plan = performance_plan.plan_create(
        acting_user=editor, organisation=org, title="Council Plan", first_year=2008, last_year=2010
    )
    priority = performance_plan.priority_add(
        acting_user=editor, plan=plan, title="Value for Money (FP1)"
    )
    deliverable = performance_plan.deliverable_add(
        acting_user=editor, priority=priority, title="VFM Ratings"
    )
    action = performance_plan.plan_action_add(
        acting_user=editor,
        deliverable=deliverable,
        values=performance_plan.ActionValues(title="VFM Strategy"),
    )
    url = f"{PERFORMANCE}/{org.pk}/plan-actions/{action.pk}"
    return Case("editor", url, {"status": "on_track"}, action)


def patch_service_rating(given: Given) -> Case:
    org, editor = given.personas.org_a, given.personas.editor
    service = performance_ratings.service_add(acting_user=editor, organisation=org, name="Waste")
    rating = performance_ratings.service_rating_set(
        acting_user=editor, service=service, year=2009, score=2, reason="Average"
    )
    url = f"{PERFORMANCE}/{org.pk}/rated-services/{service.pk}/ratings/2009"
    return Case("editor", url, {"score": 3, "reason": "Costs down"}, rating)


def put_club_value(given: Given) -> Case:
    personas, today = given.personas, clock.today()
    club = Club.objects.create(name="Service costs club", partnership=personas.partnership)
    ClubMember.objects.create(club=club, organisation=personas.org_a)
    measure = ClubMeasure.objects.create(club=club, code="M1", title="Measure", polarity="lower")
    window = ClubWindow.objects.create(
        club=club,
        year=2026,
        quarter=1,
        opens=today - datetime.timedelta(days=1),
        closes=today + datetime.timedelta(days=30),
    )
    value = ClubValue.objects.create(
        measure=measure, window=window, organisation=personas.org_a, value=1
    )
    url = (
        f"{API}/benchmarking/clubs/{club.pk}/windows/{window.pk}"
        f"/organisations/{personas.org_a.pk}/values/{measure.pk}"
    )
    return Case("editor", url, {"value": "2", "status": "submitted"}, value)


A, E, P = ASSESSMENTS, BODY, PARTNERSHIP
CLUB_VALUE = (
    f"{API}/benchmarking/clubs/{{club_id}}/windows/{{window_id}}"
    "/organisations/{organisation_id}/values/{measure_id}"
)
PO = f"{API}/performance/organisations/{{organisation_id}}"
UPDATES: dict[tuple[str, str], Callable[[Given], Case]] = {
    ("put", f"{A}/{{assessment_id}}/scores/{{criterion_id}}"): put_score,
    ("patch", f"{A}/{{assessment_id}}/scores/{{criterion_id}}"): patch_score,
    ("post", f"{A}/{{assessment_id}}/scores/{{criterion_id}}/amend"): amend_score,
    ("put", f"{A}/{{assessment_id}}/rolled-up/{{rolled_up_id}}"): put_rolled_up,
    ("patch", f"{A}/{{assessment_id}}/findings/{{finding_id}}"): patch_finding,
    ("post", f"{A}/{{assessment_id}}/findings/{{finding_id}}/response"): respond_to_finding,
    ("patch", f"{E}/gains/{{gain_id}}"): patch_gain,
    ("post", f"{E}/gains/{{gain_id}}/remove"): remove_gain,
    ("post", f"{E}/gains/{{gain_id}}/confirm"): confirm_gain,
    ("post", f"{E}/returns"): save_return,
    ("post", f"{E}/returns/{{return_id}}/submit"): submit_return,
    ("patch", f"{API}/organisations/{{organisation_id}}/members/{{membership_id}}"): change_member,
    ("patch", f"{API}/plans/{{plan_id}}"): patch_plan,
    ("patch", f"{API}/plans/{{plan_id}}/items/{{item_id}}"): patch_item,
    ("patch", f"{API}/plans/{{plan_id}}/actions/{{action_id}}"): patch_action,
    ("put", f"{API}/plans/{{plan_id}}/reviews/{{review_id}}"): save_review,
    ("post", f"{API}/plans/{{plan_id}}/reviews/{{review_id}}/respond"): respond_to_review,
    ("patch", f"{P}/funding-streams/{{stream_id}}"): update_stream,
    ("patch", f"{P}/allocation-lines/{{line_id}}"): update_line,
    ("patch", f"{P}/projects/{{project_id}}"): update_project,
    ("patch", f"{P}/projects/{{project_id}}/milestones/{{milestone_id}}"): update_milestone,
    ("patch", f"{P}/projects/{{project_id}}/funding/{{funding_id}}"): update_project_funding,
    ("patch", f"{P}/risks/{{risk_id}}"): patch_risk,
    ("post", f"{P}/risks/{{risk_id}}/rerate"): rerate_risk,
    ("patch", f"{BODY_RISKS}/risks/{{risk_id}}"): patch_body_risk,
    ("post", f"{BODY_RISKS}/risks/{{risk_id}}/rerate"): rerate_body_risk,
    ("patch", f"{API}/programme/events/{{event_id}}"): update_event,
    (
        "patch",
        f"{API}/programme/events/{{event_id}}/attendance/{{attendance_id}}",
    ): update_attendance,
    ("patch", f"{API}/programme/events/{{event_id}}/feedback/{{feedback_id}}"): update_feedback,
    ("patch", f"{PO}/indicators/{{indicator_id}}"): patch_performance_indicator,
    (
        "patch",
        f"{PO}/finance/revenue-lines/{{line_id}}/forecasts/{{quarter}}",
    ): patch_revenue_forecast,
    ("patch", f"{PO}/plan-actions/{{action_id}}"): patch_plan_action,
    ("patch", f"{PO}/rated-services/{{service_id}}/ratings/{{year}}"): patch_service_rating,
    ("put", CLUB_VALUE): put_club_value,
}

# The updates that took no version before every update had to name one: each now refuses a
# stale version (the others' 409s are tested with their apps).
NEWLY_GUARDED = [
    put_rolled_up,
    amend_score,
    respond_to_finding,
    remove_gain,
    confirm_gain,
    save_return,
    submit_return,
    change_member,
    respond_to_review,
    update_project_funding,
    update_attendance,
    update_feedback,
]
