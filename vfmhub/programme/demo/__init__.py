"""The programme's demo data; importing this package registers its steps with the generator."""

from vfmhub.programme.demo import steps  # noqa: F401
