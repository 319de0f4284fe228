"""What `make bench` times: every page and list endpoint, as data.

A later module adds its own by appending a `Target` to `TARGETS` here, or by giving its app a
`bench_targets.py` with a `TARGETS` list (collected by `all_targets`). A URL is a URL name with
`args` naming ids from the bench data (`organisation`, `partnership`), or a path that may hold
`{organisation}` and `{partnership}`. An `optional` target is skipped while its URL does not exist
(a module still being built); every other target must answer 200.
"""

from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

STAFF = "staff"
MANAGER = "manager"
# Staff see every body (the longest lists); the home body's manager is the typical user, whose
# pages also run the access checks. Each target is timed as both unless it says otherwise.
BOTH = (STAFF, MANAGER)


@dataclass(frozen=True)
class Target:
    name: str
    url: str
    args: tuple[str, ...] = ()
    query: str = ""
    personas: tuple[str, ...] = BOTH
    optional: bool = False
    # A page's p95 must stay within 300 ms (bench.measure.BUDGET_MS); a document built for
    # download (a PDF committee paper) states its own budget.
    budget_ms: float = 300.0

    def path(self, ids: dict[str, int]) -> str | None:
        """The URL to request, or None for an optional target whose URL does not exist."""
        try:
            if self.url.startswith("/"):
                path = self.url.format(**ids)
                resolve(path)
            else:
                path = reverse(self.url, args=[ids[name] for name in self.args])
        except (NoReverseMatch, Resolver404):
            if self.optional:
                return None
            raise
        return f"{path}?{self.query}" if self.query else path


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
    """TARGETS plus those of every installed app with a `bench_targets` module."""
    targets = list(TARGETS)
    for config in apps.get_app_configs():
        name = f"{config.name}.bench_targets"
        if find_spec(name) is not None:
            targets += import_module(name).TARGETS
    return targets
