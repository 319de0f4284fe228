"""Importing a plan from a file (upload, preview with every error, confirm) and exporting it.

The upload is kept between the preview and the confirmation by `vfmhub.core.importing.UploadStash`
(a file under MEDIA_ROOT named by a random token remembered in the user's session, so only they
can preview or confirm it), and both read the stored file again through the same service.
"""

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from vfmhub.core.exports import XLSX_TYPE
from vfmhub.core.importing import (
    UploadStash,
    import_confirmed,
    import_preview_page,
    preview_choices,
)
from vfmhub.imports.selectors import column_choices_for
from vfmhub.imports.services import column_choices_remember
from vfmhub.lib import clock
from vfmhub.lib.headings import ColumnChoices
from vfmhub.plans.access import PlanNeed, plan_for_user
from vfmhub.plans.exporting import report, spreadsheet
from vfmhub.plans.forms import PlanImportForm
from vfmhub.plans.importing import ImportResult, plan_import
from vfmhub.plans.models import Plan

STASH = UploadStash(session_key="plan_imports", folder="plan-imports")
KIND = "plan"  # the column choices remembered for a body's plan imports
PREVIEW_ITEMS = 200
EXPORT_FORMATS = {"xlsx", "csv", "pdf"}
CHANGED_SINCE_PREVIEW = "The file could not be imported: the plan changed since the preview."
NOTHING_TO_ADD = (
    "Everything in this file is already in the plan. Importing it would change nothing."
)
NOTHING_CHANGED = "Nothing changed: everything in {filename} is already in the plan."
IMPORTED = (
    "Imported {filename}: {result.items} issues, {result.actions} actions, {result.rounds} rounds "
    "and {result.updates} updates added"
)
CORRECTED = ", {result.corrections} updates corrected."


def _run(
    request, plan: Plan, entry: dict[str, Any], choices: ColumnChoices, *, dry_run: bool
) -> ImportResult:
    return plan_import(
        acting_user=request.user,
        plan=plan,
        content=entry["content"],
        filename=entry["filename"],
        dry_run=dry_run,
        mapping=entry["mapping"],
        sheet=entry["sheet"],
        choices=choices,
    )


def plan_import_upload(request, pk: int) -> HttpResponse:
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.EDIT)
    form = PlanImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        token = STASH.keep(
            request,
            data["file"],
            scope=plan.pk,
            sheet=data.get("sheet") or None,
            mapping=form.mapping(),
        )
        return redirect("plans:import_preview", plan.pk, token)
    context = {
        "plan": plan,
        "form": form,
        "title": "Import a plan file",
        "caption": plan.title,
        "back_url": reverse("plans:detail", args=[plan.pk]),
        "back_label": "Back to the plan",
        "template_url": reverse("plans:import_template"),
    }
    return render(request, "plans/import.html", context)


def _choices(request, plan: Plan, token: str, entry: dict[str, Any]) -> ColumnChoices:
    """The columns chosen on the preview; at first, those the body's last plan import was
    confirmed with (kept with the upload, so the confirm step uses the same)."""
    if "choosing_columns" in request.GET or "columns" in entry:
        return preview_choices(request, STASH, token, entry)
    remembered = column_choices_for(plan.organisation, KIND)
    STASH.update(request, token, columns=remembered.as_dict())
    return remembered


def plan_import_preview(request, pk: int, token: str) -> HttpResponse:
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.EDIT)
    entry = STASH.entry(request, token, scope=plan.pk)
    choices = _choices(request, plan, token, entry)
    result = _run(request, plan, entry, choices, dry_run=True)
    context = {
        "plan": plan,
        "result": result,
        "filename": entry["filename"],
        "caption": plan.title,
        "upload_url": reverse("plans:import", args=[plan.pk]),
        "confirm_url": reverse("plans:import_confirm", args=[plan.pk, token]),
        "back_url": reverse("plans:detail", args=[plan.pk]),
        "nothing_text": NOTHING_TO_ADD,
        "sheet": result.sheet,
        "column_choices": choices,
        "preview": result.preview[:PREVIEW_ITEMS],
        "more_items": max(0, len(result.preview) - PREVIEW_ITEMS),
        "counts": [
            ("Issues to add", result.items),
            ("Actions to add", result.actions),
            ("Update rounds to add", result.rounds),
            ("Updates to add", result.updates),
            ("Updates to correct", result.corrections),
        ],
    }
    return import_preview_page(request, "plans/import_preview.html", context)


def _imported(request, plan: Plan, entry: dict[str, Any], result: ImportResult) -> tuple[str, str]:
    column_choices_remember(
        acting_user=request.user,
        owner=plan.organisation,
        kind=KIND,
        choices=ColumnChoices.from_dict(entry.get("columns")),
    )
    if not result.changed:
        return NOTHING_CHANGED.format(filename=entry["filename"]), reverse(
            "plans:detail", args=[plan.pk]
        )
    message = IMPORTED.format(filename=entry["filename"], result=result)
    message += CORRECTED.format(result=result) if result.corrections else "."
    return message, reverse("plans:detail", args=[plan.pk])


@require_POST
def plan_import_confirm(request, pk: int, token: str) -> HttpResponse:
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.EDIT)
    return import_confirmed(
        request,
        STASH,
        token,
        scope=plan.pk,
        run=lambda entry: _run(
            request, plan, entry, ColumnChoices.from_dict(entry.get("columns")), dry_run=False
        ),
        changed_since_preview=CHANGED_SINCE_PREVIEW,
        preview_url=reverse("plans:import_preview", args=[plan.pk, token]),
        done=lambda entry, result: _imported(request, plan, entry, result),
    )


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def plan_export(request, pk: int) -> HttpResponse:
    """?format=xlsx (the default), csv or pdf (the committee report)."""
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.READ)
    fmt = request.GET.get("format", "xlsx")
    if fmt not in EXPORT_FORMATS:
        raise Http404("Plans export as xlsx, csv or pdf.")
    name = spreadsheet.export_filename(plan)
    if fmt == "xlsx":
        return _download(spreadsheet.plan_xlsx(plan), XLSX_TYPE, f"{name}.xlsx")
    if fmt == "csv":
        return _download(spreadsheet.plan_csv(plan), "text/csv; charset=utf-8", f"{name}.csv")
    made = report.plan_report(plan, clock.today())
    return _download(report.report_pdf(made), report.PDF_TYPE, f"{made.filename}.pdf")


def plan_import_template(request) -> HttpResponse:
    content = spreadsheet.import_template_xlsx()
    return _download(content, XLSX_TYPE, "improvement-plan-template.xlsx")
