"""The quarterly report out of its snapshot: the HTML body the page shows, the same body inside a
print document turned into a PDF by WeasyPrint, and an XLSX with a sheet for every table.

Everything here reads the snapshot alone (never the database), so a published report renders
the same bytes whenever it is rendered again.
"""

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from openpyxl import Workbook

from vfmhub.core.exports import safe_cell

PDF_TYPE = "application/pdf"
BODIES = {
    "organisation": "performance/reports/_report.html",
    "partnership": "performance/reports/_partnership_report.html",
}


def report_body(snapshot: dict[str, Any]) -> str:
    """The report's HTML (no page around it): what the page shows and the PDF prints."""
    return render_to_string(BODIES[snapshot["meta"]["kind"]], {"s": snapshot})


def print_document(snapshot: dict[str, Any], body: str, *, draft: bool = False) -> str:
    context = {"s": snapshot, "body": mark_safe(body), "draft": draft}  # noqa: S308 (our render)
    return render_to_string("performance/reports/print.html", context)


def report_pdf(snapshot: dict[str, Any], body: str | None = None, *, draft: bool = False) -> bytes:
    """The PDF of `body` (rendered from the snapshot when not given): the page's own HTML."""
    import weasyprint  # imported here: it is slow to import and only exports need it

    html = print_document(snapshot, report_body(snapshot) if body is None else body, draft=draft)
    return weasyprint.HTML(string=html).write_pdf()


def filename(snapshot: dict[str, Any]) -> str:
    meta = snapshot["meta"]
    period = meta["period"].replace("/", "-")
    return slugify(f"{meta['owner']} quarterly report {period}") or "quarterly-report"


def _value(figure: Any) -> Any:
    """A spreadsheet cell of a snapshot figure: its raw number where it has one."""
    if isinstance(figure, dict) and "raw" in figure:
        if figure["raw"] is None:
            return None
        try:
            return Decimal(figure["raw"])
        except ArithmeticError:
            return figure["text"]
    return figure


Table = tuple[str, Sequence[str], Iterable[Sequence[Any]]]

# Each organisation table: its sheet name and its columns, each a heading and the key (dotted
# for a nested one) of the row's value in the snapshot.
REVENUE = [
    ("Service", "service"),
    ("Cost centre", "cost_centre"),
    ("Budget", "budget"),
    ("Actual to date", "actual_to_date"),
    ("Forecast outturn", "forecast"),
    ("Variance", "variance"),
    ("Variance %", "variance_percent"),
    ("RAG", "rag.name"),
    ("Note", "note"),
]
CAPITAL = [
    ("Scheme", "name"),
    ("Reference", "reference"),
    ("Budget", "budget"),
    ("Spend to date", "spend_to_date"),
    ("Forecast", "forecast"),
    ("Variance", "variance"),
    ("Slippage", "slippage"),
]
INDICATORS = [
    ("Priority", "priority"),
    ("Code", "code"),
    ("Indicator", "title"),
    ("Period", "period"),
    ("Value", "value"),
    ("Target", "target"),
    ("RAG", "rag.name"),
    ("Direction of travel", "travel"),
    ("Against the same period last year", "travel_last_year"),
    ("Commentary", "commentary"),
    ("Action", "action"),
]
PLAN = [
    ("Priority", "priority"),
    ("Key deliverable", "deliverable"),
    ("Project or action", "title"),
    ("Completion", "due"),
    ("Resource", "resource"),
    ("Lead officer", "lead_officer"),
    ("Lead member", "lead_member"),
    ("Status", "status.name"),
]
RISKS = [
    ("Risk", "title"),
    ("Register", "register"),
    ("Owner", "owner"),
    ("Likelihood", "likelihood"),
    ("Impact", "impact"),
    ("Score", "score"),
    ("Rating", "band.name"),
    ("Movement", "movement"),
    ("Previous score", "previous_score"),
]
EFFICIENCY = [
    ("Programme", "programme"),
    ("Savings recorded", "recorded"),
    ("Target", "target"),
    ("% of target", "percent_of_target"),
    ("Still to find", "shortfall"),
]


