"""Rows for the CSV and XLSX downloads of the plan pages (the table as filtered on screen)."""

from collections.abc import Iterator

from django.http import HttpResponse

from vfmhub.core.exports import export_response
from vfmhub.plans.models import Action, ActionStatus, Plan, Rag
from vfmhub.plans.selectors.tables import PlanTable, ThemeProgress

TABLE_HEADERS = [
    "Theme",
    "KLOE",
    "Issue",
    "Action",
    "Responsible officer",
    "Target date",
    "Status",
    "RAG",
]


def _table_rows(table: PlanTable) -> Iterator[list]:
    for theme in table.themes:
        for group in theme.criteria:
            for item in group.items:
                for action in item.shown or [None]:  # type: ignore[attr-defined]
                    yield [theme.label, group.label, item.text, *_action_cells(action)]


def _action_cells(action) -> list:
    if action is None:
        return []
    return [
        action.description,
        action.officer or (action.officer_user.email if action.officer_user else ""),
        action.target_date,
        action.get_status_display(),
        action.get_rag_display(),
        *[cell.text if cell else "" for cell in action.round_cells],
    ]


def plan_table_export(fmt: str, plan: Plan, table: PlanTable) -> HttpResponse:
    return export_response(
        fmt,
        filename=f"{plan.organisation.display_name}-{plan.title}",
        headers=[*TABLE_HEADERS, *[r.label for r in table.rounds]],
        rows=_table_rows(table),
    )


def progress_rows(progress: list[ThemeProgress]) -> tuple[list[str], Iterator[list]]:
    headers = [
        "Theme",
        *[s.label for s in ActionStatus],
        *[f"RAG {r.label}" for r in Rag],
        "RAG not set",
        "Total",
    ]
    rows = (
        [
            p.label,
            *[p.by_status[s] for s in ActionStatus.values],
            *[p.by_rag[r] for r in Rag.values],
            p.by_rag[""],
            p.total,
        ]
        for p in progress
    )
    return headers, rows


def actions_export(fmt: str, filename: str, actions: list[Action]) -> HttpResponse:
    """My actions and overdue lists: one row per action with its plan and body."""
    return export_response(
        fmt,
        filename=filename,
        headers=["Organisation", "Plan", "Action", "Officer", "Target date", "Status", "Overdue"],
        rows=(
            [
                a.item.plan.organisation.name,
                a.item.plan.title,
                a.description,
                a.officer,
                a.target_date,
                a.get_status_display(),
                "Yes" if a.is_overdue else "",  # type: ignore[attr-defined]
            ]
            for a in actions
        ),
    )
