"""Importing a returns file from a page: upload, preview with every error (a dry run), confirm.

The upload is kept between the steps by `vfmhub.core.importing.UploadStash`, for this programme
and this user only; the preview and the confirmation read it again through the same service.
"""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from vfmhub.core.importing import UploadStash, import_confirmed, import_preview_page
from vfmhub.efficiency import forms
from vfmhub.efficiency.access import ProgrammeNeed, programme_for_user
from vfmhub.efficiency.importing import ImportResult, returns_import
from vfmhub.efficiency.models import EfficiencyProgramme
from vfmhub.efficiency.views.common import programme_url

STASH = UploadStash(session_key="efficiency_return_imports", folder="efficiency-imports")
CHANGED_SINCE_PREVIEW = "The file could not be imported: the returns changed since the preview."
IMPORTED = "Imported {filename}: {created} new returns and {updated} new versions."
NOTHING_TO_IMPORT = "Nothing to import: every row matches what is already submitted."


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
    )


def returns_import_upload(request, pk: int) -> HttpResponse:
    programme = _managed(request, pk)
    form = forms.ReturnsImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token = STASH.keep(request, form.cleaned_data["file"], scope=programme.pk)
        return redirect("efficiency:returns_import_preview", programme.pk, token)
    return render(request, "efficiency/import.html", {"programme": programme, "form": form})


def returns_import_preview(request, pk: int, token: str) -> HttpResponse:
    programme = _managed(request, pk)
    entry = STASH.entry(request, token, scope=programme.pk)
    result = _run(request, programme, entry, dry_run=True)
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
    }
    return import_preview_page(request, "efficiency/import_preview.html", context)


@require_POST
def returns_import_confirm(request, pk: int, token: str) -> HttpResponse:
    programme = _managed(request, pk)

    def done(entry: dict[str, Any], result: ImportResult) -> tuple[str, str]:
        counts = {"created": result.created, "updated": result.updated}
        message = IMPORTED.format(filename=entry["filename"], **counts)
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