def _pick(row: dict[str, Any], key: str) -> Any:
    for part in key.split("."):
        row = row[part]
    return row


def _table(title: str, columns: list[tuple[str, str]], rows: Iterable[dict[str, Any]]) -> Table:
    return (
        title,
        [heading for heading, _ in columns],
        [[_pick(row, key) for _, key in columns] for row in rows],
    )


def _organisation_tables(s: dict[str, Any]) -> list[Table]:
    indicators = [
        {**row, "priority": group["priority"]}
        for group in s["performance"]["groups"]
        for row in group["rows"]
    ]
    actions = [
        {**action, "priority": priority["title"], "deliverable": deliverable["title"]}
        for priority in s["plan"]["priorities"]
        for deliverable in priority["deliverables"]
        for action in deliverable["actions"]
    ]
    efficiency = [s["efficiency"]] if s["efficiency"]["programme"] else []
    return [
        _table("Revenue", REVENUE, s["finance"]["revenue"]),
        _table("Capital", CAPITAL, s["finance"]["capital"]),
        _table("Indicators", INDICATORS, indicators),
        _table("Council plan", PLAN, actions),
        _table("Risks", RISKS, s["risks"]["risks"]),
        _improvement_table(s),
        _table("Efficiency", EFFICIENCY, efficiency),
    ]


def _improvement_table(s: dict[str, Any]) -> Table:
    plans = s["improvement"]["plans"]
    statuses = [status["name"] for status in plans[0]["statuses"]] if plans else []
    return (
        "Improvement plans",
        ["Plan", "Actions", *statuses, "Overdue", "% complete"],
        [
            [
                p["title"],
                p["total"],
                *[st["count"] for st in p["statuses"]],
                p["overdue"],
                p["completed_percent"],
            ]
            for p in plans
        ],
    )


def _partnership_tables(s: dict[str, Any]) -> list[Table]:
    uor = s["use_of_resources"]
    return [
        (
            "NI 179",
            [
                "Member",
                "Baseline",
                "Forecast",
                "Forecast % of baseline",
                "Forecast rating",
                "Outturn",
                "Outturn % of baseline",
            ],
            [
                [
                    r["name"],
                    r["baseline"],
                    r["forecast"],
                    r["forecast_percent"],
                    r["rating"],
                    r["outturn"],
                    r["outturn_percent"],
                ]
                for r in s["ni179"]["rows"]
            ],
        ),
        (
            "Use of Resources",
            ["Member", *uor["columns"]],
            [[r["name"], *r["cells"]] for r in uor["rows"]],
        ),
        (
            "Indicators",
            ["Member", "Published", "Indicators", "By RAG", "Improving", "Worsening"],
            [_member_counts(row) for row in s["indicators"]],
        ),
    ]


def _member_counts(row: dict[str, Any]) -> list[Any]:
    counts = row["counts"]
    if not row["published"]:
        return [row["name"], "No"]
    bands = ", ".join(f"{b['name']} {b['count']['text']}" for b in counts["bands"])
    return [row["name"], "Yes", counts["total"], bands, counts["improving"], counts["worsening"]]


def report_tables(snapshot: dict[str, Any]) -> list[Table]:
    """Every table of the report, with the key last."""
    if snapshot["meta"]["kind"] == "partnership":
        tables = _partnership_tables(snapshot)
    else:
        tables = _organisation_tables(snapshot)
    key = [[g["title"], e["symbol"], e["meaning"]] for g in snapshot["key"] for e in g["entries"]]
    return [*tables, ("Key", ["Group", "Symbol", "Meaning"], key)]


def report_xlsx(snapshot: dict[str, Any]) -> bytes:
    book = Workbook(write_only=True)
    for title, headers, rows in report_tables(snapshot):
        sheet = book.create_sheet(title=title[:31])
        sheet.append(list(headers))
        for row in rows:
            sheet.append([safe_cell(_value(cell)) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
