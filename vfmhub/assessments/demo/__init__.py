"""The assessments demo data; importing this package registers its steps with the generator."""

from vfmhub.assessments.demo import steps  # noqa: F401
