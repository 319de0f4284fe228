"""The assessment pages and endpoints that `make bench` times (see bench/targets.py).

`assessment` is the home body's auditor assessment of UoR 2008/09 and `criterion` that version's
first KLOE (bench/measure.py `bench_ids`).
"""

from vfmhub.core.bench import Target

ORG = ("organisation",)
PARTNERSHIP = ("partnership",)
ASSESSMENT = ("assessment",)

TARGETS = [
    Target("assessments list", "assessments:organisation_list", ORG),
    Target("assessment task list", "assessments:detail", ASSESSMENT),
    Target("assessment criterion", "assessments:criterion", ("assessment", "criterion")),
    Target("assessment comparison", "assessments:compare", ORG),
    Target("assessment history", "assessments:history", ORG),
    Target("assessment export (XLSX)", "assessments:export_xlsx", ASSESSMENT),
    Target("partnership score dashboard", "assessments:partnership_dashboard", PARTNERSHIP),
    Target(
        "partnership score dashboard, projected",
        "assessments:partnership_dashboard",
        PARTNERSHIP,
        query="shift=-1",
    ),
    Target(
        "partnership distribution export (XLSX)",
        "assessments:partnership_dashboard",
        PARTNERSHIP,
        query="export=xlsx",
    ),
    Target("partnership score targets", "assessments:target_list", PARTNERSHIP),
    Target("api assessments", "/api/v1/assessments/organisations/{organisation}"),
    Target("api assessment", "/api/v1/assessments/{assessment}"),
    Target(
        "api partnership distribution",
        "/api/v1/assessments/partnerships/{partnership}/distribution",
    ),
]
