"""Small pieces the assessment views share."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from vfmhub.assessments.models import Assessment
from vfmhub.assessments.services.common import check_stage_open
from vfmhub.core.form_pages import add_service_errors, save_form_page


def detail_url(assessment: Assessment) -> str:
    return reverse("assessments:detail", args=[assessment.pk])


def is_open(assessment: Assessment) -> bool:
    """Whether the current stage's scores may still be saved (not submitted, not locked)."""
    try:
        check_stage_open(assessment)
    except ValidationError:
        return False
    return True


def form_saved(
    request: HttpRequest,
    form: forms.Form,
    save: Callable[[dict[str, Any]], object],
    *,
    done: str,
    field: str | None = None,
) -> bool:
    """For a page of its own (not `core/form_page.html`, which `save_form_page` serves): on a
    valid POST call `save(cleaned_data)` and show `done`. A service's refusal goes on the form,
    beside `field` when given, and the page shows again (False)."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save(dict(form.cleaned_data))
    except ValidationError as exc:
        if field is None:
            add_service_errors(form, exc)
        else:
            form.add_error(field, exc)
        return False
    messages.success(request, done)
    return True


def assessment_form_page(
    request: HttpRequest,
    assessment: Assessment,
    form: forms.Form,
    save: Callable[[dict[str, Any]], object],
    *,
    done: str,
    title: str,
    submit_label: str = "Save",
    intro: str = "",
) -> HttpResponse:
    """`save_form_page` for a write to one assessment: captioned with it, back to its task list."""
    return save_form_page(
        request,
        form,
        save,
        done=done,
        back_url=detail_url(assessment),
        title=title,
        caption=str(assessment),
        submit_label=submit_label,
        intro=intro,
    )
