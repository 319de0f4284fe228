"""Importing a plan from a file (upload, preview with every error, confirm) and exporting it.

The upload is kept in a file named by a random token under MEDIA_ROOT (never served), and the
token is remembered in the user's session, so only they can preview or confirm it. The preview
and the confirmation both read the stored file again through the same service.
"""

import re
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from vfmhub.core.exports import XLSX_TYPE
from vfmhub.lib import clock
from vfmhub.organisations.access import NOT_FOUND
from vfmhub.plans import exporting, report
from vfmhub.plans.access import PlanNeed, plan_for_user
from vfmhub.plans.forms_import import PlanImportForm
from vfmhub.plans.importing import ImportResult, plan_import
from vfmhub.plans.models import Plan

SESSION_KEY = "plan_imports"
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
PREVIEW_ITEMS = 200
EXPORT_FORMATS = {"xlsx", "csv", "pdf"}
CHANGED_SINCE_PREVIEW = "The file could not be imported: the plan changed since the preview."


def _upload_dir() -> Path:
    directory = Path(settings.MEDIA_ROOT) / "plan-imports"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _stash(request, plan: Plan, form: PlanImportForm) -> str:
    token = secrets.token_urlsafe(24)
    upload = form.cleaned_data["file"]
    with (_upload_dir() / token).open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    stashed = request.session.get(SESSION_KEY, {})
    stashed[token] = {
        "plan": plan.pk,
        "filename": Path(upload.name).name[:200],
        "sheet": form.cleaned_data.get("sheet") or None,
        "mapping": form.mapping(),
    }
    request.session[SESSION_KEY] = stashed
    return token


def _stashed(request, plan: Plan, token: str) -> dict:
    entry = request.session.get(SESSION_KEY, {}).get(token) if TOKEN.match(token) else None
    path = _upload_dir() / token
    if entry is None or entry["plan"] != plan.pk or not path.is_file():
        raise Http404(NOT_FOUND)
    return {**entry, "content": path.read_bytes()}


def _discard(request, token: str) -> None:
    stashed = request.session.get(SESSION_KEY, {})
    stashed.pop(token, None)
    request.session[SESSION_KEY] = stashed
    (_upload_dir() / token).unlink(missing_ok=True)


def _run(request, plan: Plan, entry: dict, *, dry_run: bool) -> ImportResult:
    return plan_import(
        acting_user=request.user,
        plan=plan,
        content=entry["content"],
        filename=entry["filename"],
        dry_run=dry_run,
        mapping=entry["mapping"],
        sheet=entry["sheet"],
    )


def plan_import_upload(request, pk: int):
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.EDIT)
    form = PlanImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token = _stash(request, plan, form)
        return redirect("plans:import_preview", plan.pk, token)
    return render(request, "plans/import.html", {"plan": plan, "form": form})


def plan_import_preview(request, pk: int, token: str):
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.EDIT)
    entry = _stashed(request, plan, token)
    result = _run(request, plan, entry, dry_run=True)
    context = {
        "plan": plan,
        "token": token,
        "result": result,
        "filename": entry["filename"],
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
    return render(request, "plans/import_preview.html", context)


@require_POST
def plan_import_confirm(request, pk: int, token: str):
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.EDIT)
    entry = _stashed(request, plan, token)
    result = _run(request, plan, entry, dry_run=False)
    if result.errors:
        messages.error(request, CHANGED_SINCE_PREVIEW)
        return redirect("plans:import_preview", plan.pk, token)
    _discard(request, token)
    messages.success(
        request,
        f"Imported {entry['filename']}: {result.items} issues, {result.actions} actions, "
        f"{result.rounds} rounds and {result.updates} updates added"
        + (f", {result.corrections} updates corrected." if result.corrections else "."),
    )
    return redirect(reverse("plans:detail", args=[plan.pk]))


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
    name = exporting.export_filename(plan)
    if fmt == "xlsx":
        return _download(exporting.plan_xlsx(plan), XLSX_TYPE, f"{name}.xlsx")
    if fmt == "csv":
        return _download(exporting.plan_csv(plan), "text/csv; charset=utf-8", f"{name}.csv")
    made = report.plan_report(plan, clock.today())
    return _download(report.report_pdf(made), report.PDF_TYPE, f"{made.filename}.pdf")


def plan_import_template(request) -> HttpResponse:
    return _download(exporting.import_template_xlsx(), XLSX_TYPE, "improvement-plan-template.xlsx")
