"""Small pieces the efficiency views share."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.urls import reverse

from vfmhub.efficiency.access import BodyAccess
from vfmhub.organisations.access import NEEDS_ROLE


def form_page(request, form, *, title, caption, back_url, submit_label="Save", intro=""):
    context = {
        "form": form,
        "title": title,
        "caption": caption,
        "back_url": back_url,
        "submit_label": submit_label,
        "intro": intro,
    }
    return render(request, "core/form_page.html", context)


def body_url(access: BodyAccess, name: str = "efficiency:body", *extra) -> str:
    return reverse(name, args=[access.programme.pk, access.organisation.pk, *extra])


def programme_url(programme) -> str:
    return reverse("efficiency:programme", args=[programme.pk])


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(NEEDS_ROLE)


def add_errors(form, exc: ValidationError) -> None:
    """Put a service's errors on the form's fields where it has them, else on the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)
