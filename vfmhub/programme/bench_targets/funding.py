"""The funding pages and endpoints that `make bench` times (see bench/targets.py): the home
partnership's programme overview, its allocation page, its delivery-plan report (PDF) and the API
funding position."""

from vfmhub.core.bench import Target

# A committee paper rendered by WeasyPrint: a download, not a page; 3 s is the budget for it.
PDF_BUDGET_MS = 3000.0

TARGETS = [
    Target("programme overview", "programme:overview", ("partnership",)),
    Target("programme allocation", "programme:funding_allocation", ("partnership",)),
    Target(
        "programme delivery-plan report (PDF)",
        "programme:programme_report",
        ("partnership",),
        budget_ms=PDF_BUDGET_MS,
    ),
    Target("api programme funding", "/api/v1/programme/partnerships/{partnership}/funding"),
]
