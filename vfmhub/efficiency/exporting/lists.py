"""The efficiency lists as CSV or XLSX, with the page's rows: programmes, a body's trajectory
against target, its gains register and its returns (every version)."""

from collections.abc import Iterable, Sequence

from django.http import HttpResponse

from vfmhub.core.exports import export_response
from vfmhub.efficiency.models import EfficiencyProgramme, EfficiencyReturn, Gain
from vfmhub.efficiency.selectors.bodies import TrajectoryRow
from vfmhub.lib.years import financial_year_label

PROGRAMME_HEADERS = ["Name", "Indicator", "Baseline year", "First year", "Last year", "Method"]
TRAJECTORY_HEADERS = ["Year", "Target %", "Target £", "Achieved £", "Achieved %", "Forecast £"]
GAIN_HEADERS = [
    "Description",
    "Category",
    "Project",
    "First year",
    "Gross annual value",
    "Investment cost",
    "Ongoing cost",
    "Net annual value",
    "Cash-releasing",
    "Status",
    "Removed from",
    "Removal reason",
]
RETURN_HEADERS = [
    "Year",
    "Kind",
    "Version",
    "Status",
    "Current",
    "Reported value",
    "Register value",
    "Ratings",
    "Narrative",
    "Submitted at",
    "Submitted by",
]


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def programmes_export(
    fmt: str, filename: str, programmes: Iterable[EfficiencyProgramme]
) -> HttpResponse:
    rows = (
        [
            p.name,
            p.indicator_code,
            financial_year_label(p.baseline_year),
            financial_year_label(p.first_year),
            financial_year_label(p.last_year),
            p.get_method_display(),
        ]
        for p in programmes
    )
    return export_response(fmt, filename=filename, headers=PROGRAMME_HEADERS, rows=rows)


def trajectory_export(
    fmt: str, filename: str, trajectory: Sequence[TrajectoryRow], *, with_register: bool
) -> HttpResponse:
    """The trajectory; the register's column only for those who see the register."""
    rows = [
        [
            financial_year_label(r.year),
            r.target_percent,
            r.target_amount,
            r.achieved,
            r.achieved_percent,
            r.forecast,
            *([r.register] if with_register else []),
        ]
        for r in trajectory
    ]
    headers = TRAJECTORY_HEADERS + (["Register £"] if with_register else [])
    return export_response(fmt, filename=filename, headers=headers, rows=rows)


def gains_export(fmt: str, filename: str, gains: Iterable[Gain]) -> HttpResponse:
    """The register, each gain with its persistence status (`with_persistence`)."""
    rows = (
        [
            g.description,
            g.category.name if g.category else "",
            g.project_label,
            financial_year_label(g.first_year),
            g.gross_annual_value,
            g.investment_cost,
            g.ongoing_cost,
            g.net_annual_value,
            _yes_no(g.is_cash_releasing),
            getattr(g, "persistence", ""),
            financial_year_label(g.removed_from_year) if g.removed_from_year else "",
            g.removal_reason,
        ]
        for g in gains
    )
    return export_response(fmt, filename=filename, headers=GAIN_HEADERS, rows=rows)


def returns_export(fmt: str, filename: str, returns: Iterable[EfficiencyReturn]) -> HttpResponse:
    rows = (
        [
            financial_year_label(r.year),
            r.get_kind_display(),
            r.version,
            r.get_status_display(),
            _yes_no(r.is_current),
            r.reported_value,
            r.register_value,
            "; ".join(f"{financial_year_label(x.year)}: {x.rating}" for x in r.ratings.all()),
            r.narrative,
            r.submitted_at.isoformat() if r.submitted_at else "",
            r.submitted_by.email if r.submitted_by else "",
        ]
        for r in returns
    )
    return export_response(fmt, filename=filename, headers=RETURN_HEADERS, rows=rows)
