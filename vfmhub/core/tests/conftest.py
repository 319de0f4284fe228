"""Records the money tests (forms and API) post amounts against."""

from decimal import Decimal

import pytest

from vfmhub.efficiency.tests.conftest import programme  # noqa: F401 (fixture)
from vfmhub.programme.services import funding as services_funding
from vfmhub.programme.services import projects as services_projects

YEAR = 2009


@pytest.fixture
def world(personas, programme):  # noqa: F811
    node = services_funding.node_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        year=YEAR,
        name="Efficiency",
        amount=Decimal(1000),
    )
    project = services_projects.project_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        name="Shared revenues and benefits",
        lead_organisation=personas.org_a,
    )
    return {
        "personas": personas,
        "partnership": personas.partnership,
        "programme": programme,
        "node": node,
        "project": project,
    }
