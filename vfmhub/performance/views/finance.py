"""The finance position pages: the position for a year and quarter (revenue with its variance
RAG and key, capital, the efficiency savings beside), edits of lines, forecasts and schemes,
CSV/XLSX downloads, and the import (upload, preview, confirm).

Only the organisation's own users reach them (`finance_access`: 404 to partnership users,
auditors and outsiders); writes need an editor (403 to viewers).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import save_form_page
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
from vfmhub.lib.years import financial_year_label, financial_year_of, year_or_none
from vfmhub.organisations.access import NEEDS_ROLE
from vfmhub.performance.access import (
    PerformanceAccess,
    capital_scheme_of,
    finance_access,
    performance_for_user,
    revenue_line_of,
)
from vfmhub.performance.forms import finance as forms
from vfmhub.performance.importing.finance import (
    FINANCE_KIND,
    FinanceImportResult,
    finance_import,
)
from vfmhub.performance.importing.finance.tables import CAPITAL, EXPECTED, REQUIRED, REVENUE
from vfmhub.performance.selectors import finance as selectors
from vfmhub.performance.services import finance as services

STASH = UploadStash(session_key="performance_finance_imports", folder="performance-finance")
CHANGED_SINCE_PREVIEW = "The file could not be imported: the figures changed since the preview."
IMPORTED = "Imported {filename}: {created} new and {updated} changed records."
NOTHING_CHANGED = "Nothing changed: everything in {filename} is already recorded."


def _finance(request: Any, org_pk: int, *, edit: bool = False) -> PerformanceAccess:
    """The organisation's finance: 404 to all but its own users, 403 to viewers on writes."""
    access = finance_access(performance_for_user(request.user, org_pk))
    if edit and not access.can_edit:
        raise PermissionDenied(NEEDS_ROLE)
    return access


def _period(request: Any) -> tuple[int, int]:
    """The year and quarter asked for, else the current ones (a bad value is ignored)."""
    today = clock.today()
    year = year_or_none(request.GET.get("year")) or financial_year_of(today)
    text = request.GET.get("quarter", "")
    quarter = int(text) if text in ("1", "2", "3", "4") else (today.month - 4) % 12 // 3 + 1
    return year, quarter


def _position_url(access: PerformanceAccess, year: int, quarter: int | None = None) -> str:
    url = reverse("performance:finance_position", args=[access.organisation.pk])
    return f"{url}?year={year}" + (f"&quarter={quarter}" if quarter else "")


REVENUE_HEADERS = ["Service", "Cost centre", "Budget", "Forecast outturn", "Forecast at"]
REVENUE_HEADERS += ["Actual to date", "Variance", "Variance %", "RAG", "Note"]
CAPITAL_HEADERS = ["Scheme", "Reference", "Budget", "Spend to date", "Forecast", "Forecast at"]
CAPITAL_HEADERS += ["Variance", "Slippage", "Note"]


def _quarter_label(quarter: int | None) -> str:
    return f"Q{quarter}" if quarter else ""


def _export(fmt: str, table: str, position: selectors.FinancePosition) -> HttpResponse:
    name = f"finance {position.organisation_name} {position.year} q{position.quarter} {table}"
    if table == "capital":
        rows: list[list[Any]] = [
            [
                c.name,
                c.reference,
                c.budget,
                c.spend_to_date,
                c.forecast,
                _quarter_label(c.forecast_quarter),
                c.variance,
                c.slippage,
                c.note,
            ]
            for c in position.capital
        ]
        return export_response(fmt, filename=name, headers=CAPITAL_HEADERS, rows=rows)
    rows = [
        [
            r.service,
            r.cost_centre,
            r.budget,
            r.forecast_outturn,
            _quarter_label(r.forecast_quarter),
            r.actual_to_date,
            r.variance,
            r.variance_percent,
            r.rag,
            r.note,
        ]
        for r in position.revenue
    ]
    return export_response(fmt, filename=name, headers=REVENUE_HEADERS, rows=rows)


