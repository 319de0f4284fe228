"""Entering a theme or overall score: a manual rule's judgement, or an override with a reason."""

from django.shortcuts import redirect, render

from vfmhub.assessments import services
from vfmhub.assessments.access import AssessmentNeed, assessment_for_user, rolled_up_of
from vfmhub.assessments.forms.assessments import RolledUpForm
from vfmhub.assessments.selectors import assessments as selectors
from vfmhub.assessments.views.common import detail_url, form_saved
from vfmhub.frameworks.models import RollupScope
from vfmhub.frameworks.selectors import rule_words


def rolled_up_enter(request, pk: int, rolled_up_pk: int):
    assessment, _ = assessment_for_user(request.user, pk, need=AssessmentNeed.SCORE)
    rolled_up = rolled_up_of(assessment, rolled_up_pk, stage=assessment.current_stage)
    labels = selectors.level_labels(assessment.version)
    initial = {"value": "" if rolled_up.value is None else str(rolled_up.value)}
    form = RolledUpForm(request.POST or None, labels=labels, initial=initial)

    def save(data: dict) -> None:
        services.rolled_up_enter(acting_user=request.user, rolled_up=rolled_up, **data)

    if form_saved(request, form, save, done="The score has been saved."):
        return redirect(detail_url(assessment))
    scope = RollupScope.THEME if rolled_up.theme_id else RollupScope.OVERALL
    rule = selectors.rollup_rule(assessment.version, scope)
    context = {
        "assessment": assessment,
        "rolled_up": rolled_up,
        "labels": labels,
        "form": form,
        "rule_words": rule_words(rule, assessment.version) if rule else "",
    }
    return render(request, "assessments/rolled_up.html", context)
