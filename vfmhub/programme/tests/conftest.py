"""Fixtures shared by the programme app's tests."""

import pytest

from vfmhub.programme.tests.helpers import build_programme, make_funding, make_register


@pytest.fixture
def built(personas):
    """The seeded programme of the overview tests (funding, projects, risks, events)."""
    return build_programme(personas)


@pytest.fixture
def register(personas):
    """An empty risk register of the personas' partnership."""
    return make_register(personas)


@pytest.fixture
def funding(personas):
    """A year's funding to correct: streams, lines, a commitment and spend (`make_funding`)."""
    return make_funding(personas)
