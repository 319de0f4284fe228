"""Theme and overall scores by each rule type, manual entry and overrides with reasons."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vfmhub.assessments import services
from vfmhub.assessments.models import AssessmentKind, RolledUpScore
from vfmhub.assessments.services import rollups
from vfmhub.assessments.tests.conftest import score_of
from vfmhub.audit.models import AuditEvent
from vfmhub.frameworks import rollup
from vfmhub.frameworks.models import FrameworkVersion, RollupRule, RollupScope

pytestmark = pytest.mark.django_db


def scored(personas, version, year, values: dict[str, int | None]):
    assessment = services.assessment_start(
        acting_user=personas.staff,
        organisation=personas.org_a,
        version=version,
        year=year,
        kind=AssessmentKind.AUDITOR,
    )
    for code, value in values.items():
        services.score_save(
            acting_user=personas.staff, score=score_of(assessment, code), value=value
        )
    return assessment


def overall(assessment) -> RolledUpScore:
    return RolledUpScore.objects.get(
        assessment=assessment, stage=assessment.current_stage, theme__isnull=True
    )


def theme(assessment, code) -> RolledUpScore:
    return RolledUpScore.objects.get(
        assessment=assessment, stage=assessment.current_stage, theme__code=code
    )


@pytest.mark.parametrize(
    ("themes", "expected"),
    [((4, 4, 3, 3, 3), 4), ((4, 3, 3, 2, 2), 3), ((2, 2, 2, 1, 1), 2), ((2, 2, 1, 1, 1), 1)],
)
def test_it_applies_the_published_2005_08_rule_to_an_assessment(
    personas, uor_2005, themes, expected
):
    assessment = scored(personas, uor_2005, 2007, dict(zip("12345", themes, strict=True)))
    # Each 2005-08 theme is scored through one criterion, so its theme score is that score.
    assert [theme(assessment, code).value for code in "12345"] == list(themes)
    result = overall(assessment)
    assert (result.calculated, result.value, result.advisory) == (expected, expected, None)


def test_it_leaves_manual_scores_to_the_assessor_with_advice(personas, uor_2008):
    assessment = scored(personas, uor_2008, 2008, {"1.1": 2, "1.2": 3, "1.3": 3})
    row = theme(assessment, "1")
    assert (row.calculated, row.advisory, row.value) == (None, 3, None)
    services.rolled_up_enter(acting_user=personas.staff, rolled_up=row, value=2)
    services.score_save(acting_user=personas.staff, score=score_of(assessment, "1.1"), value=4)
    row.refresh_from_db()
    assert (row.advisory, row.value) == (3, 2)  # 3.67 advised; the entry stands
    assert overall(assessment).advisory == 2  # from the one entered theme score


def test_it_rounds_a_mean_half_up_in_a_theme(personas, uor_2008):
    RollupRule.objects.filter(version=uor_2008, scope=RollupScope.THEME).update(
        method=rollup.ROUNDED_MEAN, advisory_method=""
    )
    assessment = scored(personas, uor_2008, 2008, {"1.1": 2, "1.2": 3, "2.1": 1, "2.2": 2})
    assert theme(assessment, "1").value == 3  # 2.5 rounds up
    assert theme(assessment, "2").value == 2  # 1.5 rounds up; unscored 2.3, 2.4 left out
    assert theme(assessment, "3").value is None  # nothing scored


def test_it_caps_a_theme_above_its_lowest_score(personas, uor_2008):
    RollupRule.objects.filter(version=uor_2008, scope=RollupScope.THEME).update(
        method=rollup.CAPPED_MINIMUM, advisory_method="", cap_above_minimum=1
    )
    assessment = scored(personas, uor_2008, 2008, {"1.1": 4, "1.2": 4, "1.3": 1})
    assert theme(assessment, "1").calculated == 2  # mean 3, but at most 1 above the 1


def test_it_makes_no_rows_without_a_rule(personas, frameworks):
    nao = FrameworkVersion.objects.filter(framework__code="nao-value-for-money").first()
    assert nao is not None
    assessment = services.assessment_start(
        acting_user=personas.staff,
        organisation=personas.org_a,
        version=nao,
        year=nao.first_year,
        kind=AssessmentKind.SELF,
    )
    assert not RolledUpScore.objects.filter(assessment=assessment).exists()


def test_it_needs_a_reason_to_override_a_calculation(personas, uor_2005):
    assessment = scored(personas, uor_2005, 2007, dict(zip("12345", (4, 4, 3, 3, 3), strict=True)))
    row = overall(assessment)
    with pytest.raises(ValidationError) as caught:
        services.rolled_up_enter(acting_user=personas.staff, rolled_up=row, value=3)
    assert caught.value.messages == [rollups.OVERRIDE_NEEDS_REASON]
    row = services.rolled_up_enter(
        acting_user=personas.staff, rolled_up=row, value=3, reason="Weak governance."
    )
    assert (row.calculated, row.value, row.is_override) == (4, 3, True)
    assert AuditEvent.objects.get(action="rolled_up.enter").note == "Weak governance."


def test_it_keeps_an_override_through_a_recalculation(personas, uor_2005):
    assessment = scored(personas, uor_2005, 2007, dict(zip("12345", (4, 4, 3, 3, 3), strict=True)))
    services.rolled_up_enter(
        acting_user=personas.staff, rolled_up=overall(assessment), value=2, reason="Judgement."
    )
    services.score_save(acting_user=personas.staff, score=score_of(assessment, "1"), value=3)
    row = overall(assessment)
    assert (row.calculated, row.value, row.override_reason) == (3, 2, "Judgement.")
    assert row.is_override
    # Once the calculation reaches the override, it is no longer one.
    for code in ("2", "3"):
        services.score_save(acting_user=personas.staff, score=score_of(assessment, code), value=2)
    services.score_save(acting_user=personas.staff, score=score_of(assessment, "4"), value=2)
    row = overall(assessment)
    assert (row.calculated, row.value, row.override_reason) == (2, 2, "")


def test_it_shows_the_advice_beside_the_entry_form(personas, as_user, uor_2008):
    assessment = scored(personas, uor_2008, 2008, {"1.1": 2, "1.2": 3, "1.3": 3})
    row = theme(assessment, "1")
    url = reverse("assessments:rolled_up_enter", args=[assessment.pk, row.pk])
    client = as_user(personas.staff)
    body = client.get(url).content.decode()
    assert "Advisory calculation" in body and "3 – Consistently above" in body
    assert client.post(url, {"value": "2", "reason": ""}).status_code == 302
    assert theme(assessment, "1").value == 2
    detail = client.get(reverse("assessments:detail", args=[assessment.pk])).content.decode()
    assert "Advisory calculation: 3" in detail


def test_it_needs_a_reason_to_change_a_final_theme_score(personas, final):
    row = theme(final, "1")
    with pytest.raises(ValidationError) as caught:
        services.rolled_up_enter(acting_user=personas.auditor, rolled_up=row, value=2)
    assert caught.value.messages == [rollups.LOCKED_NEEDS_REASON]
    row = services.rolled_up_enter(
        acting_user=personas.auditor, rolled_up=row, value=2, reason="Panel moderation."
    )
    assert row.value == 2


def test_it_records_what_a_recalculation_changed(personas, uor_2005):
    assessment = scored(personas, uor_2005, 2007, {"1": 3})
    services.score_save(acting_user=personas.auditor, score=score_of(assessment, "1"), value=4)

    first, latest = AuditEvent.objects.filter(action="rollups.recalculate").order_by("pk")
    # The overall score follows by the published rule: level 1 from the one theme scored 3.
    assert first.changes == {
        "provisional theme 1 value": [None, 3],
        "provisional theme 1 calculated": [None, 3],
        "provisional overall value": [None, 1],
        "provisional overall calculated": [None, 1],
    }
    assert first.actor == personas.staff
    assert latest.object_id == str(assessment.pk)
    assert latest.organisation_id == personas.org_a.pk
    assert latest.actor == personas.auditor
    assert latest.changes == {
        "provisional theme 1 value": [3, 4],
        "provisional theme 1 calculated": [3, 4],
    }


def test_it_records_no_recalculation_that_changed_nothing(personas, uor_2005):
    assessment = scored(personas, uor_2005, 2007, {})
    services.score_save(
        acting_user=personas.staff, score=score_of(assessment, "1"), value=None, narrative="Yet"
    )
    assert not AuditEvent.objects.filter(action="rollups.recalculate").exists()
