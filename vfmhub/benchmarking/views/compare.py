"""The compare page: one measure, one comparator group, one year. The body's value against the
group's median and quartiles, its percentile and its distance from the median in median absolute
deviations; the distribution as a strip chart beside its table; the trend against the group
median. `?export=csv|xlsx` downloads the table of the group's values."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from vfmhub.benchmarking.calculations.distribution import (
    mads_words,
    position_words,
)
from vfmhub.benchmarking.exporting.charts import strip_chart, trend_chart
from vfmhub.benchmarking.selectors.benchmark import (
    measure_choices,
)
from vfmhub.benchmarking.selectors.groups import (
    DEFAULT_TOKEN,
    Body,
    group_choices,
)
from vfmhub.benchmarking.selectors.pages import Comparison, comparison, group_values
from vfmhub.benchmarking.views.common import (
    NOT_NAMED_HINT,
    body_page,
    with_group,
)
from vfmhub.core.exports import export_response
from vfmhub.core.list_pages import filters_query

HEADERS = ["Area", "GSS code", "Value", "Unit", "This body", "Year", "Group", "Group cited as"]


def _charts(found: Comparison, body: Body) -> dict[str, str]:
    stats, measure = found.stats, found.measure
    charts: dict[str, str] = {}
    if stats is not None and stats.n > 1:
        others = group_values(found.group.codes, found.values)
        charts["strip"] = strip_chart(
            title=f"{measure.title}, {measure.year_label(found.year)}: {found.group.label}",
            description=(
                f"{stats.n} values from {measure.value_text(stats.minimum)} to "
                f"{measure.value_text(stats.maximum)}; median {measure.value_text(stats.median)}; "
                f"{body.name}: {measure.value_text(stats.value)}."
            ),
            others=others,
            value=stats.value,
            quartiles=(stats.lower_quartile, stats.median, stats.upper_quartile),
        )
    if len(found.trend) > 1:
        charts["trend"] = trend_chart(
            title=f"{measure.title}: {body.name} against the group median",
            description="; ".join(
                f"{row.label}: {measure.value_text(row.value)} against a median of "
                f"{measure.value_text(row.median)}"
                for row in found.trend
            ),
            categories=[row.label for row in found.trend],
            body=[row.value for row in found.trend],
            medians=[row.median for row in found.trend],
        )
    return charts


def member_rows(found: Comparison) -> SafeString:
    """The table's rows, built here rather than in the template: a national group is 400 rows."""
    return format_html_join(
        "\n",
        '<tr class="govuk-table__row"{}><td class="govuk-table__cell">{}</td>'
        '<td class="govuk-table__cell">{}</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td></tr>',
        (
            (
                mark_safe(' data-body="yes"') if m.is_body else "",
                format_html("<strong>{}</strong> (this body)", m.name) if m.is_body else m.name,
                m.code if m.named else "",
                found.measure.value_text(found.values.values[m.code]),
            )
            for m in found.members
        ),
    )


def export_rows(found: Comparison) -> list[list]:
    label = found.measure.year_label(found.year)
    return [
        [
            member.name,
            member.code if member.named else "",
            found.values.values[member.code],
            found.measure.unit,
            "Yes" if member.is_body else "",
            label,
            found.group.label,
            found.group.citation,
        ]
        for member in found.members
    ]


def compare(request: Any, org_pk: int) -> HttpResponse:
    access, body = body_page(request, org_pk)
    context: dict[str, Any] = {
        "organisation": access.organisation,
        "body": body,
        "measures": measure_choices(),
        "groups": group_choices(request.user, body),
        "measure_token": request.GET.get("measure", ""),
        "group_token": request.GET.get("group") or DEFAULT_TOKEN,
        "query": filters_query(request),
        "not_named_hint": NOT_NAMED_HINT,
    }
    if context["measure_token"] and body.code:
        found = comparison(
            request.user,
            body,
            measure_token=context["measure_token"],
            group_token=context["group_token"],
            year_text=request.GET.get("year"),
        )
        fmt = request.GET.get("export")
        if fmt:
            name = f"{access.organisation.name} {found.measure.title} {found.year}"
            return export_response(fmt, filename=name, headers=HEADERS, rows=export_rows(found))
        context |= _page(found, body)
        context["groups"] = with_group(context["groups"], found.group)
    return render(request, "benchmarking/compare.html", context)


def _page(found: Comparison, body: Body) -> dict[str, Any]:
    stats, measure = found.stats, found.measure
    return {
        "found": found,
        "stats": stats,
        "year_options": [(y, measure.year_label(y)) for y in reversed(found.years)],
        "year_label": measure.year_label(found.year) if found.years else "",
        "charts": _charts(found, body),
        "shown": {
            "value": measure.value_text(stats.value) if stats else "No value",
            "median": measure.value_text(stats.median) if stats else "",
            "quartiles": (
                f"{measure.value_text(stats.lower_quartile)} to "
                f"{measure.value_text(stats.upper_quartile)}"
                if stats
                else ""
            ),
        },
        "position": (
            position_words(stats.position, measure.polarity) if stats and stats.position else ""
        ),
        "mads": mads_words(stats.mads_from_median, stats.mad) if stats else "",
        "rows": member_rows(found),
        "trend": [
            (row, measure.value_text(row.value), measure.value_text(row.median))
            for row in found.trend
        ],
        "any_unnamed": any(not m.named for m in found.members),
    }