def finance_position(request: Any, org_pk: int) -> HttpResponse:
    access = _finance(request, org_pk)
    year, quarter = _period(request)
    position = selectors.finance_position(access, year=year, quarter=quarter)
    if "export" in request.GET:
        table = "capital" if request.GET.get("table") == "capital" else "revenue"
        return _export(request.GET["export"], table, position)
    context = {
        "access": access,
        "organisation": access.organisation,
        "position": position,
        "year": year,
        "quarter": quarter,
        "quarters": (1, 2, 3, 4),
        "years": selectors.finance_years(access),
        "query": f"year={year}&quarter={quarter}",
    }
    return render(request, "performance/finance/position.html", context)


def _caption(access: PerformanceAccess, year: int) -> str:
    return f"{access.organisation.name}: finance {financial_year_label(year)}"


def revenue_line_add(request: Any, org_pk: int) -> HttpResponse:
    access = _finance(request, org_pk, edit=True)
    year, quarter = _period(request)
    form = forms.RevenueLineAddForm(request.POST or None, initial={"year": year})

    def save(data: dict[str, Any]) -> Any:
        data.pop("version_stamp", None)
        return services.revenue_line_add(
            acting_user=request.user, organisation=access.organisation, **data
        )

    return save_form_page(
        request,
        form,
        save,
        done="The budget line has been added.",
        back_url=_position_url(access, year, quarter),
        next_url=lambda line: _position_url(access, line.year, quarter),
        title="Add a revenue budget line",
        caption=access.organisation.name,
    )


def revenue_line_edit(request: Any, org_pk: int, line_pk: int) -> HttpResponse:
    access = _finance(request, org_pk, edit=True)
    line = revenue_line_of(access, line_pk)
    initial = {f: getattr(line, f) for f in ("service", "cost_centre", "budget", "source")}
    form = forms.RevenueLineForm(request.POST or None, initial=initial, updated_at=line.updated_at)

    def save(data: dict[str, Any]) -> Any:
        stamp = data.pop("version_stamp", None) or None
        return services.revenue_line_update(
            acting_user=request.user, line=line, expected_updated_at=stamp, **data
        )

    return save_form_page(
        request,
        form,
        save,
        done="The budget line has been changed.",
        back_url=_position_url(access, line.year),
        title=f"Change {line.service}",
        caption=_caption(access, line.year),
    )


def revenue_line_remove(request: Any, org_pk: int, line_pk: int) -> HttpResponse:
    access = _finance(request, org_pk, edit=True)
    line = revenue_line_of(access, line_pk)
    form = forms.RemoveForm(request.POST or None, updated_at=line.updated_at)

    def save(data: dict[str, Any]) -> None:
        services.revenue_line_remove(
            acting_user=request.user, line=line, expected_updated_at=data.get("version_stamp")
        )

    return save_form_page(
        request,
        form,
        save,
        done=f"{line.service} has been removed from the budget.",
        back_url=_position_url(access, line.year),
        title=f"Remove {line.service} and its forecasts?",
        caption=_caption(access, line.year),
        submit_label="Remove",
        intro="The line and every quarter's forecast for it are removed; the history keeps them.",
    )


def _quarter_asked(request: Any) -> int:
    text = request.POST.get("quarter") or request.GET.get("quarter", "")
    return int(text) if text in ("1", "2", "3", "4") else _period(request)[1]


