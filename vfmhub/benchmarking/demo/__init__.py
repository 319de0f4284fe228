"""The benchmarking app's demo data; importing this package registers its generator steps:
reference areas and figures (800), adult social care measures (805), area indicators (810),
nearest neighbours (820) and the demo council's comparator groups (830)."""

from vfmhub.benchmarking.demo import groups, indicators, reference  # noqa: F401
