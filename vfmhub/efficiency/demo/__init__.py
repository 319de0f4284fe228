"""Demo data for efficiency programmes: importing `steps` registers the generator's step."""

from vfmhub.efficiency.demo import steps  # noqa: F401 (registers the step)
