"""Reading assessments over the API: lists, one assessment, the partnership distribution."""

import datetime
import json

import pytest

from vfmhub.assessments import services
from vfmhub.assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Score,
    ScoreStage,
    ScoreTarget,
    TargetKind,
)
from vfmhub.assessments.tests.conftest import enter_rolled_up
from vfmhub.frameworks.loader import load_frameworks
from vfmhub.frameworks.models import FrameworkVersion
from vfmhub.lib import clock
from vfmhub.testing import assert_access

LIST = "/api/v1/assessments"


@pytest.fixture
def uor_2008(db) -> FrameworkVersion:
    load_frameworks()
    return FrameworkVersion.objects.get(framework__code="use-of-resources", code="2008-09")


def start(personas, version, kind=AssessmentKind.SELF, organisation=None) -> Assessment:
    user = personas.auditor if kind == AssessmentKind.AUDITOR else personas.editor
    return services.assessment_start(
        acting_user=user,
        organisation=organisation or personas.org_a,
        version=version,
        year=2008,
        kind=kind,
    )


def score_all(assessment: Assessment, user, value: int) -> None:
    for score in Score.objects.filter(assessment=assessment, stage=assessment.current_stage):
        services.score_save(acting_user=user, score=score, value=value, narrative=f"Level {value}")


def submitted_self(personas, version) -> Assessment:
    assessment = start(personas, version)
    score_all(assessment, personas.editor, 3)
    return services.assessment_submit(acting_user=personas.manager, assessment=assessment)


def final_auditor(personas, version, *, publish_on=None) -> Assessment:
    assessment = start(personas, version, AssessmentKind.AUDITOR)
    score_all(assessment, personas.auditor, 2)
    enter_rolled_up(assessment, personas.auditor, 2)
    return services.assessment_finalise(
        acting_user=personas.auditor, assessment=assessment, final_values={}, publish_on=publish_on
    )


def ids(response) -> set[int]:
    return {item["id"] for item in response.json()["items"]}


def test_it_lists_every_assessment_to_the_bodys_people(personas, as_user, uor_2008):
    draft = start(personas, uor_2008)
    auditor = start(personas, uor_2008, AssessmentKind.AUDITOR)

    response = as_user(personas.viewer).get(LIST, {"organisation_id": personas.org_a.pk})

    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert ids(response) == {draft.pk, auditor.pk}
    item = next(i for i in response.json()["items"] if i["id"] == draft.pk)
    assert item["kind"] == "self"
    assert item["status"] == "draft"
    assert item["version_name"] == "Use of Resources 2008/09"


def test_it_lists_with_the_organisation_in_the_path_too(personas, as_user, uor_2008):
    draft = start(personas, uor_2008)
    url = f"{LIST}/organisations/{personas.org_a.pk}"

    assert ids(as_user(personas.editor).get(url)) == {draft.pk}
    assert as_user(personas.outsider).get(url).status_code == 404


def test_it_filters_the_list_by_year_version_and_kind(personas, as_user, uor_2008):
    start(personas, uor_2008)
    auditor = start(personas, uor_2008, AssessmentKind.AUDITOR)
    client = as_user(personas.manager)
    query = {"organisation_id": personas.org_a.pk, "year": 2008, "version_id": uor_2008.pk}

    assert ids(client.get(LIST, {**query, "kind": "auditor"})) == {auditor.pk}
    assert ids(client.get(LIST, {**query, "year": 2009})) == set()


def test_it_never_lists_drafts_provisional_or_embargoed_to_the_partnership(
    personas, as_user, uor_2008
):
    start(personas, uor_2008)  # a draft self-assessment
    start(personas, uor_2008, AssessmentKind.AUDITOR)  # provisional
    other_year = FrameworkVersion.objects.get(framework__code="use-of-resources", code="2009-10")
    embargoed = services.assessment_start(
        acting_user=personas.auditor,
        organisation=personas.org_a,
        version=other_year,
        year=2009,
        kind=AssessmentKind.AUDITOR,
    )
    enter_rolled_up(embargoed, personas.auditor)
    services.assessment_finalise(
        acting_user=personas.auditor,
        assessment=embargoed,
        final_values={},
        publish_on=clock.today() + datetime.timedelta(days=30),
    )
    client = as_user(personas.partnership_manager)

    assert ids(client.get(LIST, {"organisation_id": personas.org_a.pk})) == set()


