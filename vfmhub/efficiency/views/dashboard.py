"""The programme dashboard (any reader of the programme) and chasing missing returns (managers).

`?export=csv|xlsx&table=...` downloads one of the dashboard's tables with the page's figures,
`?export=pdf` the programme report.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from vfmhub.core.exports import export_response
from vfmhub.core.post_outcomes import report_outcome
from vfmhub.efficiency import forms, services
from vfmhub.efficiency.access import ProgrammeNeed, participant_for_programme, programme_for_user
from vfmhub.efficiency.exporting import dashboard as tables
from vfmhub.efficiency.exporting import report
from vfmhub.efficiency.exporting.chart import progress_chart
from vfmhub.efficiency.models import EfficiencyProgramme, ReturnKind
from vfmhub.efficiency.selectors.dashboard import ProgrammeDashboard, programme_dashboard
from vfmhub.efficiency.selectors.dashboard.filters import DashboardFilters
from vfmhub.efficiency.selectors.programmes import chases_sent
from vfmhub.efficiency.services.chase import chase_message
from vfmhub.efficiency.views.common import programme_url
from vfmhub.lib import clock
from vfmhub.lib.years import financial_year_label

CHASED = "Reminder sent to {recipients}."
CHOOSE_TABLE = "Choose a table to export."


def _dashboard(
    request, programme: EfficiencyProgramme
) -> tuple[ProgrammeDashboard, DashboardFilters]:
    filters = DashboardFilters(request.GET or None, programme=programme)
    dashboard = programme_dashboard(
        programme,
        year=filters.value("year"),
        kind=filters.value("kind") or ReturnKind.FORECAST,
        threshold=filters.value("threshold"),
        today=clock.today(),
    )
    return dashboard, filters


def _query(dashboard: ProgrammeDashboard) -> str:
    return f"year={dashboard.year}&kind={dashboard.kind}&threshold={dashboard.threshold or ''}"


def _export(request, dashboard: ProgrammeDashboard, fmt: str) -> HttpResponse:
    """The programme report (PDF) or one of the dashboard's tables (CSV, XLSX)."""
    if fmt == "pdf":
        made = report.programme_report(dashboard)
        response = HttpResponse(report.report_pdf(made), content_type=report.PDF_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{made.filename}.pdf"'
        return response
    table = request.GET.get("table", "")
    if table not in tables.TABLES:
        raise Http404(CHOOSE_TABLE)
    title, headers, rows = tables.dashboard_table(dashboard, table)
    name = f"{dashboard.programme.name} {title} {financial_year_label(dashboard.year)}"
    return export_response(fmt, filename=name, headers=headers, rows=rows)


def programme_dashboard_page(request, pk: int) -> HttpResponse:
    programme, access = programme_for_user(request.user, pk, need=ProgrammeNeed.READ)
    dashboard, filters = _dashboard(request, programme)
    fmt = request.GET.get("export")
    if fmt:
        return _export(request, dashboard, fmt)
    context = {
        "programme": programme,
        "access": access,
        "dashboard": dashboard,
        "filters": filters,
        "query": _query(dashboard),
        "chart": progress_chart(dashboard),
    }
    return render(request, "efficiency/dashboard.html", context)


def return_chase_list(request, pk: int) -> HttpResponse:
    programme, _ = programme_for_user(request.user, pk, need=ProgrammeNeed.MANAGE)
    dashboard, filters = _dashboard(request, programme)
    missing = [
        (
            body,
            forms.ChaseForm(
                initial={
                    "year": dashboard.year,
                    "kind": dashboard.kind,
                    "message": chase_message(
                        programme, body.name, dashboard.year, dashboard.kind, dashboard.due_on
                    ),
                }
            ),
        )
        for body in dashboard.missing
    ]
    context = {
        "programme": programme,
        "dashboard": dashboard,
        "filters": filters,
        "missing": missing,
        "chases": chases_sent(programme),
    }
    return render(request, "efficiency/chase.html", context)


@require_POST
def return_chase_send(request, pk: int, org_pk: int) -> HttpResponse:
    programme, _ = programme_for_user(request.user, pk, need=ProgrammeNeed.MANAGE)
    participant = participant_for_programme(programme, org_pk)
    form = forms.ChaseForm(request.POST)
    if form.is_valid():
        report_outcome(
            request,
            lambda: services.return_chase(
                acting_user=request.user,
                programme=programme,
                organisation=participant.organisation,
                **form.cleaned_data,
            ),
            lambda chase: CHASED.format(recipients=", ".join(chase.recipients)),
        )
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    query = urlencode({"year": form.data.get("year", ""), "kind": form.data.get("kind", "")})
    return redirect(f"{programme_url(programme, 'efficiency:return_chase')}?{query}")
