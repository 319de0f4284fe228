"""Importing a body's gains register from a page: upload, preview with every error (a dry run)
and the columns to choose, confirm. For the body's editors, as the register's other writes are.

The upload is kept between the steps by `vfmhub.core.importing.UploadStash`, for this register
and this user only. The preview starts from the column choices the body's last confirmed import
used (`vfmhub.imports`), and a confirmed import remembers its own.
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
from vfmhub.efficiency.access import BodyAccess, BodyNeed, register_for_user
from vfmhub.efficiency.importing import ImportResult, gains_import
from vfmhub.efficiency.importing.mappings import GAINS_KIND
from vfmhub.efficiency.views.common import body_url
from vfmhub.imports.selectors import column_choices_for
from vfmhub.imports.services import column_choices_remember
from vfmhub.lib.headings import ColumnChoices

STASH = UploadStash(session_key="efficiency_gain_imports", folder="efficiency-gain-imports")
CHANGED_SINCE_PREVIEW = "The file could not be imported: the register changed since the preview."
IMPORTED = "Imported {filename}: {created} new gains and {updated} corrected."
NOTHING_CHANGED = "Nothing changed: every gain in {filename} is already in the register."
NOTHING_TO_IMPORT = (
    "Every gain in this file is already in the register. Importing it would change nothing."
)


def _editing(request, pk: int, org_pk: int) -> BodyAccess:
    return register_for_user(request.user, pk, org_pk, need=BodyNeed.EDIT)


def _scope(access: BodyAccess) -> str:
    return f"{access.programme.pk}:{access.organisation.pk}"


def _run(request, access: BodyAccess, entry: dict[str, Any], *, dry_run: bool) -> ImportResult:
    return gains_import(
        acting_user=request.user,
        programme=access.programme,
        organisation=access.organisation,
        content=entry["content"],
        filename=entry["filename"],
        dry_run=dry_run,
        sheet=entry.get("sheet") or None,
        choices=ColumnChoices.from_dict(entry.get("columns")),
    )


def gains_import_upload(request, pk: int, org_pk: int) -> HttpResponse:
    access = _editing(request, pk, org_pk)
    form = forms.GainsImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        remembered = column_choices_for(access.organisation, GAINS_KIND)
        token = STASH.keep(
            request,
            form.cleaned_data["file"],
            scope=_scope(access),
            sheet=form.cleaned_data.get("sheet", ""),
            columns=remembered.as_dict(),
        )
        return redirect("efficiency:gains_import_preview", pk, org_pk, token)
    context = {
        "access": access,
        "programme": access.programme,
        "form": form,
        "title": "Import gains",
        "caption": f"{access.organisation.name}: {access.programme.name}",
        "back_url": reverse("efficiency:gains", args=[pk, org_pk]),
        "back_label": "Back to the gains register",
    }
    return render(request, "efficiency/import_gains.html", context)


def gains_import_preview(request, pk: int, org_pk: int, token: str) -> HttpResponse:
    access = _editing(request, pk, org_pk)
    entry = STASH.entry(request, token, scope=_scope(access))
    choices = preview_choices(request, STASH, token, entry)
    result = _run(request, access, {**entry, "columns": choices.as_dict()}, dry_run=True)
    context = {
        "programme": access.programme,
        "result": result,
        "filename": entry["filename"],
        "caption": f"{access.organisation.name}: {access.programme.name}",
        "counts": [
            ("New gains", result.created),
            ("Gains corrected", result.updated),
            ("Unchanged", result.unchanged),
        ],
        "upload_url": body_url(access, "efficiency:gains_import"),
        "confirm_url": reverse("efficiency:gains_import_confirm", args=[pk, org_pk, token]),
        "back_url": body_url(access, "efficiency:gains"),
        "button": "Import these gains",
        "nothing_text": NOTHING_TO_IMPORT,
        "sheet": result.sheet,
        "column_choices": choices,
    }
    return import_preview_page(request, "efficiency/import_gains_preview.html", context)


@require_POST
def gains_import_confirm(request, pk: int, org_pk: int, token: str) -> HttpResponse:
    access = _editing(request, pk, org_pk)

    def done(entry: dict[str, Any], result: ImportResult) -> tuple[str, str]:
        column_choices_remember(
            acting_user=request.user,
            owner=access.organisation,
            kind=GAINS_KIND,
            choices=ColumnChoices.from_dict(entry.get("columns")),
        )
        wording = IMPORTED if result.changed else NOTHING_CHANGED
        message = wording.format(
            filename=entry["filename"], created=result.created, updated=result.updated
        )
        return message, body_url(access, "efficiency:gains")

    return import_confirmed(
        request,
        STASH,
        token,
        scope=_scope(access),
        run=lambda entry: _run(request, access, entry, dry_run=False),
        changed_since_preview=CHANGED_SINCE_PREVIEW,
        preview_url=reverse("efficiency:gains_import_preview", args=[pk, org_pk, token]),
        done=done,
    )
