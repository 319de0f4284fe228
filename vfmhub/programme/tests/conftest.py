"""Fixtures shared by the programme app's tests."""

import pytest

from vfmhub.programme.tests.helpers import make_register
from vfmhub.programme.tests.test_overview import build_programme


@pytest.fixture
def built(personas):
    """The seeded programme of the overview tests (funding, projects, risks, events)."""
    return build_programme(personas)


@pytest.fixture
def register(personas):
    """An empty risk register of the personas' partnership."""
    return make_register(personas)
