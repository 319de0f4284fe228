"""A partnership's benchmarking pages: its members' overall scores against all bodies of the same
class on the platform (with the assessments dashboard's controls: framework version, year,
source, projection), and who may be struggling. `?export=csv|xlsx` downloads each table."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from vfmhub.assessments.forms.dashboard import DashboardForm
from vfmhub.assessments.selectors.dashboard import SOURCE_LABELS
from vfmhub.benchmarking.access.partnership import partnership_benchmarking_for_user
from vfmhub.benchmarking.selectors.partnership_scores import (
    ClassComparison,
    PartnershipScores,
    level_share,
    partnership_scores,
    scores_table,
)
from vfmhub.benchmarking.selectors.struggling import LABELS, RULES, struggling, struggling_table
from vfmhub.core.charts import Series, bar_chart
from vfmhub.core.exports import export_response
from vfmhub.lib import clock
from vfmhub.lib.years import financial_year_label

PROJECTIONS = {0: "", -1: " one level lower", 1: " one level higher"}


def _chart(scores: PartnershipScores, comparison: ClassComparison) -> Any:
    """Per level, the share of the members and of all on the platform (shares, since the two
    counts differ by far)."""
    levels = [lv.value for lv in scores.levels]
    sides = [("Members", comparison.members), ("All on the platform", comparison.platform)]
    series = [
        Series(name, [float(level_share(row, v).rstrip("%") or 0) for v in levels])
        for name, row in sides
        if row is not None and row.scored
    ]
    if not series:
        return None
    words = "; ".join(
        f"{name}: " + ", ".join(f"level {v} {level_share(row, v) or '0%'}" for v in levels)
        for name, row in sides
        if row is not None and row.scored
    )
    return bar_chart(
        title=f"{comparison.label}: share at each level",
        description=f"Bar chart of the share of bodies at each overall level. {words}.",
        categories=[f"Level {v}" for v in levels],
        series=series,
        max_value=100,
        y_label="% of bodies scored",
        width=560,
        height=320,
    )


def scores(request: Any, partnership_pk: int) -> HttpResponse:
    access = partnership_benchmarking_for_user(request.user, partnership_pk)
    today = clock.today()
    filters = DashboardForm.for_partnership(
        request.user, access.partnership, request.GET, today=today
    )
    context: dict[str, Any] = {"partnership": access.partnership, "filters": filters}
    choice = filters.choice
    if choice is not None:
        found = partnership_scores(
            access.partnership,
            choice.version,
            choice.year,
            today=today,
            source=choice.source,
            shift=choice.shift,
            threshold=choice.threshold,
        )
        if request.GET.get("export"):
            headers, rows = scores_table(found)
            name = (
                f"{access.partnership.display_name} scores {choice.version.name} "
                f"{financial_year_label(choice.year)} {choice.source}{PROJECTIONS[choice.shift]}"
            )
            return export_response(request.GET["export"], filename=name, headers=headers, rows=rows)
        context.update(
            scores=found,
            charts=[(c, _chart(found, c)) for c in found.classes],
            source_label=SOURCE_LABELS[choice.source],
            year_label=financial_year_label(choice.year),
            query=filters.query_string(),
        )
    return render(request, "benchmarking/partnership/scores.html", context)


def struggling_page(request: Any, partnership_pk: int) -> HttpResponse:
    access = partnership_benchmarking_for_user(request.user, partnership_pk)
    found = struggling(access.partnership, today=clock.today())
    if request.GET.get("export"):
        headers, rows = struggling_table(found)
        name = f"{access.partnership.display_name} who may be struggling"
        return export_response(request.GET["export"], filename=name, headers=headers, rows=rows)
    rules = [(LABELS[key], rule) for key, rule in RULES.items()]
    context = {"partnership": access.partnership, "found": found, "rules": rules}
    return render(request, "benchmarking/partnership/struggling.html", context)
