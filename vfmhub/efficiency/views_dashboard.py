"""The programme dashboard (any reader of the programme) and chasing missing returns (managers).

`?export=csv|xlsx&table=...` downloads one of the dashboard's tables with the page's figures.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from vfmhub.core.exports import export_response
from vfmhub.efficiency import exporting, report
from vfmhub.efficiency.access import ProgrammeNeed, programme_for_user
from vfmhub.efficiency.chase import chase_message, return_chase
from vfmhub.efficiency.dashboard import ProgrammeDashboard, programme_dashboard
from vfmhub.efficiency.dashboard.chart import progress_chart
from vfmhub.efficiency.dashboard.filters import DashboardFilters
from vfmhub.efficiency.forms_import import ChaseForm
from vfmhub.efficiency.models import EfficiencyProgramme, Participant, ReturnChase, ReturnKind
from vfmhub.lib import clock
from vfmhub.lib.years import financial_year_label

CHASED = "Reminder sent to {recipients}."


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


def programme_dashboard_page(request, pk: int) -> HttpResponse:
    programme, access = programme_for_user(request.user, pk, need=ProgrammeNeed.READ)
    dashboard, filters = _dashboard(request, programme)
    fmt = request.GET.get("export")
    if fmt == "pdf":
        made = report.programme_report(dashboard)
        response = HttpResponse(report.report_pdf(made), content_type=report.PDF_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{made.filename}.pdf"'
        return response
    if fmt:
        table = request.GET.get("table", "")
        if table not in exporting.TABLES:
            raise Http404("Choose a table to export.")
        title, headers, rows = exporting.dashboard_table(dashboard, table)
        name = f"{programme.name} {title} {financial_year_label(dashboard.year)}"
        return export_response(fmt, filename=name, headers=headers, rows=rows)
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
            ChaseForm(
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
    chases = ReturnChase.objects.filter(programme=programme).select_related(
        "organisation", "sent_by"
    )[:200]
    context = {
        "programme": programme,
        "dashboard": dashboard,
        "filters": filters,
        "missing": missing,
        "chases": chases,
    }
    return render(request, "efficiency/chase.html", context)


@require_POST
def return_chase_send(request, pk: int, org_pk: int) -> HttpResponse:
    programme, _ = programme_for_user(request.user, pk, need=ProgrammeNeed.MANAGE)
    participant = get_object_or_404(
        Participant.objects.select_related("organisation"),
        programme=programme,
        organisation_id=org_pk,
    )
    form = ChaseForm(request.POST)
    if form.is_valid():
        try:
            chase = return_chase(
                acting_user=request.user,
                programme=programme,
                organisation=participant.organisation,
                year=form.cleaned_data["year"],
                kind=form.cleaned_data["kind"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, CHASED.format(recipients=", ".join(chase.recipients)))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    query = urlencode({"year": form.data.get("year", ""), "kind": form.data.get("kind", "")})
    return redirect(f"{reverse('efficiency:return_chase', args=[programme.pk])}?{query}")
