"""The plan pages and endpoints that `make bench` times (see bench/targets.py).

`plan` is the home body's generated Use of Resources plan (about 40 actions, three rounds) and
`round` its latest round (bench/measure.py `bench_ids`). The 5,000-row import is timed on its own
(bench/plan_import.py).
"""

from vfmhub.core.bench import Target

ORG = ("organisation",)
PLAN = ("plan",)

TARGETS = [
    Target("plans list", "plans:organisation_list", ORG),
    Target("plan table", "plans:detail", PLAN),
    Target("plan table, filtered", "plans:detail", PLAN, query="overdue=on&officer=HoF"),
    Target("plan table export (XLSX)", "plans:detail", PLAN, query="export=xlsx"),
    Target("plan export (XLSX, importable)", "plans:export", PLAN, query="format=xlsx"),
    Target("plan round entry", "plans:round_entry", ("plan", "round")),
    Target("plan progress", "plans:progress", PLAN),
    Target("plan reviews", "plans:reviews", PLAN),
    Target("my actions", "plans:my_actions"),
    Target("api plans", "/api/v1/plans/organisations/{organisation}"),
    Target("api plan", "/api/v1/plans/{plan}"),
    Target("api plan items", "/api/v1/plans/{plan}/items"),
    Target("api plan actions", "/api/v1/plans/{plan}/actions"),
    Target("api plan actions, overdue", "/api/v1/plans/{plan}/actions", query="overdue=true"),
    Target("api plan rounds", "/api/v1/plans/{plan}/rounds"),
    Target("api plan reviews", "/api/v1/plans/{plan}/reviews"),
    Target("api my actions", "/api/v1/plans/my-actions"),
]