def test_it_lists_submitted_and_final_assessments_to_the_partnership(personas, as_user, uor_2008):
    submitted = submitted_self(personas, uor_2008)
    final = final_auditor(personas, uor_2008)

    response = as_user(personas.partnership_viewer).get(
        LIST, {"organisation_id": personas.org_a.pk}
    )

    assert ids(response) == {submitted.pk, final.pk}


def test_it_hides_the_list_from_an_outsider(personas, as_user, uor_2008):
    start(personas, uor_2008)

    response = as_user(personas.outsider).get(LIST, {"organisation_id": personas.org_a.pk})

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": []}


def test_it_needs_an_organisation_for_the_list(personas, as_user):
    response = as_user(personas.manager).get(LIST)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "organisation_id"


def test_it_lists_in_a_fixed_number_of_queries(
    personas, as_user, uor_2008, django_assert_num_queries
):
    start(personas, uor_2008)
    start(personas, uor_2008, AssessmentKind.AUDITOR)
    client = as_user(personas.manager)
    url = f"{LIST}?organisation_id={personas.org_a.pk}"
    client.get(url)  # warm the session

    # session, user, organisation with role, auditor years, count, page of assessments
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.json()["count"] == 2


def test_it_shows_one_assessment_with_scores_rolled_up_and_findings(personas, as_user, uor_2008):
    assessment = final_auditor(personas, uor_2008)
    finding_type = uor_2008.finding_types.get()
    criterion = uor_2008.criteria.get(code="1.1")
    services.finding_add(
        acting_user=personas.auditor,
        assessment=assessment,
        finding_type=finding_type,
        title="Link plans to outcomes",
        criterion=criterion,
    )

    response = as_user(personas.manager).get(f"{LIST}/{assessment.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "final"
    stages = {(s["criterion_code"], s["stage"]): s["value"] for s in body["scores"]}
    # A district has eight of the ten KLOEs of 2008/09, at both stages.
    assert len(stages) == 16
    assert ("3.2", "final") not in stages
    assert stages[("1.1", "provisional")] == 2 and stages[("1.1", "final")] == 2
    overall = [r for r in body["rolled_up"] if r["theme_id"] is None]
    assert {r["stage"] for r in overall} == {"provisional", "final"}
    themes = [r for r in body["rolled_up"] if r["theme_id"] is not None]
    # The CAA rules are manual: a rounded-mean advice, and the value the auditor entered (final
    # scores cannot be locked without one).
    assert {(r["advisory"], r["value"]) for r in themes} == {(2, 2)}
    assert [(f["title"], f["criterion_code"], f["finding_type"]) for f in body["findings"]] == [
        ("Link plans to outcomes", "1.1", "area-for-improvement")
    ]


def test_it_shows_the_partnership_final_scores_only(personas, as_user, uor_2008):
    assessment = final_auditor(personas, uor_2008)

    body = as_user(personas.partnership_manager).get(f"{LIST}/{assessment.pk}").json()

    assert {s["stage"] for s in body["scores"]} == {"final"}
    assert {r["stage"] for r in body["rolled_up"]} == {"final"}


def test_it_applies_the_page_rules_to_one_assessment(personas, uor_2008):
    draft = start(personas, uor_2008)

    assert_access(
        personas,
        f"{LIST}/{draft.pk}",
        allowed=["manager", "editor", "viewer", "staff"],
        hidden=["outsider", "auditor", "partnership_manager", "partnership_viewer"],
        ok=(200,),
    )


def test_it_shows_one_assessment_in_a_fixed_number_of_queries(
    personas, as_user, uor_2008, django_assert_num_queries
):
    assessment = final_auditor(personas, uor_2008)
    client = as_user(personas.manager)
    url = f"{LIST}/{assessment.pk}"
    client.get(url)

    # session, user, assessment, organisation access, auditor years, peer author check skipped
    # (not a peer assessment), scores, their amendments, rolled-up scores, findings
    with django_assert_num_queries(9):
        client.get(url)


def distribution_url(personas, version, **query) -> str:
    params = "&".join(
        f"{k}={v}" for k, v in {"version_id": version.pk, "year": 2008, **query}.items()
    )
    return f"{LIST}/partnerships/{personas.partnership.pk}/distribution?{params}"


def test_it_gives_the_partnership_distribution_as_json(personas, as_user, uor_2008):
    final_auditor(personas, uor_2008)
    ScoreTarget.objects.create(
        partnership=personas.partnership,
        version=uor_2008,
        kind=TargetKind.ALL_AT_LEVEL,
        level=3,
        due_date=datetime.date(2011, 3, 31),
        description="All members at level 3",
    )

    response = as_user(personas.partnership_manager).get(distribution_url(personas, uor_2008))

    assert response.status_code == 200
    body = response.json()
    assert (body["year"], body["source"], body["shift"]) == (2008, "final", 0)
    row = next(r for r in body["rows"] if r["code"] == "1.1")
    assert row["counts"] == {"1": 0, "2": 1, "3": 0, "4": 0}
    assert body["members_assessed"] == ["Ashby District Council"]
    assert "Carrow Fire Authority" in body["members_not_assessed"]
    assert [(t["title"], t["status"]) for t in body["targets"]] == [
        ("All members at level 3", "not_met")
    ]


def test_it_projects_the_distribution_a_level_down(personas, as_user, uor_2008):
    final_auditor(personas, uor_2008)

    body = as_user(personas.partnership_manager).get(distribution_url(personas, uor_2008, shift=-1))
    row = next(r for r in body.json()["rows"] if r["code"] == "1.1")

    assert row["counts"] == {"1": 1, "2": 0, "3": 0, "4": 0}


def test_it_never_counts_drafts_in_the_distribution(personas, as_user, uor_2008):
    start(personas, uor_2008)

    body = as_user(personas.partnership_manager).get(
        distribution_url(personas, uor_2008, source="self")
    )

    assert body.json()["members_assessed"] == []


def test_it_defaults_to_the_latest_year_with_results(personas, as_user, uor_2008):
    final_auditor(personas, uor_2008)
    url = f"{LIST}/partnerships/{personas.partnership.pk}/distribution"

    body = as_user(personas.partnership_manager).get(url).json()

    assert (body["version_id"], body["year"]) == (uor_2008.pk, 2008)
    assert body["members_assessed"] == ["Ashby District Council"]


def test_it_refuses_an_unknown_source(personas, as_user, uor_2008):
    response = as_user(personas.partnership_manager).get(
        distribution_url(personas, uor_2008, source="gossip")
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": "The data is not valid.",
        "errors": [{"field": "source", "message": "Choose a source: final, self."}],
    }


def test_it_applies_the_partnership_rules_to_the_distribution(personas, uor_2008):
    assert_access(
        personas,
        distribution_url(personas, uor_2008),
        allowed=["partnership_manager", "partnership_viewer", "peer_reviewer", "staff"],
        hidden=["outsider"],
        ok=(200,),
    )


def test_it_gives_the_distribution_in_a_fixed_number_of_queries(
    personas, as_user, uor_2008, django_assert_num_queries
):
    final_auditor(personas, uor_2008)
    ScoreTarget.objects.create(
        partnership=personas.partnership,
        version=uor_2008,
        kind=TargetKind.SHARE_AT_LEVEL,
        level=2,
        share_percent=75,
        due_date=datetime.date(2011, 3, 31),
    )
    client = as_user(personas.partnership_manager)
    url = distribution_url(personas, uor_2008)
    client.get(url)

    # session, user, partnership, partnership roles, version; members, levels, criteria,
    # applicability, assessed members, criterion scores, rolled-up scores, targets, their criteria
    with django_assert_num_queries(14):
        response = client.get(url)
    assert json.loads(response.content)["members_counted"] == 1


def test_it_keeps_the_stage_of_each_score(personas, uor_2008):
    assessment = final_auditor(personas, uor_2008)

    stages = set(assessment.scores.values_list("stage", flat=True))

    assert stages == {ScoreStage.PROVISIONAL, ScoreStage.FINAL}
    assert assessment.status == AssessmentStatus.FINAL
