"""One body's assessments side by side for a year, and its final scores over the years."""

from django.shortcuts import render

from vfmhub.assessments import selectors
from vfmhub.core.charts import Series, bar_chart
from vfmhub.core.exports import export_response
from vfmhub.frameworks.models import FrameworkVersion
from vfmhub.lib import clock
from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.access import organisation_for_user


def _chosen(request, choices: list[tuple]) -> tuple | None:
    wanted = (request.GET.get("version"), request.GET.get("year"))
    for choice in choices:
        if (str(choice[0]), str(choice[2])) == wanted:
            return choice
    return choices[0] if choices else None


def _comparison_rows(comparison):
    for row in [*comparison.criteria, *comparison.themes, *filter(None, [comparison.overall])]:
        kind = "Theme" if row.is_theme else "Criterion"
        yield [kind, row.code, row.title, *[cell.value for cell in row.cells]]


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
    if export and comparison is not None:
        return export_response(
            export,
            filename=f"{access.organisation.display_name}-{chosen[1]}-{chosen[2]}-comparison",  # type: ignore[index]
            headers=["Level", "Code", "Title", *[c.label for c in comparison.columns]],
            rows=_comparison_rows(comparison),
        )
    context = {
        "organisation": access.organisation,
        "choices": choices,
        "chosen": chosen,
        "comparison": comparison,
    }
    return render(request, "assessments/compare.html", context)


def _chart(history):
    return bar_chart(
        title=f"{history.framework}: overall final score by year",
        description="; ".join(
            f"{financial_year_label(r.year)}: {r.overall if r.overall is not None else 'none'}"
            for r in history.rows
        ),
        categories=[financial_year_label(r.year) for r in history.rows],
        series=[Series("Overall", [r.overall for r in history.rows])],
        max_value=history.top_level,
        y_label="Score",
    )


def assessment_history(request, pk: int):
    access = organisation_for_user(request.user, pk)
    histories = selectors.final_history(access, clock.today())
    export = request.GET.get("export")
    if export:
        return export_response(
            export,
            filename=f"{access.organisation.display_name}-final-scores",
            headers=["Framework", "Year", "Version", "Overall", "Theme scores"],
            rows=(
                [
                    h.framework,
                    financial_year_label(r.year),
                    r.version,
                    r.overall,
                    "; ".join(
                        f"{code}: {value if value is not None else '-'}"
                        for (code, _), value in zip(h.theme_columns, r.themes, strict=True)
                    ),
                ]
                for h in histories
                for r in h.rows
            ),
        )
    context = {
        "organisation": access.organisation,
        "histories": [(h, _chart(h)) for h in histories],
    }
    return render(request, "assessments/history.html", context)
