"""Importing a risk register's risks, or a partnership's projects, from a file: upload, preview (a
dry run with every problem by row and column, or every change), confirm. Only those who change the
register or the projects (partnership managers; a body's editors and managers for its registers):
readers get 403, anyone else 404.

The upload is kept between the preview and the confirmation by `core.importing.UploadStash`; both
read the stored file again through the same import service, with the same column choices (the
columns the user left out or read as known ones: the preview starts from those remembered for the
register's owner or the partnership, and a confirmed import remembers those it used). Each kind of
import is described once (`ImportPages`); the same three views (upload, preview, confirm) serve
both, the URL naming which.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
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
from vfmhub.lib.headings import ColumnChoices
from vfmhub.programme.access import Need, programme_partnership_for_user
from vfmhub.programme.access.owners import PARTNERSHIP
from vfmhub.programme.access.risks import register_for_user
from vfmhub.programme.forms.imports import ProjectImportForm, RiskImportForm
from vfmhub.programme.importing.registers import (
    ImportResult,
    projects_import,
    projects_template_xlsx,
    register_owner,
    risks_import,
    risks_template_xlsx,
)
from vfmhub.programme.importing.registers import milestones as milestone_columns
from vfmhub.programme.importing.registers import projects as project_columns
from vfmhub.programme.importing.registers import risks as risk_columns

STASH = UploadStash(session_key="programme_imports", folder="programme-imports")
CHANGED_SINCE_PREVIEW = (
    "The file could not be imported: the {what} changed since the preview. Check the problems "
    "below."
)
RISKS_IMPORTED = "Imported {filename}: {created} new risks, {updated} changed."
PROJECTS_IMPORTED = (
    "Imported {filename}: {created} new projects, {updated} changed; {milestones} milestones "
    "added or changed."
)
NOTHING_CHANGED = "Imported {filename}: nothing changed, as everything in it is already recorded."


@dataclass
class ImportPages:
    """One kind of import into one target, as its pages need it: what the upload is kept for
    (`scope`), the pages' shared context, the upload form, how to run the import, what the
    preview counts, the pages' URLs (`url(step, token)`), and where a finished import goes."""

    scope: dict[str, int]
    page: dict[str, Any]
    form_class: type[forms.Form]
    run: Callable[..., ImportResult]
    counts: Callable[[ImportResult], list[tuple[str, int]]]
    url: Callable[..., str]
    changed_what: str
    done: Callable[[dict[str, Any], ImportResult], tuple[str, str]]
    owner: Any  # the organisation or partnership whose column choices are remembered
    kind: str  # the kind of import they are remembered under

    def result(self, request, entry: dict[str, Any], *, dry_run: bool) -> ImportResult:
        return self.run(
            acting_user=request.user,
            content=entry["content"],
            filename=entry["filename"],
            dry_run=dry_run,
            choices=ColumnChoices.from_dict(entry.get("columns")),
        )

    def finished(self, request, entry: dict[str, Any], result: ImportResult) -> tuple[str, str]:
        """Remember the column choices the import used; its message (nothing changed, or the
        counts) and where to go."""
        choices = ColumnChoices.from_dict(entry.get("columns"))
        column_choices_remember(
            acting_user=request.user, owner=self.owner, kind=self.kind, choices=choices
        )
        message, url = self.done(entry, result)
        if not result.changed:
            message = NOTHING_CHANGED.format(filename=entry["filename"])
        return message, url

    def choices(self, request, token: str, entry: dict[str, Any]) -> dict[str, Any]:
        """The upload with the column choices to preview it with: from the page's form, as
        kept with the upload, or (when neither) those remembered for the owner and kind."""
        if "choosing_columns" not in request.GET and "columns" not in entry:
            remembered = column_choices_for(self.owner, self.kind)
            STASH.update(request, token, columns=remembered.as_dict())
            return entry | {"columns": remembered.as_dict()}
        return entry | {"columns": preview_choices(request, STASH, token, entry).as_dict()}


def _download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Risks ------------------------------------------------------------------------------------------


def _risk_counts(result: ImportResult) -> list[tuple[str, int]]:
    return [
        ("New risks", result.created),
        ("Risks that change", result.updated),
        ("Of which re-rated", result.counts["rerated"]),
        ("Of which closed", result.counts["closed"]),
        ("Of which reopened", result.counts["reopened"]),
        ("Unchanged", result.unchanged),
        ("In the register but not in the file (left as they are)", result.not_in_file),
    ]


