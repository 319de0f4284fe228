"""The efficiency pages and endpoints that `make bench` times (see bench/targets.py).

`programme` is the home partnership's generated NI 179 programme (bench/measure.py `bench_ids`):
at national scale every member body, about fifty gains a body and year over four years.
"""

from vfmhub.core.bench import STAFF, Target

PROGRAMME = ("programme",)
BODY = ("programme", "organisation")
API_BODY = "/api/v1/efficiency/programmes/{programme}/bodies/{organisation}"

TARGETS = [
    Target(
        "efficiency programmes",
        "efficiency:partnership_programmes",
        ("partnership",),
    ),
    Target("efficiency programme", "efficiency:programme", PROGRAMME),
    Target("efficiency dashboard", "efficiency:dashboard", PROGRAMME),
    Target(
        "efficiency dashboard, outturn", "efficiency:dashboard", PROGRAMME, query="kind=outturn"
    ),
    # Chasing is for partnership managers: a body's manager is refused it, so staff only.
    Target("efficiency chase page", "efficiency:return_chase", PROGRAMME, personas=(STAFF,)),
    Target("efficiency body page", "efficiency:body", BODY),
    Target("efficiency gains list", "efficiency:gains", BODY),
    Target("efficiency gains, due", "efficiency:gains", BODY, query="status=due"),
    Target("efficiency returns", "efficiency:returns", BODY),
    Target("api efficiency programmes", "/api/v1/efficiency/partnerships/{partnership}/programmes"),
    Target("api efficiency programme", "/api/v1/efficiency/programmes/{programme}"),
    Target("api efficiency dashboard", "/api/v1/efficiency/programmes/{programme}/dashboard"),
    Target("api efficiency gains", f"{API_BODY}/gains"),
    Target("api efficiency gains, due", f"{API_BODY}/gains", query="status=due"),
    Target("api efficiency returns", f"{API_BODY}/returns"),
]
