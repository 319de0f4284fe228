"""Importing a risk register's risks, or a partnership's projects, from a file: upload, preview (a
dry run with every problem by row and column, or every change), confirm. Partnership managers only:
readers get 403, anyone else 404.

The upload is kept under MEDIA_ROOT in a file named by a random token remembered in the user's
session (as the plans import does), so only they can preview or confirm it; the preview and the
confirmation both read the stored file again through the same service.
"""

import re
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from vfmhub.core.exports import XLSX_TYPE
from vfmhub.organisations.access import NOT_FOUND
from vfmhub.programme.access import Need, programme_partnership_for_user
from vfmhub.programme.access.owners import PARTNERSHIP, RegisterOwner, register_owner_for_user
from vfmhub.programme.forms.imports import ProjectImportForm, RiskImportForm
from vfmhub.programme.importing.registers import (
    ImportResult,
    projects_import,
    projects_template_xlsx,
    risks_import,
    risks_template_xlsx,
)
from vfmhub.programme.importing.registers import milestones as milestone_columns
from vfmhub.programme.importing.registers import projects as project_columns
from vfmhub.programme.importing.registers import risks as risk_columns
from vfmhub.programme.selectors import risks as selectors_risks

SESSION_KEY = "programme_imports"
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
CHANGED_SINCE_PREVIEW = (
    "The file could not be imported: the {what} changed since the preview. Check the problems "
    "below."
)
RISKS_IMPORTED = "Imported {filename}: {created} new risks, {updated} changed."
PROJECTS_IMPORTED = (
    "Imported {filename}: {created} new projects, {updated} changed; {milestones} milestones "
    "added or changed."
)


# Keeping the upload between preview and confirm ---------------------------------------------


def _upload_dir() -> Path:
    directory = Path(settings.MEDIA_ROOT) / "programme-imports"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _stash(request, owner: dict, upload) -> str:
    token = secrets.token_urlsafe(24)
    with (_upload_dir() / token).open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    stashed = request.session.get(SESSION_KEY, {})
    stashed[token] = {"owner": owner, "filename": Path(upload.name).name[:200]}
    request.session[SESSION_KEY] = stashed
    return token


def _stashed(request, owner: dict, token: str) -> dict:
    entry = request.session.get(SESSION_KEY, {}).get(token) if TOKEN.match(token) else None
    path = _upload_dir() / token
    if entry is None or entry["owner"] != owner or not path.is_file():
        raise Http404(NOT_FOUND)
    return {**entry, "content": path.read_bytes()}


def _discard(request, token: str) -> None:
    stashed = request.session.get(SESSION_KEY, {})
    stashed.pop(token, None)
    request.session[SESSION_KEY] = stashed
    (_upload_dir() / token).unlink(missing_ok=True)


def _download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _preview(request, context: dict, result: ImportResult, counts: list) -> HttpResponse:
    context |= {"result": result, "counts": counts, "changes": result.changes}
    return render(request, "programme/import_preview.html", context)


# Risks ------------------------------------------------------------------------------------------


def _register(request, pk: int, register_id: int, owner: str):
    found = register_owner_for_user(request.user, owner, pk, need=Need.MANAGE)
    return found, selectors_risks.register_of_owner(found, register_id)


def _run_risks(request, register, entry: dict, *, dry_run: bool) -> ImportResult:
    return risks_import(
        acting_user=request.user,
        register=register,
        content=entry["content"],
        filename=entry["filename"],
        dry_run=dry_run,
    )


def _risk_page(owner: RegisterOwner, register) -> dict:
    matrix = register.matrix
    return {
        "what": "risks",
        "caption": f"{owner.name}: {register.name}",
        "back_url": owner.url("risk_register", register.pk),
        "upload_url": owner.url("risk_import", register.pk),
        "template_url": owner.url("risk_import_template", register.pk),
        "sections": [("Columns", risk_columns.COLUMNS)],
        "matrix": matrix,
        "likelihoods": ", ".join(reversed(matrix.likelihood_labels)),
        "impacts": ", ".join(reversed(matrix.impact_labels)),
    }


def risk_import(request, pk: int, register_id: int, owner: str = PARTNERSHIP) -> HttpResponse:
    found, register = _register(request, pk, register_id, owner)
    form = RiskImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token = _stash(request, {"risks": register.pk}, form.cleaned_data["file"])
        return redirect(found.url("risk_import_preview", register.pk, token))
    context = _risk_page(found, register) | {"form": form, "title": "Import risks"}
    return render(request, "programme/import_upload.html", context)


