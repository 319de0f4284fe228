"""Importing indicator values from a page: upload, preview with every error (a dry run) and the
columns to choose, confirm. For the organisation's editors; the file gives that organisation's
values and the comparator areas' (England, regions, areas outside the register), and the rows of
other organisations are counted and left out (`vfmhub.performance.importing.values`).

The upload is kept between the steps by `vfmhub.core.importing.UploadStash`, for this
organisation and user only; the preview starts from the column choices of the organisation's
last confirmed values import, and a confirmed import remembers its own.
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
from vfmhub.imports.selectors import column_choices_for
from vfmhub.imports.services import column_choices_remember
from vfmhub.lib.headings import ColumnChoices
from vfmhub.organisations.access import Need
from vfmhub.performance.access import PerformanceAccess, performance_for_user
from vfmhub.performance.forms.values_import import ValuesImportForm
from vfmhub.performance.importing.values import ValuesImportResult, values_import

STASH = UploadStash(session_key="performance_value_imports", folder="performance-value-imports")
VALUES_KIND = "performance-values"
CHANGED_SINCE_PREVIEW = "The file could not be imported: the values changed since the preview."
IMPORTED = "Imported {filename}: {created} new values and {updated} changed."
NOTHING_CHANGED = "Nothing changed: every value in {filename} is already recorded."


def _editing(request: Any, org_pk: int) -> PerformanceAccess:
    return performance_for_user(request.user, org_pk, need=Need.EDIT)


def _run(request: Any, access: PerformanceAccess, entry: dict, *, dry_run: bool):
    return values_import(
        acting_user=request.user,
        content=entry["content"],
        filename=entry["filename"],
        organisation=access.organisation,
        create_indicators=bool(entry.get("create_indicators")),
        dry_run=dry_run,
        sheet=entry.get("sheet") or None,
        choices=ColumnChoices.from_dict(entry.get("columns")),
    )


def values_import_upload(request: Any, org_pk: int) -> HttpResponse:
    access = _editing(request, org_pk)
    form = ValuesImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        token = STASH.keep(
            request,
            data["file"],
            scope=access.organisation.pk,
            sheet=data.get("sheet", ""),
            create_indicators=bool(data.get("create_indicators")),
            columns=column_choices_for(access.organisation, VALUES_KIND).as_dict(),
        )
        return redirect("performance:values_import_preview", access.organisation.pk, token)
    context = {
        "form": form,
        "title": "Import indicator values",
        "caption": access.organisation.name,
        "back_url": reverse("performance:scorecard", args=[access.organisation.pk]),
        "back_label": "Back to performance",
    }
    return render(request, "performance/values_import/upload.html", context)


def values_import_preview(request: Any, org_pk: int, token: str) -> HttpResponse:
    access = _editing(request, org_pk)
    entry = STASH.entry(request, token, scope=access.organisation.pk)
    choices = preview_choices(request, STASH, token, entry)
    result = _run(request, access, {**entry, "columns": choices.as_dict()}, dry_run=True)
    context = {
        "result": result,
        "filename": entry["filename"],
        "caption": access.organisation.name,
        "counts": [
            ("New values", result.created),
            ("Changed values (new versions)", result.updated),
            ("Unchanged", result.unchanged),
            ("Of these, for comparator areas", result.comparators),
            ("Left out: values of other organisations", result.other_organisations),
            ("Skipped rows", result.skipped_count),
        ],
        "upload_url": reverse("performance:values_import", args=[org_pk]),
        "confirm_url": reverse("performance:values_import_confirm", args=[org_pk, token]),
        "back_url": reverse("performance:scorecard", args=[org_pk]),
        "button": "Import these values",
        "sheet": result.sheet,
        "column_choices": choices,
    }
    return import_preview_page(request, "performance/values_import/preview.html", context)


@require_POST
def values_import_confirm(request: Any, org_pk: int, token: str) -> HttpResponse:
    access = _editing(request, org_pk)

    def done(entry: dict[str, Any], result: ValuesImportResult) -> tuple[str, str]:
        column_choices_remember(
            acting_user=request.user,
            owner=access.organisation,
            kind=VALUES_KIND,
            choices=ColumnChoices.from_dict(entry.get("columns")),
        )
        wording = IMPORTED if result.changed else NOTHING_CHANGED
        message = wording.format(
            filename=entry["filename"], created=result.created, updated=result.updated
        )
        return message, reverse("performance:scorecard", args=[org_pk])

    return import_confirmed(
        request,
        STASH,
        token,
        scope=access.organisation.pk,
        run=lambda entry: _run(request, access, entry, dry_run=False),
        changed_since_preview=CHANGED_SINCE_PREVIEW,
        preview_url=reverse("performance:values_import_preview", args=[org_pk, token]),
        done=done,
    )
