import pytest

from vfmhub.core.testing import client_for, make_personas


@pytest.fixture
def personas(db):
    return make_personas()


@pytest.fixture
def as_user():
    """as_user(user) -> a test client signed in as that user."""
    return client_for
