"""The programme pages and list endpoints that `make bench` times (see vfmhub/core/bench.py)."""

from vfmhub.programme.bench_targets import events, funding, projects, risks

TARGETS = [*funding.TARGETS, *projects.TARGETS, *risks.TARGETS, *events.TARGETS]