def _risk_pages(request, pk: int, register_id: int, owner: str = PARTNERSHIP) -> ImportPages:
    found, register = register_for_user(request.user, owner, pk, register_id, need=Need.MANAGE)
    matrix = register.matrix
    steps = {"preview": "risk_import_preview", "confirm": "risk_import_confirm"}

    def done(entry: dict[str, Any], result: ImportResult) -> tuple[str, str]:
        message = RISKS_IMPORTED.format(
            filename=entry["filename"], created=result.created, updated=result.updated
        )
        return message, found.url("risk_register", register.pk)

    page = {
        "what": "risks",
        "caption": f"{found.name}: {register.name}",
        "back_url": found.url("risk_register", register.pk),
        "upload_url": found.url("risk_import", register.pk),
        "template_url": found.url("risk_import_template", register.pk),
        "sections": [("Columns", risk_columns.COLUMNS)],
        "matrix": matrix,
        "likelihoods": ", ".join(reversed(matrix.likelihood_labels)),
        "impacts": ", ".join(reversed(matrix.impact_labels)),
    }
    return ImportPages(
        scope={"risks": register.pk},
        page=page,
        form_class=RiskImportForm,
        run=lambda **run: risks_import(register=register, **run),
        counts=_risk_counts,
        url=lambda step, token: found.url(steps[step], register.pk, token),
        changed_what="register",
        done=done,
        owner=register_owner(register),
        kind="risks",
    )


def risk_import_template(
    request, pk: int, register_id: int, owner: str = PARTNERSHIP
) -> HttpResponse:
    register = register_for_user(request.user, owner, pk, register_id, need=Need.MANAGE)[1]
    name = slugify(register.name) or "risk-register"
    return _download(risks_template_xlsx(register), f"{name}-import-template.xlsx")


# Projects ---------------------------------------------------------------------------------------


def _project_counts(result: ImportResult) -> list[tuple[str, int]]:
    return [
        ("New projects", result.created),
        ("Projects that change", result.updated),
        ("Unchanged projects", result.unchanged),
        ("In the partnership but not in the file (left as they are)", result.not_in_file),
        ("New milestones", result.counts["milestones_created"]),
        ("Milestones that change", result.counts["milestones_updated"]),
        ("Unchanged milestones", result.counts["milestones_unchanged"]),
    ]


def _partnership(request, pk: int):
    return programme_partnership_for_user(request.user, pk, need=Need.MANAGE).partnership


def _project_pages(request, pk: int) -> ImportPages:
    partnership = _partnership(request, pk)
    steps = {"preview": "project_import_preview", "confirm": "project_import_confirm"}

    def done(entry: dict[str, Any], result: ImportResult) -> tuple[str, str]:
        milestones = result.counts["milestones_created"] + result.counts["milestones_updated"]
        message = PROJECTS_IMPORTED.format(
            filename=entry["filename"],
            created=result.created,
            updated=result.updated,
            milestones=milestones,
        )
        return message, reverse("programme:projects", args=[partnership.pk])

    page = {
        "what": "projects",
        "caption": partnership.name,
        "back_url": reverse("programme:projects", args=[partnership.pk]),
        "upload_url": reverse("programme:project_import", args=[partnership.pk]),
        "template_url": reverse("programme:project_import_template", args=[partnership.pk]),
        "sections": [
            ("Projects (the sheet whose headings fit best)", project_columns.COLUMNS),
            (
                "Milestones (a sheet of that name, or whose headings fit; optional)",
                milestone_columns.COLUMNS,
            ),
        ],
    }
    return ImportPages(
        scope={"projects": partnership.pk},
        page=page,
        form_class=ProjectImportForm,
        run=lambda **run: projects_import(partnership=partnership, **run),
        counts=_project_counts,
        url=lambda step, token: reverse(f"programme:{steps[step]}", args=[partnership.pk, token]),
        changed_what="projects",
        done=done,
        owner=partnership,
        kind="projects",
    )


def project_import_template(request, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    name = slugify(partnership.name) or "partnership"
    return _download(projects_template_xlsx(partnership), f"{name}-projects-template.xlsx")


# The steps of either import: the URL names which (`what`) and what it goes into (`target`) ---

PAGES: dict[str, Callable[..., ImportPages]] = {"risks": _risk_pages, "projects": _project_pages}


def import_upload(request, what: str, **target: Any) -> HttpResponse:
    pages = PAGES[what](request, **target)
    form = pages.form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token = STASH.keep(request, form.cleaned_data["file"], scope=pages.scope)
        return redirect(pages.url("preview", token))
    context = pages.page | {"form": form, "title": f"Import {what}"}
    return render(request, "programme/import_upload.html", context)


def import_preview(request, what: str, token: str, **target: Any) -> HttpResponse:
    pages = PAGES[what](request, **target)
    entry = pages.choices(request, token, STASH.entry(request, token, scope=pages.scope))
    result = pages.result(request, entry, dry_run=True)
    context = pages.page | {
        "result": result,
        "column_choices": ColumnChoices.from_dict(entry["columns"]),
        "sheet": result.sheet,
        "counts": pages.counts(result),
        "changes": result.changes,
        "filename": entry["filename"],
        "confirm_url": pages.url("confirm", token),
        "button": f"Import these {what}",
    }
    return import_preview_page(request, "programme/import_preview.html", context)


@require_POST
def import_confirm(request, what: str, token: str, **target: Any) -> HttpResponse:
    pages = PAGES[what](request, **target)
    return import_confirmed(
        request,
        STASH,
        token,
        scope=pages.scope,
        run=lambda entry: pages.result(request, entry, dry_run=False),
        changed_since_preview=CHANGED_SINCE_PREVIEW.format(what=pages.changed_what),
        preview_url=pages.url("preview", token),
        done=lambda entry, result: pages.finished(request, entry, result),
    )
