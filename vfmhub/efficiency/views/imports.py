"""Importing a returns file from a page: upload, preview with every error (a dry run), confirm.

The upload is kept between the steps by `vfmhub.core.importing.UploadStash`, for this programme
and this user only; the preview and the confirmation read it again through the same service,
with the same sheet and column choices. The preview starts from the column choices the last
confirmed import used (`vfmhub.imports`), and a confirmed import remembers its own.
"""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from vfmhub.core.importing import (
    UploadStash,
    import_confirmed,
    import_preview_page,
    preview_choices,
)
from vfmhub.efficiency import forms
from vfmhub.efficiency.access import ProgrammeNeed, programme_for_user
from vfmhub.efficiency.importing import ImportResult, returns_import
from vfmhub.efficiency.importing.mappings import RETURNS_KIND, programme_owner
from vfmhub.efficiency.models import EfficiencyProgramme
from vfmhub.efficiency.views.common import programme_url
from vfmhub.imports.selectors import column_choices_for
from vfmhub.imports.services import column_choices_remember
from vfmhub.lib.headings import ColumnChoices

STASH = UploadStash(session_key="efficiency_return_imports", folder="efficiency-imports")
CHANGED_SINCE_PREVIEW = "The file could not be imported: the returns changed since the preview."
IMPORTED = "Imported {filename}: {created} new returns and {updated} new versions."
NOTHING_CHANGED = "Nothing changed: every return in {filename} is already recorded."
NOTHING_TO_IMPORT = (
    "Nothing to import: every row matches what is already submitted. "
    "Importing it would change nothing."
)


def _managed(request, pk: int) -> EfficiencyProgramme:
    programme, _ = programme_for_user(request.user, pk, need=ProgrammeNeed.MANAGE)
    return programme


def _run(
    request, programme: EfficiencyProgramme, entry: dict[str, Any], *, dry_run: bool
) -> ImportResult:
    return returns_import(
        acting_user=request.user,
        programme=programme,
        content=entry["content"],
        filename=entry["filename"],
        dry_run=dry_run,
        sheet=entry.get("sheet") or None,
        choices=ColumnChoices.from_dict(entry.get("columns")),
    )


def returns_import_upload(request, pk: int) -> HttpResponse:
    programme = _managed(request, pk)
    form = forms.ReturnsImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        remembered = column_choices_for(programme_owner(programme), RETURNS_KIND)
        token = STASH.keep(
            request,
            form.cleaned_data["file"],
            scope=programme.pk,
            sheet=form.cleaned_data.get("sheet", ""),
            columns=remembered.as_dict(),  # the preview starts from the choices made last time
        )
        return redirect("efficiency:returns_import_preview", programme.pk, token)
    context = {
        "programme": programme,
        "form": form,
        "title": "Import returns",
        "caption": programme.name,
        "back_url": reverse("efficiency:dashboard", args=[programme.pk]),
        "back_label": "Back to the dashboard",
    }
    return render(request, "efficiency/import.html", context)


def returns_import_preview(request, pk: int, token: str) -> HttpResponse:
    programme = _managed(request, pk)
    entry = STASH.entry(request, token, scope=programme.pk)
    choices = preview_choices(request, STASH, token, entry)
    result = _run(request, programme, {**entry, "columns": choices.as_dict()}, dry_run=True)
    context = {
        "programme": programme,
        "result": result,
        "filename": entry["filename"],
        "caption": programme.name,
        "counts": [
            ("New returns", result.created),
            ("New versions of submitted returns", result.updated),
            ("Unchanged", result.unchanged),
        ],
        "upload_url": programme_url(programme, "efficiency:returns_import"),
        "confirm_url": reverse("efficiency:returns_import_confirm", args=[programme.pk, token]),
        "back_url": programme_url(programme, "efficiency:dashboard"),
        "button": "Import these returns",
        "nothing_text": NOTHING_TO_IMPORT,
        "sheet": result.sheet,
        "column_choices": choices,
    }
    return import_preview_page(request, "efficiency/import_preview.html", context)


@require_POST
def returns_import_confirm(request, pk: int, token: str) -> HttpResponse:
    programme = _managed(request, pk)

    def done(entry: dict[str, Any], result: ImportResult) -> tuple[str, str]:
        column_choices_remember(
            acting_user=request.user,
            owner=programme_owner(programme),
            kind=RETURNS_KIND,
            choices=ColumnChoices.from_dict(entry.get("columns")),
        )
        counts = {"created": result.created, "updated": result.updated}
        wording = IMPORTED if result.changed else NOTHING_CHANGED
        message = wording.format(filename=entry["filename"], **counts)
        return message, programme_url(programme, "efficiency:dashboard")

    return import_confirmed(
        request,
        STASH,
        token,
        scope=programme.pk,
        run=lambda entry: _run(request, programme, entry, dry_run=False),
        changed_since_preview=CHANGED_SINCE_PREVIEW,
        preview_url=reverse("efficiency:returns_import_preview", args=[programme.pk, token]),
        done=done,
    )
