"""Importing a year's allocation (and, from a workbook's second sheet, its funding streams) from a
file: upload, preview (a dry run with every problem by sheet, row and column, or every change),
confirm. Partnership managers only: other readers get 403, anyone else 404.

The upload is kept between the preview and the confirmation by `core.importing.UploadStash`,
with the year, the sheet asked for and the columns the user chose to leave out or read as known
ones; both steps read the stored file again through `allocation_import`. The preview starts
from the column choices last confirmed for the partnership; a confirmed import remembers its own.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from vfmhub.core.importing import (
    ImportIssue,
    UploadStash,
    import_confirmed,
    import_preview_page,
    preview_choices,
)
from vfmhub.imports.selectors import column_choices_for
from vfmhub.imports.services import column_choices_remember
from vfmhub.lib.headings import ColumnChoices
from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.models import Partnership
from vfmhub.programme.access import Need, programme_partnership_for_user
from vfmhub.programme.access.events import signed_in
from vfmhub.programme.access.funding import funding_year_for
from vfmhub.programme.forms.imports import AllocationImportForm
from vfmhub.programme.importing.funding import AllocationDraft, allocation_import
from vfmhub.programme.importing.funding.columns import ALLOCATION, FUNDING

STASH = UploadStash(session_key="allocation_imports", folder="allocation-imports")
KIND = "allocation"  # the kind of import its remembered column choices are kept under
CHANGED_SINCE_PREVIEW = (
    "The file could not be imported: the allocation or funding changed since the preview. "
    "Check the problems below."
)
IMPORTED = "Imported {filename}: {created} new lines, {updated} changed, {deleted} removed."
STREAMS_IMPORTED = " {streams_created} new funding streams, {streams_updated} changed."
NOTHING_CHANGED = "Nothing changed: everything in {filename} was already recorded."
NOTHING_TEXT = (
    "Everything in this file is already recorded. Importing it would change nothing, so "
    "nothing changed."
)


@dataclass
class Preview:
    """What the preview page shows of a dry run."""

    errors: list[ImportIssue]
    changed: bool


def _scope(partnership: Partnership) -> dict[str, int]:
    return {"allocation": partnership.pk}


def _partnership(request: HttpRequest, pk: int) -> Partnership:
    return programme_partnership_for_user(signed_in(request), pk, need=Need.MANAGE).partnership


def _url(name: str, partnership: Partnership, *args: Any) -> str:
    return reverse(f"programme:{name}", args=[partnership.pk, *args])


def _run(
    request: HttpRequest,
    partnership: Partnership,
    entry: dict[str, Any],
    choices: ColumnChoices,
    *,
    dry_run: bool,
) -> AllocationDraft:
    return allocation_import(
        entry["content"],
        entry["filename"],
        partnership=partnership,
        year=entry["year"],
        acting_user=signed_in(request),
        dry_run=dry_run,
        sheet=entry.get("sheet") or None,
        choices=choices,
    )


def _columns(headings: tuple[str, ...], required: tuple[str, ...], expected) -> list[dict]:
    return [
        {
            "heading": expected.headings[name][0],
            "required": name in required,
            "synonyms": list(expected.headings[name][1:]),
        }
        for name in headings
    ]


@login_required
def allocation_import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    page = funding_year_for(request, pk, need=Need.MANAGE)
    partnership = page.partnership
    form = AllocationImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token = STASH.keep(
            request,
            form.cleaned_data["file"],
            scope=_scope(partnership),
            year=page.year,
            sheet=form.cleaned_data["sheet"].strip(),
        )
        return redirect(_url("allocation_import_preview", partnership, token))
    context = page.context(
        form=form,
        title=f"Import the allocation for {financial_year_label(page.year)}",
        caption=partnership.name,
        back_url=page.url("funding_allocation"),
        sections=[
            (
                "Allocation",
                _columns(("name", "amount", "level", "ring_fence"), ("name", "amount"), ALLOCATION),
            ),
            (
                "Funding streams (another sheet, optional)",
                _columns(tuple(FUNDING.headings), ("name", "amount"), FUNDING),
            ),
        ],
    )
    return render(request, "programme/allocation_import_upload.html", context)


def _choices(request: HttpRequest, partnership: Partnership, token: str, entry: dict) -> Any:
    """The columns chosen on this preview; at first, those last confirmed for the partnership."""
    if "choosing_columns" not in request.GET and "columns" not in entry:
        remembered = column_choices_for(partnership, KIND)
        STASH.update(request, token, columns=remembered.as_dict())
        return remembered
    return preview_choices(request, STASH, token, entry)


def _counts(draft: AllocationDraft) -> list[tuple[str, int]]:
    counts = [
        ("New lines", draft.created),
        ("Lines that change", draft.updated),
        ("Lines no longer in the file (removed)", draft.deleted),
        ("Unchanged lines", draft.unchanged),
    ]
    if draft.funding_sheet:
        counts += [
            ("New funding streams", draft.streams_created),
            ("Funding streams that change", draft.streams_updated),
            ("Unchanged funding streams", draft.streams_unchanged),
        ]
    return counts


@login_required
def allocation_import_preview(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    partnership = _partnership(request, pk)
    entry = STASH.entry(request, token, scope=_scope(partnership))
    choices = _choices(request, partnership, token, entry)
    draft = _run(request, partnership, entry, choices, dry_run=True)
    year = financial_year_label(entry["year"])
    context = {
        "result": Preview(errors=draft.issues, changed=draft.changed),
        "draft": draft,
        "counts": _counts(draft),
        "filename": entry["filename"],
        "caption": f"{partnership.name}: allocation {year}",
        "sheet": draft.sheet,
        "column_choices": choices,
        "upload_url": f"{_url('allocation_import', partnership)}?year={entry['year']}",
        "back_url": f"{_url('funding_allocation', partnership)}?year={entry['year']}",
        "confirm_url": _url("allocation_import_confirm", partnership, token),
        "button": "Import this allocation",
        "nothing_text": NOTHING_TEXT,
    }
    return import_preview_page(request, "programme/allocation_import_preview.html", context)


@login_required
@require_POST
def allocation_import_confirm(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    partnership = _partnership(request, pk)

    def run(entry: dict[str, Any]) -> AllocationDraft:
        choices = ColumnChoices.from_dict(entry.get("columns"))
        return _run(request, partnership, entry, choices, dry_run=False)

    def done(entry: dict[str, Any], draft: AllocationDraft) -> tuple[str, str]:
        column_choices_remember(
            acting_user=signed_in(request), owner=partnership, kind=KIND, choices=draft.choices
        )
        url = f"{_url('funding_allocation', partnership)}?year={entry['year']}"
        if not draft.changed:
            return NOTHING_CHANGED.format(filename=entry["filename"]), url
        message = IMPORTED.format(
            filename=entry["filename"],
            created=draft.created,
            updated=draft.updated,
            deleted=draft.deleted,
        )
        if draft.funding_sheet:
            message += STREAMS_IMPORTED.format(
                streams_created=draft.streams_created, streams_updated=draft.streams_updated
            )
        return message, url

    return import_confirmed(
        request,
        STASH,
        token,
        scope=_scope(partnership),
        run=run,
        changed_since_preview=CHANGED_SINCE_PREVIEW,
        preview_url=_url("allocation_import_preview", partnership, token),
        done=done,
    )
