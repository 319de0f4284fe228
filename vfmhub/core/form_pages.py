"""One form page for every module: `core/form_page.html` with a title, caption, back link and
submit button; a service's validation errors put on the form beside their fields; and the whole
page of one write (`save_form_page`)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render


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


def add_service_errors(form, exc: ValidationError, *, error_field: str | None = None) -> None:
    """Show each error beside its field, or beside `error_field` (else above the form) when it
    names no field of the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(error_field, exc)
        return
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else error_field, errors)


def save_form_page(
    request,
    form,
    save,
    *,
    done,
    back_url: str,
    title: str,
    caption: str,
    submit_label: str = "Save",
    intro: str = "",
    next_url=None,
    error_field: str | None = None,
):
    """The page for one write: on a valid POST call `save(cleaned_data)`, then show the `done`
    message (or `done(saved)`) and go to `next_url(saved)` (or `back_url`); otherwise show the
    form again, with the service's errors beside their fields (an error naming no field beside
    `error_field`, else above the form)."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(dict(form.cleaned_data))
        except ValidationError as exc:
            add_service_errors(form, exc, error_field=error_field)
        else:
            messages.success(request, done(saved) if callable(done) else done)
            return redirect(next_url(saved) if next_url else back_url)
    return form_page(
        request,
        form,
        title=title,
        caption=caption,
        back_url=back_url,
        submit_label=submit_label,
        intro=intro,
    )
