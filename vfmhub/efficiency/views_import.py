"""Importing a returns file from a page: upload, preview with every error (a dry run), confirm.

The upload is kept under MEDIA_ROOT in a file named by a random token remembered in the user's
session (as the plans import does), so only they can preview or confirm it.
"""

import re
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from vfmhub.efficiency.access import ProgrammeNeed, programme_for_user
from vfmhub.efficiency.forms_import import ReturnsImportForm
from vfmhub.efficiency.importing import ImportResult, returns_import
from vfmhub.efficiency.models import EfficiencyProgramme
from vfmhub.organisations.access import NOT_FOUND

SESSION_KEY = "efficiency_return_imports"
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
CHANGED_SINCE_PREVIEW = "The file could not be imported: the returns changed since the preview."
IMPORTED = "Imported {filename}: {created} new returns and {updated} new versions."


def _upload_dir() -> Path:
    directory = Path(settings.MEDIA_ROOT) / "efficiency-imports"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _stash(request, programme: EfficiencyProgramme, upload) -> str:
    token = secrets.token_urlsafe(24)
    with (_upload_dir() / token).open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    stashed = request.session.get(SESSION_KEY, {})
    stashed[token] = {"programme": programme.pk, "filename": Path(upload.name).name[:200]}
    request.session[SESSION_KEY] = stashed
    return token


def _stashed(request, programme: EfficiencyProgramme, token: str) -> dict:
    entry = request.session.get(SESSION_KEY, {}).get(token) if TOKEN.match(token) else None
    path = _upload_dir() / token
    if entry is None or entry["programme"] != programme.pk or not path.is_file():
        raise Http404(NOT_FOUND)
    return {**entry, "content": path.read_bytes()}


def _discard(request, token: str) -> None:
    stashed = request.session.get(SESSION_KEY, {})
    stashed.pop(token, None)
    request.session[SESSION_KEY] = stashed
    (_upload_dir() / token).unlink(missing_ok=True)


def _run(request, programme, entry: dict, *, dry_run: bool) -> ImportResult:
    return returns_import(
        acting_user=request.user,
        programme=programme,
        content=entry["content"],
        filename=entry["filename"],
        dry_run=dry_run,
    )


def returns_import_upload(request, pk: int) -> HttpResponse:
    programme, _ = programme_for_user(request.user, pk, need=ProgrammeNeed.MANAGE)
    form = ReturnsImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token = _stash(request, programme, form.cleaned_data["file"])
        return redirect("efficiency:returns_import_preview", programme.pk, token)
    return render(request, "efficiency/import.html", {"programme": programme, "form": form})


def returns_import_preview(request, pk: int, token: str) -> HttpResponse:
    programme, _ = programme_for_user(request.user, pk, need=ProgrammeNeed.MANAGE)
    entry = _stashed(request, programme, token)
    result = _run(request, programme, entry, dry_run=True)
    context = {
        "programme": programme,
        "token": token,
        "result": result,
        "filename": entry["filename"],
    }
    return render(request, "efficiency/import_preview.html", context)


@require_POST
def returns_import_confirm(request, pk: int, token: str) -> HttpResponse:
    programme, _ = programme_for_user(request.user, pk, need=ProgrammeNeed.MANAGE)
    entry = _stashed(request, programme, token)
    result = _run(request, programme, entry, dry_run=False)
    if result.errors:
        messages.error(request, CHANGED_SINCE_PREVIEW)
        return redirect("efficiency:returns_import_preview", programme.pk, token)
    _discard(request, token)
    messages.success(
        request,
        IMPORTED.format(filename=entry["filename"], created=result.created, updated=result.updated),
    )
    return redirect("efficiency:dashboard", programme.pk)
