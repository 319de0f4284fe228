"""The programme dashboard's tables as rows for CSV and XLSX: the same figures as the page.

`dashboard_table(dashboard, name)` gives (title, headers, rows) for one of `TABLES`.
"""

from collections.abc import Callable, Sequence
from typing import Any

from vfmhub.efficiency.models import Rating
from vfmhub.efficiency.selectors.dashboard import RATING_COLUMNS, ProgrammeDashboard
from vfmhub.lib.years import financial_year_label

Table = tuple[str, list[str], Sequence[Sequence[Any]]]
RATING_LABELS = dict(Rating.choices)


def _returns(d: ProgrammeDashboard) -> Table:
    headers = ["Body", "GSS code", "Return", "Submitted", "Late", "Overdue"]
    rows = [
        [
            r.name,
            r.gss_code,
            "Received" if r.received else "Missing",
            r.submitted_at.date() if r.submitted_at else None,
            "Yes" if r.is_late else "",
            "Yes" if r.is_overdue else "",
        ]
        for r in d.returns
    ]
    return "Returns received and missing", headers, rows


def _ratings(d: ProgrammeDashboard) -> Table:
    labels = [label for _, label in RATING_COLUMNS]
    headers = ["Year", *labels, *(f"{label}: bodies" for label in labels)]
    rows = [
        [
            financial_year_label(row.year),
            *(c.count for c in row.cells),
            *("; ".join(c.bodies) for c in row.cells),
        ]
        for row in d.ratings
    ]
    return "Green, Amber and Red forecasts", headers, rows


def _progress(d: ProgrammeDashboard, rows_from=None) -> Table:
    headers = [
        "Body",
        "Baseline (£)",
        "Cumulative value (£)",
        "% of baseline",
        "Target %",
        "Target (£)",
        "Difference (points)",
        f"Rating {financial_year_label(d.year)}",
    ]
    rows = [
        [
            b.name,
            b.baseline,
            b.value,
            b.percent,
            b.target_percent,
            b.target_amount,
            b.difference,
            RATING_LABELS.get(b.rating, "Not rated"),
        ]
        for b in (d.bodies if rows_from is None else rows_from)
    ]
    return "Progress by body", headers, rows


def _below(d: ProgrammeDashboard) -> Table:
    _, headers, rows = _progress(d, d.below_threshold)
    return f"Bodies below {d.threshold}%", headers, rows


def _targets(d: ProgrammeDashboard) -> Table:
    headers = ["Year", "Cumulative target %", "Target (£)", "Achieved (£)", "Achieved %"]
    rows = [
        [
            financial_year_label(t.year),
            t.percent,
            t.amount,
            d.achieved if t.year == d.year else None,
            d.achieved_percent if t.year == d.year else None,
        ]
        for t in d.targets
    ]
    return "Achieved against target", headers, rows


TABLES: dict[str, Callable[[ProgrammeDashboard], Table]] = {
    "returns": _returns,
    "ratings": _ratings,
    "progress": _progress,
    "below": _below,
    "targets": _targets,
}


def dashboard_table(dashboard: ProgrammeDashboard, name: str) -> Table:
    """One table of the dashboard; KeyError for a name not in TABLES."""
    return TABLES[name](dashboard)
