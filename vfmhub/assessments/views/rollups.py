"""Entering a theme or overall score: a manual rule's judgement, or an override with a reason."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from vfmhub.assessments import forms, selectors, services
from vfmhub.assessments.access import AssessmentNeed, assessment_for_user
from vfmhub.assessments.views.common import detail_url
from vfmhub.frameworks.models import RollupScope
from vfmhub.frameworks.selectors import rule_words
from vfmhub.organisations.access import NOT_FOUND


def rolled_up_enter(request, pk: int, rolled_up_pk: int):
    assessment, _ = assessment_for_user(request.user, pk, need=AssessmentNeed.SCORE)
    rolled_up = (
        assessment.rolled_up_scores.select_related("theme")
        .filter(pk=rolled_up_pk, stage=assessment.current_stage)
        .first()
    )
    if rolled_up is None:
        raise Http404(NOT_FOUND)
    labels = selectors.level_labels(assessment.version)
    initial = {"value": "" if rolled_up.value is None else str(rolled_up.value)}
    form = forms.RolledUpForm(request.POST or None, labels=labels, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.rolled_up_enter(
                acting_user=request.user, rolled_up=rolled_up, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The score has been saved.")
            return redirect(detail_url(assessment))
    scope = RollupScope.THEME if rolled_up.theme_id else RollupScope.OVERALL
    rule = assessment.version.rollup_rules.prefetch_related("rows").filter(scope=scope).first()
    context = {
        "assessment": assessment,
        "rolled_up": rolled_up,
        "labels": labels,
        "form": form,
        "rule_words": rule_words(rule, assessment.version) if rule else "",
    }
    return render(request, "assessments/rolled_up.html", context)
