"""The plans' demo data; importing this package registers its steps with the generator."""

from vfmhub.plans.demo import steps  # noqa: F401