def revenue_forecast(request: Any, org_pk: int, line_pk: int) -> HttpResponse:
    access = _finance(request, org_pk, edit=True)
    line = revenue_line_of(access, line_pk)
    quarter = _quarter_asked(request)
    existing = selectors.revenue_forecast_at(line, quarter)
    initial: dict[str, Any] = {"quarter": quarter}
    if existing is not None:
        initial.update(
            forecast_outturn=existing.forecast_outturn,
            actual_to_date=existing.actual_to_date,
            note=existing.note,
        )
    stamp = existing.updated_at if existing else None
    form = forms.RevenueForecastForm(request.POST or None, initial=initial, updated_at=stamp)

    def save(data: dict[str, Any]) -> Any:
        version = data.pop("version_stamp", None) or None
        return services.revenue_forecast_set(
            acting_user=request.user, line=line, expected_updated_at=version, **data
        )

    return save_form_page(
        request,
        form,
        save,
        done=f"The forecast for {line.service} has been saved.",
        back_url=_position_url(access, line.year, quarter),
        next_url=lambda saved: _position_url(access, line.year, saved.quarter),
        title=f"Forecast outturn for {line.service}",
        caption=_caption(access, line.year),
    )


def capital_scheme_add(request: Any, org_pk: int) -> HttpResponse:
    access = _finance(request, org_pk, edit=True)
    year, quarter = _period(request)
    form = forms.CapitalSchemeAddForm(request.POST or None, initial={"year": year})

    def save(data: dict[str, Any]) -> Any:
        data.pop("version_stamp", None)
        return services.capital_scheme_add(
            acting_user=request.user, organisation=access.organisation, **data
        )

    return save_form_page(
        request,
        form,
        save,
        done="The capital scheme has been added.",
        back_url=_position_url(access, year, quarter),
        next_url=lambda scheme: _position_url(access, scheme.year, quarter),
        title="Add a capital scheme",
        caption=access.organisation.name,
    )


def capital_scheme_edit(request: Any, org_pk: int, scheme_pk: int) -> HttpResponse:
    access = _finance(request, org_pk, edit=True)
    scheme = capital_scheme_of(access, scheme_pk)
    initial = {f: getattr(scheme, f) for f in ("name", "reference", "budget", "source")}
    form = forms.CapitalSchemeForm(
        request.POST or None, initial=initial, updated_at=scheme.updated_at
    )

    def save(data: dict[str, Any]) -> Any:
        stamp = data.pop("version_stamp", None) or None
        return services.capital_scheme_update(
            acting_user=request.user, scheme=scheme, expected_updated_at=stamp, **data
        )

    return save_form_page(
        request,
        form,
        save,
        done="The capital scheme has been changed.",
        back_url=_position_url(access, scheme.year),
        title=f"Change {scheme.name}",
        caption=_caption(access, scheme.year),
    )


def capital_quarter(request: Any, org_pk: int, scheme_pk: int) -> HttpResponse:
    access = _finance(request, org_pk, edit=True)
    scheme = capital_scheme_of(access, scheme_pk)
    quarter = _quarter_asked(request)
    existing = selectors.capital_forecast_at(scheme, quarter)
    initial: dict[str, Any] = {"quarter": quarter}
    if existing is not None:
        initial.update(
            spend_to_date=existing.spend_to_date, forecast=existing.forecast, note=existing.note
        )
    stamp = existing.updated_at if existing else None
    form = forms.CapitalQuarterForm(request.POST or None, initial=initial, updated_at=stamp)

    def save(data: dict[str, Any]) -> Any:
        version = data.pop("version_stamp", None) or None
        return services.capital_quarter_set(
            acting_user=request.user, scheme=scheme, expected_updated_at=version, **data
        )

    return save_form_page(
        request,
        form,
        save,
        done=f"The figures for {scheme.name} have been saved.",
        back_url=_position_url(access, scheme.year, quarter),
        next_url=lambda saved: _position_url(access, scheme.year, saved.quarter),
        title=f"Spend and forecast for {scheme.name}",
        caption=_caption(access, scheme.year),
    )


# The import: upload, preview (a dry run), confirm ------------------------------------------


def _run(request: Any, access, entry: dict[str, Any], *, dry_run: bool):
    return finance_import(
        acting_user=request.user,
        organisation=access.organisation,
        year=entry["year"],
        content=entry["content"],
        filename=entry["filename"],
        dry_run=dry_run,
        sheet=entry.get("sheet") or None,
        choices=ColumnChoices.from_dict(entry.get("columns")),
        quarter=entry.get("quarter"),
    )


