"""The performance app's demo data; importing this package registers its generator steps:
the demo council's indicators (700), plan and ratings (710), finance (720), the national set at
region and national scale (750) and the quarterly reports (790)."""

from vfmhub.performance.demo import finance, indicators, national, plan, reports  # noqa: F401
