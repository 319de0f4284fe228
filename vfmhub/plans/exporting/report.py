"""A plan as a committee report (PDF, A4 landscape): summary counts, progress by theme as a chart
with its table, then the plan table with each round's current update.

The numbers come from the same selectors as the plan's pages (`plan_progress`, `plan_table`), so
the report and the screens cannot disagree. Access is the caller's business.
"""

import datetime
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.text import slugify

from vfmhub.core.charts import Series, bar_chart
from vfmhub.plans.models import ActionStatus, Plan, Rag
from vfmhub.plans.selectors import tables as selectors

PDF_TYPE = "application/pdf"


@dataclass
class PlanReport:
    plan: Plan
    today: datetime.date
    progress: list[selectors.ThemeProgress]
    table: selectors.PlanTable
    status_chart: SafeString
    rag_chart: SafeString

    @property
    def totals(self) -> dict[str, int]:
        by_status = {
            s.value: sum(p.by_status[s.value] for p in self.progress) for s in ActionStatus
        }
        return {
            "items": sum(len(c.items) for t in self.table.themes for c in t.criteria),
            "actions": sum(p.total for p in self.progress),
            "rounds": len(self.table.rounds),
            "completed": by_status[ActionStatus.COMPLETED],
            "no_action": by_status[ActionStatus.NO_ACTION],
        }

    @property
    def status_totals(self) -> list[tuple[str, int]]:
        return [(s.label, sum(p.by_status[s.value] for p in self.progress)) for s in ActionStatus]

    @property
    def filename(self) -> str:
        return f"{slugify(self.plan.title) or 'plan'}-report"


def _short(label: str) -> str:
    return label if len(label) <= 22 else label[:21] + "…"


def plan_report(plan: Plan, today: datetime.date) -> PlanReport:
    progress = selectors.plan_progress(plan)
    table = selectors.plan_table(plan, selectors.PlanFilters(), today)
    categories = [_short(p.label) for p in progress]
    status_chart = bar_chart(
        title="Actions by status and theme",
        description="Number of actions in each status, for each theme. The table beside the "
        "chart gives the same figures.",
        categories=categories,
        series=[Series(s.label, [p.by_status[s.value] for p in progress]) for s in ActionStatus],
        y_label="Actions",
        width=900,
        height=230,
    )
    rag_colours = {Rag.RED: "#d4351c", Rag.AMBER: "#f47738", Rag.GREEN: "#00703c"}
    rag_chart = bar_chart(
        title="Actions by RAG rating and theme",
        description="Number of actions rated red, amber or green, and not rated, for each theme.",
        categories=categories,
        series=[
            *(Series(r.label, [p.by_rag[r.value] for p in progress], rag_colours[r]) for r in Rag),
            Series("Not rated", [p.by_rag[""] for p in progress], "#b1b4b6"),
        ],
        y_label="Actions",
        width=900,
        height=230,
    )
    return PlanReport(plan, today, progress, table, status_chart, rag_chart)


def report_html(report: PlanReport) -> str:
    context = {
        "report": report,
        "plan": report.plan,
        "statuses": list(ActionStatus),
        "rags": list(Rag),
    }
    return render_to_string("plans/report.html", context)


def report_pdf(report: PlanReport) -> bytes:
    import weasyprint  # imported here: it is slow to import and only exports need it

    return weasyprint.HTML(string=report_html(report)).write_pdf()
