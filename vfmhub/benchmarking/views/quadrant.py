"""Cost against performance: a spending line per head across, an indicator up, every body of the
group with both values placed and split at the group medians (the body's own figures counted in
them), polarity respected; the body's own quadrant named in words. `?export=csv|xlsx` downloads
the table."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from vfmhub.benchmarking.exporting.charts import Dot, scatter_chart
from vfmhub.benchmarking.selectors.benchmark import (
    measure_choices,
    spend_choices,
)
from vfmhub.benchmarking.selectors.groups import (
    DEFAULT_TOKEN,
    Body,
    group_choices,
)
from vfmhub.benchmarking.selectors.pages import QuadrantPage, quadrant_page
from vfmhub.benchmarking.views.common import (
    NOT_NAMED_HINT,
    body_page,
    with_group,
)
from vfmhub.core.exports import export_response
from vfmhub.core.list_pages import filters_query

HEADERS = ["Area", "GSS code", "Cost", "Performance", "Quadrant", "This body", "Group cited as"]


def placed_rows(page: QuadrantPage) -> SafeString:
    """The table's rows, built here rather than in the template: a national group is 400 rows."""
    return format_html_join(
        "\n",
        '<tr class="govuk-table__row" data-quadrant="{}"{}><td class="govuk-table__cell">{}{}</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
        '<td class="govuk-table__cell">{}</td></tr>',
        (
            (
                p.quadrant.key,
                mark_safe(' data-body="yes"') if p.member.is_body else "",
                format_html("<strong>{}</strong> (this body)", p.member.name)
                if p.member.is_body
                else p.member.name,
                format_html(' <span class="govuk-body-s">{}</span>', p.member.code)
                if p.member.named
                else "",
                page.cost.value_text(p.cost),
                page.performance.value_text(p.performance),
                capfirst(p.quadrant.words),
            )
            for p in page.placed
        ),
    )


def export_rows(page: QuadrantPage) -> list[list]:
    return [
        [
            p.member.name,
            p.member.code if p.member.named else "",
            p.cost,
            p.performance,
            p.quadrant.words,
            "Yes" if p.member.is_body else "",
            page.group.citation,
        ]
        for p in page.placed
    ]


def _chart(page: QuadrantPage, body: Body) -> str:
    if len(page.placed) < 2 or page.cost_median is None or page.performance_median is None:
        return ""
    mine = page.body
    return scatter_chart(
        title=f"{page.cost.title} against {page.performance.title}, {page.group.label}",
        description=(
            f"{len(page.placed)} bodies; median cost {page.cost.value_text(page.cost_median)}, "
            f"median performance {page.performance.value_text(page.performance_median)}"
            + (f"; {body.name}: {mine.quadrant.words}." if mine else ".")
        ),
        dots=[Dot(p.cost, p.performance, p.member.is_body) for p in page.placed],
        cost_median=page.cost_median,
        performance_median=page.performance_median,
        x_label=f"{page.cost.title} (£ per head)",
        y_label=page.performance.title[:60],
    )


def quadrant(request: Any, org_pk: int) -> HttpResponse:
    access, body = body_page(request, org_pk)
    context: dict[str, Any] = {
        "organisation": access.organisation,
        "body": body,
        "costs": spend_choices(),
        "measures": measure_choices(),
        "groups": group_choices(request.user, body),
        "cost_token": request.GET.get("cost", ""),
        "performance_token": request.GET.get("performance", ""),
        "group_token": request.GET.get("group") or DEFAULT_TOKEN,
        "query": filters_query(request),
        "not_named_hint": NOT_NAMED_HINT,
    }
    if context["cost_token"] and context["performance_token"] and body.code:
        page = quadrant_page(
            request.user,
            body,
            cost_token=context["cost_token"],
            performance_token=context["performance_token"],
            group_token=context["group_token"],
            year=request.GET.get("year"),
        )
        fmt = request.GET.get("export")
        if fmt:
            name = f"{access.organisation.name} cost against performance {page.year}"
            return export_response(fmt, filename=name, headers=HEADERS, rows=export_rows(page))
        context |= {
            "groups": with_group(context["groups"], page.group),
            "page": page,
            "chart": _chart(page, body),
            "year_label": page.cost.year_label(page.year) if page.years else "",
            "year_options": [(y, page.cost.year_label(y)) for y in reversed(page.years)],
            "rows": placed_rows(page),
            "medians": (
                page.cost.value_text(page.cost_median),
                page.performance.value_text(page.performance_median),
            ),
            "any_unnamed": any(not p.member.named for p in page.placed),
        }
    return render(request, "benchmarking/quadrant.html", context)
