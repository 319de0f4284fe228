"""Every bench target answers 200 at demo scale. No timing here: `make bench` does that."""

import pytest

from bench.measure import measure_targets
from bench.run import add_history
from bench.targets import all_targets
from vfmhub.benchmarking.bench_targets import time_neighbours_recompute
from vfmhub.demo.generator import generate
from vfmhub.frameworks.loader import load_frameworks


@pytest.mark.django_db
def test_every_target_answers_200_at_demo_scale():
    load_frameworks()
    generate(scale="demo")
    add_history(5)

    results = measure_targets(all_targets(), repeat=0, warmup=1)

    assert [(r.target, r.persona, r.status) for r in results if not r.ok] == []
    recompute = time_neighbours_recompute(runs=1)
    assert recompute["ok"] and recompute["neighbours"] == 15 * recompute["bodies"]
    assert {r.target for r in results} >= {
        "home",
        "organisations list",
        "organisation detail",
        "organisation history",
        "partnership list",
        "partnership detail",
        "partnership history",
        "API tokens page",
        "api me",
        "api organisations",
        "api organisation members",
        "api partnerships",
        "api partnership members",
        "api partnership people",
        "frameworks list",
        "framework version",
        "criterion",
        "applicability",
        "api version criteria",
        "benchmarking home",
        "benchmarking neighbours",
        "benchmarking compare, spend per head, all England",
        "benchmarking compare, deprivation, nearest neighbours",
        "benchmarking groups",
        "benchmarking targets",
        "benchmarking VFM review starting points",
        "benchmarking place",
        "benchmarking partnership scores",
        "benchmarking who may be struggling",
        "benchmarking clubs",
        "benchmarking club page",
    }
