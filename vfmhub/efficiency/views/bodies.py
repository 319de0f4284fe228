"""A body's efficiency page: baselines, trajectory against target (chart and table), council tax
bill figures, a summary of its gains register and its returns."""

from django.shortcuts import render

from vfmhub.core.charts import Series, bar_chart, money
from vfmhub.core.exports import export_response
from vfmhub.efficiency import calculations, selectors
from vfmhub.efficiency.access import body_efficiency_for_user
from vfmhub.lib import clock
from vfmhub.lib.years import financial_year_label


def _chart(access, rows):
    return bar_chart(
        title=f"Cumulative efficiency gains against target: {access.organisation.name}",
        description="Target, achieved (outturn) and forecast cumulative value for each year, "
        "in pounds. The table beside the chart gives the same figures.",
        categories=[financial_year_label(r.year) for r in rows],
        series=[
            Series("Target", [_pounds(r.target_amount) for r in rows]),
            Series("Achieved", [_pounds(r.achieved) for r in rows]),
            Series("Forecast", [_pounds(r.forecast) for r in rows]),
        ],
        number_format=money,
    )


def _pounds(value):
    return None if value is None else float(value)


def _export(access, rows):
    return [
        [
            financial_year_label(r.year),
            r.target_percent,
            r.target_amount,
            r.achieved,
            r.achieved_percent,
            r.forecast,
            *([r.register] if access.sees_gains else []),
        ]
        for r in rows
    ]


def body_page(request, pk: int, org_pk: int):
    access = body_efficiency_for_user(request.user, pk, org_pk)
    programme, organisation = access.programme, access.organisation
    baselines = selectors.body_baselines(programme, organisation)
    baseline = selectors.baseline_amount(baselines)
    gains = list(selectors.body_gains(programme, organisation)) if access.sees_gains else []
    returns = list(
        selectors.returns_visible(programme, organisation, sees_drafts=access.sees_drafts)
    )
    rows = selectors.trajectory(
        programme,
        access.participant,
        baseline=baseline,
        targets=programme.year_targets.all(),
        gains=gains,
        returns=returns,
    )
    if request.GET.get("export"):
        headers = ["Year", "Target %", "Target £", "Achieved £", "Achieved %", "Forecast £"]
        return export_response(
            request.GET["export"],
            filename=f"{organisation.display_name}-efficiency-trajectory",
            headers=headers + (["Register £"] if access.sees_gains else []),
            rows=_export(access, rows),
        )
    today = clock.today()
    statuses = [calculations.persistence_status(g, today) for g in gains]
    context = {
        "access": access,
        "programme": programme,
        "organisation": organisation,
        "participant": access.participant,
        "baselines": baselines,
        "baseline": baseline,
        "rows": rows,
        "chart": _chart(access, rows),
        "bill_rows": selectors.council_tax_figures(programme, organisation, baseline=baseline),
        "gain_count": len(gains),
        "checks_due": statuses.count("due"),
        "checks_coming": statuses.count("coming"),
        "returns": returns,
    }
    return render(request, "efficiency/body.html", context)
