"""The performance pages that `make bench` times (see vfmhub/core/bench.py).

At national scale the home body reports the national set's sixty indicators (ten years of
quarterly values) beside its own forty, so its performance page is the longest a body has. The
indicator page shows the home body's indicator with the most values; the report pages its latest
published quarterly report (stored) and its draft (built on each request: the PDF rendered by
WeasyPrint each time). The bench's ids (`bench/measure.py bench_ids`)
hold only the shared ones, so these targets add their own from the database when the bench asks
for their path: `indicator` and `report`.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from vfmhub.core.bench import Target

ORG = ("organisation",)
INDICATOR = ("organisation", "indicator")
REPORT = ("organisation", "report")
DRAFT = ("organisation", "draft_report")
# The issue gives the quarterly PDF 5 s; the XLSX of the same report is a download too.
DOWNLOAD_BUDGET_MS = 5000.0


def performance_ids(organisation_id: int) -> dict[str, int]:
    """The home body's busiest indicator, its latest published report (the stored page and PDF)
    and its latest report not yet published (figures, page and PDF made on each request)."""
    from vfmhub.performance.models import Indicator, QuarterlyReport, ReportStatus

    ids: dict[str, int] = {}
    busiest = (
        Indicator.objects.filter(values__organisation_id=organisation_id)
        .annotate(n=Count("values", filter=Q(values__organisation_id=organisation_id)))
        .order_by("-n", "code", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    if busiest is not None:
        ids["indicator"] = busiest
    reports = QuarterlyReport.objects.filter(organisation_id=organisation_id)
    latest = reports.order_by("-year", "-quarter")
    published = latest.filter(status=ReportStatus.PUBLISHED).first()
    draft = latest.exclude(status=ReportStatus.PUBLISHED).first()
    if published is not None:
        ids["report"] = published.pk
    if draft is not None:
        ids["draft_report"] = draft.pk
    return ids


@dataclass(frozen=True)
class PerformanceTarget(Target):
    """A target whose ids include the performance ones (looked up once per bench run)."""

    def path(self, ids: dict[str, int]) -> str | None:
        extra = [name for name in self.args if name not in ids]
        if extra and "organisation" in ids:
            ids = {**performance_ids(ids["organisation"]), **ids}
        missing = [name for name in self.args if name not in ids]
        if missing and self.optional:
            return None
        if missing:
            raise LookupError(f"{self.name}: the bench data has no {', '.join(missing)}")
        return super().path(ids)


TARGETS = [
    PerformanceTarget("performance page", "performance:scorecard", ORG),
    PerformanceTarget("performance page, red only", "performance:scorecard", ORG, query="band=red"),
    PerformanceTarget("performance indicator page", "performance:indicator", INDICATOR),
    PerformanceTarget("performance due to update", "performance:due"),
    PerformanceTarget("performance council plans", "performance:plan_list", ORG, optional=True),
    PerformanceTarget(
        "performance finance position", "performance:finance_position", ORG, optional=True
    ),
    PerformanceTarget("performance ratings", "performance:ratings_list", ORG, optional=True),
    # The report pages are being built beside this module: timed once their URLs exist.
    PerformanceTarget("performance reports", "performance:reports", ORG, optional=True),
    PerformanceTarget("performance report page", "performance:report", REPORT, optional=True),
    PerformanceTarget(
        "performance report PDF",
        "performance:report_pdf",
        REPORT,
        optional=True,
        budget_ms=DOWNLOAD_BUDGET_MS,
    ),
    PerformanceTarget("performance draft report page", "performance:report", DRAFT, optional=True),
    PerformanceTarget(
        "performance draft report PDF",
        "performance:report_pdf",
        DRAFT,
        optional=True,
        budget_ms=DOWNLOAD_BUDGET_MS,
    ),
    PerformanceTarget(
        "performance draft report XLSX",
        "performance:report_xlsx",
        DRAFT,
        optional=True,
        budget_ms=DOWNLOAD_BUDGET_MS,
    ),
]


VALUES_ROWS = 100_000
VALUES_BUDGET_SECONDS = 20.0  # the budget for a 100,000-value import
VALUES_BODIES = 20
VALUES_INDICATORS = 5


def time_values_import(rows: int = VALUES_ROWS) -> dict:
    """Import `rows` values (a long CSV, areas by GSS code) into the national set, then the same
    file again (which must add nothing); the seconds and what each did. `make bench` calls it
    after timing the pages (see bench/run.py)."""
    from vfmhub.organisations.models import Organisation
    from vfmhub.performance.importing.values.bench import bench_indicators, values_import_seconds

    indicators = bench_indicators(VALUES_INDICATORS)
    bodies = Organisation.objects.exclude(gss_code="").exclude(gss_code__isnull=True)
    organisations = list(bodies.order_by("gss_code")[:VALUES_BODIES])
    report: dict = {"rows": rows, "budget_seconds": VALUES_BUDGET_SECONDS}
    for run in ("first", "again"):
        seconds, result = values_import_seconds(indicators, organisations, rows)
        report[run] = {
            "seconds": round(seconds, 2),
            "created": result.created,
            "errors": len(result.errors),
        }
    report["ok"] = report["first"]["errors"] == 0 and report["first"]["created"] == rows
    report["over_budget"] = report["first"]["seconds"] > VALUES_BUDGET_SECONDS
    return report
