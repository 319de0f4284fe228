import pytest

from vfmhub.core.testing import client_for, make_personas


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # The default hasher takes ~0.4s a password by design; the personas alone would cost 4s a test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def personas(db):
    return make_personas()


@pytest.fixture
def as_user():
    """as_user(user) -> a test client signed in as that user."""
    return client_for
