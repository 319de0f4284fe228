"""Every money field the API creates refuses what is not an amount of money: 422 by field, nothing
saved. The same values as the forms (test_money_forms.py), as JSON strings and as JSON numbers."""

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from vfmhub.audit.models import AuditEvent
from vfmhub.core.tests.conftest import YEAR
from vfmhub.efficiency.models import EfficiencyReturn, Gain
from vfmhub.programme.models import (
    AllocationNode,
    Commitment,
    FundingStream,
    Project,
    ProjectFunding,
    Spend,
)
from vfmhub.testing import client_for

pytestmark = pytest.mark.django_db

JSON = "application/json"
# As JSON text: strings, and numbers that json reads as inf, nan or a float too large to hold.
HOSTILE = [
    '"1e30"',
    '"1e999999"',
    '"NaN"',
    '"Infinity"',
    '"12345678901234567890123"',
    '"-5"',
    "1e30",
    "1e999999",
    "NaN",
    "-Infinity",
    "12345678901234567890123",
    "-5",
]
PLACEHOLDER = '"__amount__"'


@dataclass(frozen=True)
class MoneyEndpoint:
    name: str
    user: str
    path: Callable[[dict], str]
    body: Callable[[dict], dict]
    fields: tuple[str, ...]
    model: type


def _partnership(suffix: str) -> Callable[[dict], str]:
    return lambda world: f"/api/v1/programme/partnerships/{world['partnership'].pk}/{suffix}"


def _body(suffix: str) -> Callable[[dict], str]:
    return lambda world: (
        f"/api/v1/efficiency/programmes/{world['programme'].pk}"
        f"/bodies/{world['personas'].org_a.pk}/{suffix}"
    )


ENDPOINTS = [
    MoneyEndpoint(
        "gain",
        "editor",
        _body("gains"),
        lambda world: {
            "description": "Shared service",
            "first_year": 2008,
            "gross_annual_value": "1000",
        },
        ("gross_annual_value", "investment_cost", "ongoing_cost"),
        Gain,
    ),
    MoneyEndpoint(
        "return",
        "editor",
        _body("returns"),
        lambda world: {"year": YEAR, "kind": "forecast"},
        ("reported_value",),
        EfficiencyReturn,
    ),
    MoneyEndpoint(
        "funding stream",
        "partnership_manager",
        _partnership("funding-streams"),
        lambda world: {"year": YEAR, "name": "Grant", "kind": "grant"},
        ("amount",),
        FundingStream,
    ),
    MoneyEndpoint(
        "allocation line",
        "partnership_manager",
        _partnership("allocation-lines"),
        lambda world: {"year": YEAR, "name": "Skills"},
        ("amount", "stated_total"),
        AllocationNode,
    ),
    *[
        MoneyEndpoint(
            suffix,
            "partnership_manager",
            _partnership(suffix),
            lambda world: {"line_id": world["node"].pk, "date": "2009-06-01"},
            ("amount",),
            model,
        )
        for suffix, model in (("commitments", Commitment), ("spend", Spend))
    ],
    MoneyEndpoint(
        "project",
        "partnership_manager",
        _partnership("projects"),
        lambda world: {"name": "Winter", "lead_organisation_id": world["personas"].org_a.pk},
        ("expected_annual_savings",),
        Project,
    ),
    MoneyEndpoint(
        "project funding",
        "partnership_manager",
        lambda world: _partnership(f"projects/{world['project'].pk}/funding")(world),
        lambda world: {"source": "RIEP"},
        ("amount",),
        ProjectFunding,
    ),
]
CASES = [
    pytest.param(endpoint, field, raw, id=f"{endpoint.name}-{field}-{raw}")
    for endpoint in ENDPOINTS
    for field in endpoint.fields
    for raw in HOSTILE
]


def _send(world, endpoint: MoneyEndpoint, field: str, raw: str):
    body = json.dumps({**endpoint.body(world), field: "__amount__"}).replace(PLACEHOLDER, raw)
    client = client_for(world["personas"].user(endpoint.user))
    return client.post(endpoint.path(world), body, content_type=JSON)


@pytest.mark.parametrize(("endpoint", "field", "raw"), CASES)
def test_it_refuses_what_is_not_an_amount_of_money(world, endpoint, field, raw):
    count, events = endpoint.model.objects.count(), AuditEvent.objects.count()
    response = _send(world, endpoint, field, raw)
    assert response.status_code == 422, response.content
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert endpoint.model.objects.count() == count
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda endpoint: endpoint.name)
def test_it_saves_an_amount_in_pounds_and_pence(world, endpoint):
    count = endpoint.model.objects.count()
    response = _send(world, endpoint, endpoint.fields[0], '"1234.50"')
    assert response.status_code in (200, 201), response.content  # a return's draft: 200
    assert endpoint.model.objects.count() == count + 1
