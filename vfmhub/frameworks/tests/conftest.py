import pytest

from vfmhub.frameworks.loader import load_frameworks
from vfmhub.frameworks.models import FrameworkVersion


@pytest.fixture
def loaded(db):
    """The shipped definitions, loaded."""
    return load_frameworks()


@pytest.fixture
def uor_2008(loaded) -> FrameworkVersion:
    return FrameworkVersion.objects.get(framework__code="use-of-resources", code="2008-09")


@pytest.fixture
def uor_2009(loaded) -> FrameworkVersion:
    return FrameworkVersion.objects.get(framework__code="use-of-resources", code="2009-10")


@pytest.fixture
def uor_2005(loaded) -> FrameworkVersion:
    return FrameworkVersion.objects.get(framework__code="use-of-resources-2005", code="2005-08")