def _sections() -> list[tuple[str, list[dict[str, Any]]]]:
    """The columns each table is read from, for the upload page."""
    return [
        (
            title,
            [
                {"heading": hs[0], "required": name in REQUIRED[kind], "synonyms": hs[1:]}
                for name, hs in EXPECTED[kind].headings.items()
            ],
        )
        for title, kind in (("Revenue budget", REVENUE), ("Capital programme", CAPITAL))
    ]


def finance_import_upload(request: Any, org_pk: int) -> HttpResponse:
    access = _finance(request, org_pk, edit=True)
    year, _ = _period(request)
    form = forms.FinanceImportForm(request.POST or None, request.FILES or None)
    form.fields["year"].initial = year
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        token = STASH.keep(
            request,
            data["file"],
            scope=access.organisation.pk,
            sheet=data.get("sheet", ""),
            year=data["year"],
            quarter=data.get("quarter"),
            columns=column_choices_for(access.organisation, FINANCE_KIND).as_dict(),
        )
        return redirect("performance:finance_import_preview", access.organisation.pk, token)
    context = {
        "form": form,
        "title": "Import the finance position",
        "caption": access.organisation.name,
        "back_url": _position_url(access, year),
        "back_label": "Back to the finance position",
        "sections": _sections(),
    }
    return render(request, "performance/finance/import.html", context)


def finance_import_preview(request: Any, org_pk: int, token: str) -> HttpResponse:
    access = _finance(request, org_pk, edit=True)
    entry = STASH.entry(request, token, scope=access.organisation.pk)
    choices = preview_choices(request, STASH, token, entry)
    result = _run(request, access, {**entry, "columns": choices.as_dict()}, dry_run=True)
    context = {
        "result": result,
        "filename": entry["filename"],
        "caption": _caption(access, entry["year"]),
        "counts": _counts(result),
        "upload_url": reverse("performance:finance_import", args=[access.organisation.pk]),
        "confirm_url": reverse(
            "performance:finance_import_confirm", args=[access.organisation.pk, token]
        ),
        "back_url": _position_url(access, entry["year"]),
        "button": "Import these figures",
        "sheet": result.sheet,
        "column_choices": choices,
    }
    return import_preview_page(request, "performance/finance/import_preview.html", context)


def _counts(result: FinanceImportResult) -> list[tuple[str, int]]:
    counts = []
    for plan in result.plans:
        label = "Revenue lines" if plan.kind.label == "revenue" else "Capital schemes"
        counts += [
            (f"{label}: new", plan.lines.created),
            (f"{label}: budget changed", plan.lines.updated),
            (f"{label}: quarterly figures new", plan.forecasts.created),
            (f"{label}: quarterly figures changed", plan.forecasts.updated),
        ]
    return [
        *counts,
        ("Unchanged", result.unchanged),
        ("Totals rows checked", result.totals_checked),
    ]


@require_POST
def finance_import_confirm(request: Any, org_pk: int, token: str) -> HttpResponse:
    access = _finance(request, org_pk, edit=True)

    def done(entry: dict[str, Any], result: FinanceImportResult) -> tuple[str, str]:
        column_choices_remember(
            acting_user=request.user,
            owner=access.organisation,
            kind=FINANCE_KIND,
            choices=ColumnChoices.from_dict(entry.get("columns")),
        )
        wording = IMPORTED if result.changed else NOTHING_CHANGED
        message = wording.format(
            filename=entry["filename"], created=result.created, updated=result.updated
        )
        return message, _position_url(access, entry["year"])

    return import_confirmed(
        request,
        STASH,
        token,
        scope=access.organisation.pk,
        run=lambda entry: _run(request, access, entry, dry_run=False),
        changed_since_preview=CHANGED_SINCE_PREVIEW,
        preview_url=reverse(
            "performance:finance_import_preview", args=[access.organisation.pk, token]
        ),
        done=done,
    )
