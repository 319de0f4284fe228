"""The frameworks pages and list endpoints that `make bench` times (see bench/targets.py)."""

from vfmhub.core.bench import Target

VERSION = ("version",)

TARGETS = [
    Target("framework detail", "frameworks:detail", ("framework",)),
    Target("framework version", "frameworks:version", VERSION),
    Target("criterion", "frameworks:criterion", ("criterion",)),
    Target("applicability", "frameworks:applicability", VERSION),
    Target("applicability export (XLSX)", "frameworks:applicability", VERSION, "export=xlsx"),
    Target("api framework", "/api/v1/frameworks/{framework}"),
    Target("api version", "/api/v1/frameworks/versions/{version}"),
    Target("api version criteria", "/api/v1/frameworks/versions/{version}/criteria"),
    Target(
        "api applicability",
        "/api/v1/frameworks/versions/{version}/applicability",
        query="body_type=district",
    ),
]