def risk_import_preview(
    request, pk: int, register_id: int, token: str, owner: str = PARTNERSHIP
) -> HttpResponse:
    found, register = _register(request, pk, register_id, owner)
    entry = _stashed(request, {"risks": register.pk}, token)
    result = _run_risks(request, register, entry, dry_run=True)
    counts = [
        ("New risks", result.created),
        ("Risks that change", result.updated),
        ("Of which re-rated", result.counts["rerated"]),
        ("Of which closed", result.counts["closed"]),
        ("Of which reopened", result.counts["reopened"]),
        ("Unchanged", result.unchanged),
        ("In the register but not in the file (left as they are)", result.not_in_file),
    ]
    confirm_url = found.url("risk_import_confirm", register.pk, token)
    context = _risk_page(found, register) | {
        "filename": entry["filename"],
        "confirm_url": confirm_url,
        "button": "Import these risks",
    }
    return _preview(request, context, result, counts)


@require_POST
def risk_import_confirm(
    request, pk: int, register_id: int, token: str, owner: str = PARTNERSHIP
) -> HttpResponse:
    found, register = _register(request, pk, register_id, owner)
    entry = _stashed(request, {"risks": register.pk}, token)
    result = _run_risks(request, register, entry, dry_run=False)
    if result.errors:
        messages.error(request, CHANGED_SINCE_PREVIEW.format(what="register"))
        return redirect(found.url("risk_import_preview", register.pk, token))
    _discard(request, token)
    messages.success(
        request,
        RISKS_IMPORTED.format(
            filename=entry["filename"], created=result.created, updated=result.updated
        ),
    )
    return redirect(found.url("risk_register", register.pk))


def risk_import_template(
    request, pk: int, register_id: int, owner: str = PARTNERSHIP
) -> HttpResponse:
    _, register = _register(request, pk, register_id, owner)
    name = slugify(register.name) or "risk-register"
    return _download(risks_template_xlsx(register), f"{name}-import-template.xlsx")


# Projects ---------------------------------------------------------------------------------------


def _partnership(request, pk: int):
    return programme_partnership_for_user(request.user, pk, need=Need.MANAGE).partnership


def _run_projects(request, partnership, entry: dict, *, dry_run: bool) -> ImportResult:
    return projects_import(
        acting_user=request.user,
        partnership=partnership,
        content=entry["content"],
        filename=entry["filename"],
        dry_run=dry_run,
    )


def _project_page(partnership) -> dict:
    return {
        "what": "projects",
        "caption": partnership.name,
        "back_url": reverse("programme:projects", args=[partnership.pk]),
        "upload_url": reverse("programme:project_import", args=[partnership.pk]),
        "template_url": reverse("programme:project_import_template", args=[partnership.pk]),
        "sections": [
            ("Projects (the first sheet)", project_columns.COLUMNS),
            ("Milestones (a sheet of that name, optional)", milestone_columns.COLUMNS),
        ],
    }


def project_import(request, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    form = ProjectImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token = _stash(request, {"projects": partnership.pk}, form.cleaned_data["file"])
        return redirect("programme:project_import_preview", partnership.pk, token)
    context = _project_page(partnership) | {"form": form, "title": "Import projects"}
    return render(request, "programme/import_upload.html", context)


def project_import_preview(request, pk: int, token: str) -> HttpResponse:
    partnership = _partnership(request, pk)
    entry = _stashed(request, {"projects": partnership.pk}, token)
    result = _run_projects(request, partnership, entry, dry_run=True)
    counts = [
        ("New projects", result.created),
        ("Projects that change", result.updated),
        ("Unchanged projects", result.unchanged),
        ("In the partnership but not in the file (left as they are)", result.not_in_file),
        ("New milestones", result.counts["milestones_created"]),
        ("Milestones that change", result.counts["milestones_updated"]),
        ("Unchanged milestones", result.counts["milestones_unchanged"]),
    ]
    context = _project_page(partnership) | {
        "filename": entry["filename"],
        "confirm_url": reverse("programme:project_import_confirm", args=[partnership.pk, token]),
        "button": "Import these projects",
    }
    return _preview(request, context, result, counts)


@require_POST
def project_import_confirm(request, pk: int, token: str) -> HttpResponse:
    partnership = _partnership(request, pk)
    entry = _stashed(request, {"projects": partnership.pk}, token)
    result = _run_projects(request, partnership, entry, dry_run=False)
    if result.errors:
        messages.error(request, CHANGED_SINCE_PREVIEW.format(what="projects"))
        return redirect("programme:project_import_preview", partnership.pk, token)
    _discard(request, token)
    milestones = result.counts["milestones_created"] + result.counts["milestones_updated"]
    messages.success(
        request,
        PROJECTS_IMPORTED.format(
            filename=entry["filename"],
            created=result.created,
            updated=result.updated,
            milestones=milestones,
        ),
    )
    return redirect("programme:projects", partnership.pk)


def project_import_template(request, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    name = slugify(partnership.name) or "partnership"
    return _download(projects_template_xlsx(partnership), f"{name}-projects-template.xlsx")
