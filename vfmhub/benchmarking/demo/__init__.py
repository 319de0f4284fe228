"""The benchmarking app's demo data; importing this package registers its generator steps:
reference areas and figures (800), adult social care measures (805), area indicators (810),
nearest neighbours (820), the demo council's comparator groups (830) and its partnership's
benchmarking club (840)."""

from vfmhub.benchmarking.demo import club, groups, indicators, reference  # noqa: F401
