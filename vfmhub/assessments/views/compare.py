"""One body's assessments side by side for a year, and its final scores over the years."""

from django.shortcuts import render

from vfmhub.assessments.exporting.lists import comparison_table, history_table
from vfmhub.assessments.selectors import compare as selectors
from vfmhub.assessments.views.charts import history_chart
from vfmhub.core.exports import export_response
from vfmhub.frameworks.models import FrameworkVersion
from vfmhub.lib import clock
from vfmhub.organisations.access import organisation_for_user


def _chosen(request, choices: list[tuple]) -> tuple | None:
    wanted = (request.GET.get("version"), request.GET.get("year"))
    for choice in choices:
        if (str(choice[0]), str(choice[2])) == wanted:
            return choice
    return choices[0] if choices else None


def assessment_compare(request, pk: int):
    access = organisation_for_user(request.user, pk)
    today = clock.today()
    choices = selectors.comparison_choices(request.user, access, today)
    chosen = _chosen(request, choices)
    comparison = None
    if chosen is not None:
        version = FrameworkVersion(pk=chosen[0], name=chosen[1])
        comparison = selectors.comparison(access, version, chosen[2], today)
    export = request.GET.get("export")
    if export and chosen is not None and comparison is not None:
        headers, rows = comparison_table(comparison)
        filename = f"{access.organisation.display_name}-{chosen[1]}-{chosen[2]}-comparison"
        return export_response(export, filename=filename, headers=headers, rows=rows)
    context = {
        "organisation": access.organisation,
        "choices": choices,
        "chosen": chosen,
        "comparison": comparison,
    }
    return render(request, "assessments/compare.html", context)


def assessment_history(request, pk: int):
    access = organisation_for_user(request.user, pk)
    histories = selectors.final_history(access, clock.today())
    export = request.GET.get("export")
    if export:
        headers, rows = history_table(histories)
        filename = f"{access.organisation.display_name}-final-scores"
        return export_response(export, filename=filename, headers=headers, rows=rows)
    context = {
        "organisation": access.organisation,
        "histories": [(h, history_chart(h)) for h in histories],
    }
    return render(request, "assessments/history.html", context)
