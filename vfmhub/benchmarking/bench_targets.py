"""The benchmarking pages and endpoints that `make bench` times (see vfmhub/core/bench.py), and
the recomputation of every body's nearest neighbours (issue: under 1 s at national scale).

The home body is a shire district: its compare page is timed on net current spend per head (a
unit cost worked out year by year over the trend) against all England, and on deprivation against
its nearest neighbours. Adult social care is a county's service, so the quadrant is timed for the
home district's county: adult social care spend per head against Oflog's quality of life measure
(ASC2), all England. The ids a path needs beyond the bench's shared ones (`county`, `asc2`) are
looked up when the bench asks for the path."""

import statistics
import time
from dataclasses import dataclass

from vfmhub.core.bench import STAFF, Target

ORG = ("organisation",)
COUNTY = ("county",)
PARTNERSHIP = ("partnership",)
CLUB = ("club",)
RECOMPUTE_BUDGET_SECONDS = 1.0
RECOMPUTE_RUNS = 5


def benchmarking_ids(organisation_id: int) -> dict[str, int]:
    from vfmhub.benchmarking.models import Club
    from vfmhub.organisations.models import Organisation
    from vfmhub.performance.models import Indicator

    ids: dict[str, int] = {}
    club = Club.objects.filter(members__organisation_id=organisation_id).order_by("pk").first()
    if club is not None:
        ids["club"] = club.pk
    county = Organisation.objects.filter(children__pk=organisation_id).order_by("pk").first()
    if county is not None:
        ids["county"] = county.pk
    asc2 = Indicator.objects.filter(owner__isnull=True, code="ASC2").order_by("pk").first()
    if asc2 is not None:
        ids["asc2"] = asc2.pk
    return ids


@dataclass(frozen=True)
class BenchmarkingTarget(Target):
    """A target whose path or query names the benchmarking ids (looked up per bench run)."""

    def path(self, ids: dict[str, int]) -> str | None:
        if "organisation" in ids and not {"county", "asc2", "club"} <= set(ids):
            ids = {**benchmarking_ids(ids["organisation"]), **ids}
        missing = [name for name in self.args if name not in ids]
        if missing and self.optional:
            return None
        if missing:
            raise LookupError(f"{self.name}: the bench data has no {', '.join(missing)}")
        path = super().path(ids)
        try:
            return path.format(**ids) if path else path
        except KeyError as absent:
            if self.optional:
                return None
            raise LookupError(f"{self.name}: the bench data has no {absent}") from None


TARGETS = [
    BenchmarkingTarget("benchmarking home", "benchmarking:home", ORG),
    BenchmarkingTarget("benchmarking neighbours", "benchmarking:neighbours", ORG),
    BenchmarkingTarget(
        "benchmarking compare, spend per head, all England",
        "benchmarking:compare",
        ORG,
        query="measure=ref:outturn.net_current&group=all",
    ),
    BenchmarkingTarget(
        "benchmarking compare, deprivation, nearest neighbours",
        "benchmarking:compare",
        ORG,
        query="measure=ref:imd.imd.average_score&group=neighbours:2026.1",
    ),
    BenchmarkingTarget(
        "benchmarking quadrant, adult social care",
        "benchmarking:quadrant",
        COUNTY,
        query="cost=ref:outturn.adult_social_care&performance=ind:{asc2}&group=all",
        personas=(STAFF,),  # the home body's manager may not read its county
        optional=True,  # Oflog's measures are there when the national definitions are loaded
    ),
    BenchmarkingTarget("benchmarking groups", "benchmarking:groups", ORG),
    BenchmarkingTarget("benchmarking targets", "benchmarking:targets", ORG),
    BenchmarkingTarget("benchmarking VFM review starting points", "benchmarking:reviews", ORG),
    BenchmarkingTarget("benchmarking place", "benchmarking:place", ORG),
    BenchmarkingTarget(
        "benchmarking county place",
        "benchmarking:place",
        COUNTY,
        personas=(STAFF,),
        optional=True,
    ),
    BenchmarkingTarget(
        "benchmarking partnership scores", "benchmarking:partnership_scores", PARTNERSHIP
    ),
    BenchmarkingTarget(
        "benchmarking who may be struggling", "benchmarking:partnership_struggling", PARTNERSHIP
    ),
    BenchmarkingTarget("benchmarking clubs", "benchmarking:clubs"),
    BenchmarkingTarget("benchmarking club page", "benchmarking:club", CLUB, optional=True),
    BenchmarkingTarget("benchmarking measures (API)", "/api/v1/benchmarking/measures"),
]


def time_neighbours_recompute(runs: int = RECOMPUTE_RUNS) -> dict:
    """Recompute every body's neighbours under the default model `runs` times, each a real
    recomputation (the stored summary is cleared first, so nothing is skipped as unchanged)."""
    from vfmhub.benchmarking.models import Neighbour, NeighbourModel
    from vfmhub.benchmarking.selectors.neighbours import default_model
    from vfmhub.benchmarking.services.neighbours import neighbours_compute

    model = default_model()
    if model is None:
        return {"ok": False, "error": "no computed neighbour model in the bench data"}
    seconds = []
    for _ in range(runs):
        NeighbourModel.objects.filter(pk=model.pk).update(computed_summary={})
        model.refresh_from_db()
        started = time.perf_counter()
        report = neighbours_compute(acting_user=None, model=model)
        seconds.append(time.perf_counter() - started)
    bodies = sum(report.classes.values())
    rows = Neighbour.objects.filter(model=model).count()
    return {
        "ok": report.changed and rows == report.rows,
        "model": model.version,
        "bodies": bodies,
        "neighbours": rows,
        "runs": runs,
        "median_seconds": round(statistics.median(seconds), 3),
        "max_seconds": round(max(seconds), 3),
        "budget_seconds": RECOMPUTE_BUDGET_SECONDS,
        "over_budget": statistics.median(seconds) > RECOMPUTE_BUDGET_SECONDS,
    }
