from vfmhub.programme import bench_events, bench_funding, bench_projects, bench_risks

TARGETS = [
    *bench_funding.TARGETS,
    *bench_projects.TARGETS,
    *bench_risks.TARGETS,
    *bench_events.TARGETS,
]
