"""The partnership score dashboard and its downloads."""

from django.shortcuts import render

from vfmhub.assessments.exporting.dashboard import distribution_table, member_scores_table
from vfmhub.assessments.forms.dashboard import DashboardChoice, DashboardForm
from vfmhub.assessments.selectors.dashboard import SOURCE_LABELS, partnership_dashboard_tables
from vfmhub.assessments.views.charts import overall_chart
from vfmhub.core.exports import export_response
from vfmhub.lib import clock
from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.access import partnership_for_user, readable_member_ids

MEMBERS_TABLE = "members"  # ?table=members downloads each member's scores


def partnership_score_dashboard(request, pk: int):
    access = partnership_for_user(request.user, pk)
    today = clock.today()
    filters = DashboardForm.for_partnership(
        request.user, access.partnership, request.GET, today=today
    )
    context = {"access": access, "partnership": access.partnership, "filters": filters}
    if filters.choice is None:
        return render(request, "assessments/dashboard.html", context)
    context.update(_dashboard_results(access.partnership, filters.choice, today))
    if request.GET.get("export"):
        return _distribution_export(
            request.GET["export"], access.partnership, context, request.GET.get("table", "")
        )
    # Member names link only to the pages this user may open.
    context["members_readable"] = readable_member_ids(access, request.user)
    return render(request, "assessments/dashboard.html", context)


def _dashboard_results(partnership, choice: DashboardChoice, today) -> dict:
    distribution, progress, members = partnership_dashboard_tables(
        partnership,
        choice.version,
        choice.year,
        source=choice.source,
        today=today,
        shift=choice.shift,
        threshold=choice.threshold,
    )
    return {
        "choice": choice,
        "distribution": distribution,
        "targets": progress,
        "members": members,
        "source_label": SOURCE_LABELS[choice.source],
        "chart": overall_chart(distribution, title=f"Overall scores, {choice.version.name}"),
    }


def _distribution_export(fmt: str, partnership, context: dict, table: str = ""):
    """The counts table, or with `table` "members" each member's scores."""
    choice = context["choice"]
    if table == MEMBERS_TABLE:
        headers, rows = member_scores_table(context["members"])
    else:
        headers, rows = distribution_table(context["distribution"])
    projection = {0: "", -1: "-one-level-lower", 1: "-one-level-higher"}[choice.shift]
    name = (
        f"{partnership.display_name}-{choice.version.name}-{financial_year_label(choice.year)}"
        f"-{SOURCE_LABELS[choice.source]}{projection}"
        f"{'-members' if table == MEMBERS_TABLE else ''}"
    )
    return export_response(fmt, filename=name, headers=headers, rows=rows)
