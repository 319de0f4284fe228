"""Benchmarking: reference data about every area (population, area, deprivation, revenue outturn),
the lineage of reorganised councils, comparator groups and the open nearest-neighbour model."""

from vfmhub.benchmarking.models.club import *  # noqa: F403
from vfmhub.benchmarking.models.groups import *  # noqa: F403
from vfmhub.benchmarking.models.neighbours import *  # noqa: F403
from vfmhub.benchmarking.models.reference import *  # noqa: F403
from vfmhub.benchmarking.models.uses import *  # noqa: F403
