"""One form page for every module: `core/form_page.html` with a title, caption, back link and
submit button, and a service's validation errors put on the form beside their fields."""

from django.core.exceptions import ValidationError
from django.shortcuts import render


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


def add_service_errors(form, exc: ValidationError) -> None:
    """Show each error beside its field, or above the form when it names no field of the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)
