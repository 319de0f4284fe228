"""What `make bench` times, declared by each app: a `Target` names a page or list endpoint.

Each app lists its targets in a `bench_targets` module (or package) with a `TARGETS` list;
`bench_targets()` collects them from every installed app, so the apps never import the top-level
`bench/` package. A URL is a URL name with `args` naming ids from the bench data (`organisation`,
`partnership`...), or a path that may hold `{organisation}` and `{partnership}`. An `optional`
target is skipped while its URL does not exist (a module still being built); every other target
must answer 200.
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


def bench_targets() -> list[Target]:
    """The targets of every installed app with a `bench_targets` module."""
    targets: list[Target] = []
    for config in apps.get_app_configs():
        name = f"{config.name}.bench_targets"
        if find_spec(name) is not None:
            targets += import_module(name).TARGETS
    return targets
