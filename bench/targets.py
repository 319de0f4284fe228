"""What `make bench` times: every page and list endpoint, as data.

The shared pages are listed here; each app lists its own in its `bench_targets` module, with
`Target` from `vfmhub/core/bench.py`.
"""

from vfmhub.core.bench import Target, bench_targets

ORG = ("organisation",)
PARTNERSHIP = ("partnership",)

TARGETS = [
    Target("home", "core:home"),
    Target("organisations list", "organisations:list"),
    Target("organisations list, search", "organisations:list", query="q=borough"),
    Target("organisations export (CSV)", "organisations:list", query="export=csv"),
    Target("organisation detail", "organisations:detail", ORG),
    Target("organisation history", "organisations:history", ORG),
    Target("partnership list", "organisations:partnership_list"),
    Target("partnership detail", "organisations:partnership_detail", PARTNERSHIP),
    Target("partnership history", "organisations:partnership_history", PARTNERSHIP),
    Target("account", "accounts:account"),
    Target("API tokens page", "accounts:tokens"),
    Target("api me", "/api/v1/me"),
    Target("api organisations", "/api/v1/organisations"),
    Target("api organisations, 500", "/api/v1/organisations", query="limit=500"),
    Target("api organisation", "/api/v1/organisations/{organisation}"),
    Target("api organisation members", "/api/v1/organisations/{organisation}/members"),
    Target("api partnerships", "/api/v1/partnerships"),
    Target("api partnership", "/api/v1/partnerships/{partnership}"),
    Target("api partnership members", "/api/v1/partnerships/{partnership}/members"),
    Target("api partnership people", "/api/v1/partnerships/{partnership}/people"),
    Target("frameworks list", "frameworks:list"),
    Target("api frameworks", "/api/v1/frameworks"),
]


def all_targets() -> list[Target]:
    """TARGETS plus those of every installed app (see vfmhub/core/bench.py)."""
    return [*TARGETS, *bench_targets()]
