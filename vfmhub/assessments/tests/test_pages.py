"""The task list, comparison and history pages: content, exports and pinned query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vfmhub.assessments import services
from vfmhub.assessments.models import AssessmentKind, ScoreStage
from vfmhub.assessments.tests.conftest import PUBLISH_ON, enter_rolled_up, score_of

pytestmark = pytest.mark.django_db


def detail(assessment) -> str:
    return reverse("assessments:detail", args=[assessment.pk])


def test_it_renders_the_task_list_markup(personas, as_user, self_draft):
    services.score_save(acting_user=personas.editor, score=score_of(self_draft, "1.1"), value=3)
    body = as_user(personas.editor).get(detail(self_draft)).content.decode()
    assert '<ul class="govuk-task-list">' in body
    assert '<h2 class="govuk-heading-m">1 Managing finances</h2>' in body
    assert "Scored: 3" in body
    assert '<strong class="govuk-tag govuk-tag--blue">Not scored</strong>' in body
    assert "1 of 8 KLOEs scored." in body


def test_it_shows_the_criterion_guidance_beside_the_form(personas, as_user, self_draft):
    score = score_of(self_draft, "3.1")
    url = reverse("assessments:criterion", args=[self_draft.pk, score.criterion_id])
    response = as_user(personas.editor).get(url)
    body = response.content.decode()
    assert "Is the organisation making effective use of natural resources?" in body
    assert "govuk-grid-column-one-third" in body
    assert "1 – Below minimum requirements – inadequate performance" in body
    assert "Not scored" in body
    assert 'type="hidden" name="version"' in body


def _task_list_queries(client, assessment) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(detail(assessment)).status_code == 200
    return len(queries)


def test_it_pins_the_task_list_queries(personas, as_user, provisional, django_assert_num_queries):
    services.finding_add(
        acting_user=personas.auditor,
        assessment=provisional,
        finding_type=provisional.version.finding_types.first(),
        title="One",
        criterion=score_of(provisional, "1.1").criterion,
    )
    client = as_user(personas.auditor)
    # session, user, assessment (with organisation and version), organisation access,
    # auditor appointments, scores (with criteria, themes and evidence counts), theme and
    # overall scores, level labels, findings (with types, criteria and people)
    with django_assert_num_queries(9):
        response = client.get(detail(provisional))
    assert response.status_code == 200
    assert response.content.decode().count('<li class="govuk-task-list__item') == 8
    assert [f.title for f in response.context["findings"]] == ["One"]


def test_it_keeps_task_list_queries_constant_whatever_the_number_of_criteria(
    personas, as_user, self_draft, uor_2008
):
    bigger = services.assessment_start(
        acting_user=personas.staff,
        organisation=personas.org_b,  # a unitary: all ten KLOEs
        version=uor_2008,
        year=2008,
        kind=AssessmentKind.SELF,
    )
    assert bigger.scores.count() > self_draft.scores.count()
    client = as_user(personas.staff)
    assert _task_list_queries(client, bigger) == _task_list_queries(client, self_draft)


def test_it_exports_the_scores(personas, as_user, self_draft):
    services.score_save(
        acting_user=personas.editor, score=score_of(self_draft, "1.1"), value=3, narrative="=1+1"
    )
    response = as_user(personas.viewer).get(detail(self_draft) + "?export=csv")
    body = response.content.decode()
    assert "1.1,Financial planning,3" in body or "1.1," in body
    assert "'=1+1" in body


def _compare(personas, final):
    return reverse("assessments:compare", args=[personas.org_a.pk]) + (
        f"?version={final.version_id}&year={final.year}"
    )


@pytest.fixture
def three_ways(personas, self_draft, provisional):
    services.score_save(acting_user=personas.editor, score=score_of(self_draft, "1.1"), value=3)
    services.score_save(acting_user=personas.editor, score=score_of(self_draft, "1.2"), value=3)
    services.assessment_submit(
        acting_user=personas.manager, assessment=self_draft, confirm_incomplete=True
    )
    services.score_save(acting_user=personas.auditor, score=score_of(provisional, "1.1"), value=2)
    services.score_save(acting_user=personas.auditor, score=score_of(provisional, "1.2"), value=3)
    enter_rolled_up(provisional, personas.auditor)
    criterion = score_of(provisional, "1.1").criterion_id
    return services.assessment_finalise(
        acting_user=personas.auditor,
        assessment=provisional,
        final_values={criterion: 3},
        publish_on=PUBLISH_ON,
    )


def test_it_compares_self_provisional_and_final(personas, as_user, three_ways):
    response = as_user(personas.viewer).get(_compare(personas, three_ways))
    comparison = response.context["comparison"]
    assert [c.key for c in comparison.columns] == ["self", "provisional", "final"]
    row = comparison.criteria[0]
    assert row.code == "1.1"
    assert [c.value for c in row.cells] == [3, 2, 3]
    assert [c.differs_from for c in row.cells] == ["", "Self-assessment", "Auditor provisional"]
    body = response.content.decode()
    assert 'Differs<span class="govuk-visually-hidden"> from self-assessment</span>' in body


def test_it_leaves_provisional_scores_out_for_the_partnership(
    personas, as_user, three_ways, on_day
):
    on_day(PUBLISH_ON)
    response = as_user(personas.partnership_manager).get(_compare(personas, three_ways))
    comparison = response.context["comparison"]
    assert [c.key for c in comparison.columns] == ["self", "final"]
    on_day(PUBLISH_ON - datetime.timedelta(days=1))
    response = as_user(personas.partnership_manager).get(_compare(personas, three_ways))
    assert [c.key for c in response.context["comparison"].columns] == ["self"]


def test_it_pins_the_comparison_queries(personas, as_user, three_ways, django_assert_num_queries):
    client = as_user(personas.viewer)
    url = _compare(personas, three_ways)
    # session, user, organisation with access, auditor appointments, the choice of versions
    # and years, scores, theme and overall scores, criteria with themes
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
    assert [c.label for c in response.context["comparison"].columns] == [
        "Self-assessment",
        "Auditor provisional",
        "Auditor final",
    ]


def test_it_shows_the_history_as_a_chart_and_a_table(personas, as_user, three_ways):
    response = as_user(personas.viewer).get(
        reverse("assessments:history", args=[personas.org_a.pk])
    )
    body = response.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in body and "<title id=" in body
    assert "Use of Resources (CAA): final scores by year" in body
    assert '<th scope="row" class="govuk-table__header">' in body
    [history] = response.context["histories"]
    assert [r.year for r in history[0].rows] == [2008]
    assert history[0].top_level == 4
    export = as_user(personas.viewer).get(
        reverse("assessments:history", args=[personas.org_a.pk]) + "?export=csv"
    )
    assert "2008/09,Use of Resources 2008/09" in export.content.decode()


def test_it_pins_the_history_queries(personas, as_user, three_ways, django_assert_num_queries):
    client = as_user(personas.viewer)
    url = reverse("assessments:history", args=[personas.org_a.pk])
    # session, user, organisation with access, auditor appointments, final assessments,
    # their theme and overall scores
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    [(history, chart)] = response.context["histories"]
    assert [row.year for row in history.rows] == [2008] and "<svg" in chart


def test_it_amends_from_the_final_stage_only(personas, as_user, three_ways):
    score = score_of(three_ways, "1.1", ScoreStage.FINAL)
    url = reverse("assessments:amend", args=[three_ways.pk, score.criterion_id])
    body = as_user(personas.auditor).get(url).content.decode()
    assert "Amend the final score for 1.1" in body


def test_it_lists_and_exports_the_organisations_assessments(personas, as_user, self_draft):
    url = reverse("assessments:organisation_list", args=[personas.org_a.pk])
    client = as_user(personas.viewer)
    body = client.get(url).content.decode()
    assert "Use of Resources 2008/09" in body and "Draft" in body
    export = client.get(url + "?export=csv").content.decode()
    assert "2008/09,Use of Resources 2008/09,Self-assessment,Draft" in export


def test_it_shows_a_duplicate_start_as_a_form_error(personas, as_user, self_draft, uor_2008):
    response = as_user(personas.editor).post(
        reverse("assessments:start", args=[personas.org_a.pk]),
        {"version": uor_2008.pk, "year": 2008, "kind": "self"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and "already has a self-assessment" in body


def test_it_reopens_and_publishes_through_the_pages(
    personas, as_user, self_submitted, final, on_day
):
    on_day(PUBLISH_ON)
    manager = as_user(personas.manager)
    reopen = reverse("assessments:reopen", args=[self_submitted.pk])
    response = manager.post(reopen, {"reason": "Change"})
    assert "final scores for this year" in response.content.decode()
    publish = reverse("assessments:publish", args=[final.pk])
    assert as_user(personas.auditor).post(publish).status_code == 302
    final.refresh_from_db()
    assert final.status == "published"


def test_it_hides_auditor_assessments_outside_the_appointment(personas, as_user, uor_2005):
    earlier = services.assessment_start(
        acting_user=personas.staff,
        organisation=personas.org_a,
        version=uor_2005,
        year=2007,
        kind=AssessmentKind.AUDITOR,
    )
    assert as_user(personas.auditor).get(detail(earlier)).status_code == 404
    assert as_user(personas.viewer).get(detail(earlier)).status_code == 200
