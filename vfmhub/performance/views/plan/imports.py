"""Importing a council plan from a file: upload, preview (a dry run with every problem), confirm.
The upload is kept between the steps by `UploadStash`, for this user and organisation only."""

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
from vfmhub.lib import clock
from vfmhub.lib.headings import ColumnChoices
from vfmhub.lib.years import financial_year_of
from vfmhub.organisations.access import Need
from vfmhub.performance import access as perf
from vfmhub.performance.access import PerformanceAccess
from vfmhub.performance.forms.plan import PlanImportForm
from vfmhub.performance.importing.plan import HEADINGS, PlanImportResult, council_plan_import
from vfmhub.performance.importing.plan.reading import LABELS, REQUIRED

STASH = UploadStash(session_key="council_plan_imports", folder="council-plan-imports")
CHANGED_SINCE_PREVIEW = "The file could not be imported: the plan changed since the preview."
NOTHING_TO_CHANGE = (
    "The plan already holds everything in this file. Importing it would change nothing."
)
NOTHING_CHANGED = "Nothing changed: the plan already holds everything in {filename}."
IMPORTED = (
    "Imported {filename}: {priorities} priorities, {deliverables} key deliverables, "
    "{measures} outcome measures and {actions} actions."
)


def _run(
    request,
    access: PerformanceAccess,
    entry: dict[str, Any],
    *,
    dry_run: bool,
    choices: ColumnChoices,
) -> PlanImportResult:
    return council_plan_import(
        acting_user=request.user,
        organisation=access.organisation,
        content=entry["content"],
        filename=entry["filename"],
        title=entry["title"],
        first_year=entry["first_year"],
        last_year=entry["last_year"],
        sheet=entry.get("sheet") or None,
        dry_run=dry_run,
        choices=choices,
    )


def _sections() -> list[tuple[str, list[dict[str, Any]]]]:
    columns = [
        {
            "heading": headings[0],
            "required": name in REQUIRED,
            "synonyms": headings[1:],
            "hint": LABELS[name].removeprefix("the ").capitalize(),
        }
        for name, headings in HEADINGS.items()
    ]
    return [("Columns the import reads", columns)]


def plan_import(request, org_pk: int) -> HttpResponse:
    access = perf.performance_for_user(request.user, org_pk, need=Need.EDIT)
    year = financial_year_of(clock.today())
    initial = {"first_year": year, "last_year": year + 2}
    form = PlanImportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        token = STASH.keep(
            request,
            data["file"],
            scope=access.organisation.pk,
            sheet=data.get("sheet") or None,
            title=" ".join(data["title"].split()),
            first_year=data["first_year"],
            last_year=data["last_year"],
        )
        return redirect("performance:plan_import_preview", org_pk, token)
    context = {
        "form": form,
        "title": "Import a council plan",
        "caption": access.organisation.name,
        "back_url": reverse("performance:plan_list", args=[org_pk]),
        "sections": _sections(),
    }
    return render(request, "performance/plan/import.html", context)


def plan_import_preview(request, org_pk: int, token: str) -> HttpResponse:
    access = perf.performance_for_user(request.user, org_pk, need=Need.EDIT)
    entry = STASH.entry(request, token, scope=access.organisation.pk)
    choices = preview_choices(request, STASH, token, entry)
    result = _run(request, access, entry, dry_run=True, choices=choices)
    counts = result.counts
    context = {
        "result": result,
        "entry": entry,
        "filename": entry["filename"],
        "caption": access.organisation.name,
        "upload_url": reverse("performance:plan_import", args=[org_pk]),
        "confirm_url": reverse("performance:plan_import_confirm", args=[org_pk, token]),
        "back_url": reverse("performance:plan_list", args=[org_pk]),
        "nothing_text": NOTHING_TO_CHANGE,
        "sheet": result.sheet,
        "column_choices": choices,
        "counts": [
            ("Priorities", counts.get("priorities", 0)),
            ("Key deliverables", counts.get("deliverables", 0)),
            ("Outcome measures", counts.get("measures", 0)),
            ("Projects and actions", counts.get("actions", 0)),
            ("Rows read", result.rows),
            ("Wrapped rows joined to the row above", result.joined_rows),
            ("Repeated header rows skipped", result.repeated_headers),
        ],
    }
    return import_preview_page(request, "performance/plan/import_preview.html", context)


@require_POST
def plan_import_confirm(request, org_pk: int, token: str) -> HttpResponse:
    access = perf.performance_for_user(request.user, org_pk, need=Need.EDIT)

    def run(entry: dict[str, Any]) -> PlanImportResult:
        choices = ColumnChoices.from_dict(entry.get("columns"))
        return _run(request, access, entry, dry_run=False, choices=choices)

    def done(entry: dict[str, Any], result: PlanImportResult) -> tuple[str, str]:
        url = reverse("performance:plan_detail", args=[org_pk, result.plan_id])
        if not result.changed:
            return NOTHING_CHANGED.format(filename=entry["filename"]), url
        return IMPORTED.format(filename=entry["filename"], **result.counts), url

    return import_confirmed(
        request,
        STASH,
        token,
        scope=access.organisation.pk,
        run=run,
        changed_since_preview=CHANGED_SINCE_PREVIEW,
        preview_url=reverse("performance:plan_import_preview", args=[org_pk, token]),
        done=done,
    )
