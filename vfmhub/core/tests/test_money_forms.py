"""Every money field of every form refuses what is not an amount of money, field by field.

1e30, 1e999999, NaN, Infinity, a 23-digit number and a negative amount, each posted to the page of
each money form: the page shows the form again with a plain error on that field (not Django's
"Ensure that…") and nothing is saved. The importers are held to the same values in
`vfmhub/lib/tests/test_hostile_files.py`; `test_every_money_field_is_a_money_field` keeps new
forms on the one parser.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django import forms
from django.urls import reverse

from vfmhub.audit.models import AuditEvent
from vfmhub.core.forms import MoneyField
from vfmhub.core.tests.conftest import YEAR
from vfmhub.core.tests.test_every_form import form_classes
from vfmhub.efficiency.models import Baseline, EfficiencyReturn, Gain
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

HOSTILE = ["1e30", "1e999999", "NaN", "Infinity", "12345678901234567890123", "-5"]


@dataclass(frozen=True)
class MoneyForm:
    name: str
    user: str
    url: Callable[[dict], str]
    data: Callable[[dict], dict]
    fields: tuple[str, ...]
    stored: Callable[[], list]


def _gain_data(world: dict) -> dict:
    return {
        "description": "Shared legal service",
        "first_year": "2008",
        "gross_annual_value": "50000",
        "investment_cost": "0",
        "ongoing_cost": "0",
        "is_cash_releasing": "yes",
    }


def _efficiency_url(name: str) -> Callable[[dict], str]:
    return lambda world: reverse(
        f"efficiency:{name}", args=[world["programme"].pk, world["personas"].org_a.pk]
    )


def _programme_url(name: str, query: str = "") -> Callable[[dict], str]:
    return lambda world: reverse(f"programme:{name}", args=[world["partnership"].pk]) + query


def _project_url(name: str) -> Callable[[dict], str]:
    return lambda world: reverse(
        f"programme:{name}", args=[world["partnership"].pk, world["project"].pk]
    )


def _movement_data(kind: str) -> Callable[[dict], dict]:
    return lambda world: {
        "kind": kind,
        "node": world["node"].pk,
        "date": "2009-06-01",
        "description": "Workshops",
    }


def _values(model, *fields) -> Callable[[], list]:
    return lambda: sorted(model.objects.values_list("pk", *fields))


FORMS = [
    MoneyForm(
        "gain",
        "editor",
        _efficiency_url("gain_add"),
        _gain_data,
        ("gross_annual_value", "investment_cost", "ongoing_cost"),
        _values(Gain, "gross_annual_value"),
    ),
    MoneyForm(
        "return",
        "editor",
        _efficiency_url("return_edit"),
        lambda world: {"year": "2009", "kind": "forecast", "value_source": "total"},
        ("reported_value",),
        _values(EfficiencyReturn, "reported_value"),
    ),
    MoneyForm(
        "body set-up",
        "partnership_manager",
        _efficiency_url("body_setup"),
        lambda world: {"baseline_year": "2007", "total": "10000000", "carry_forward": "0"},
        ("total", "fire", "non_fire", "carry_forward"),
        _values(Baseline, "amount"),
    ),
    MoneyForm(
        "funding stream",
        "partnership_manager",
        _programme_url("funding_stream_add"),
        lambda world: {"year": YEAR, "name": "Grant", "kind": "grant", "status": "received"},
        ("amount",),
        _values(FundingStream, "amount"),
    ),
    MoneyForm(
        "allocation line",
        "partnership_manager",
        _programme_url("funding_node_add", f"?year={YEAR}"),
        lambda world: {"name": "Efficiency", "level": "outcome", "order": "0"},
        ("amount", "stated_total"),
        _values(AllocationNode, "amount", "stated_total"),
    ),
    *[
        MoneyForm(
            kind,
            "partnership_manager",
            _programme_url(url, f"?year={YEAR}"),
            _movement_data(kind),
            ("amount",),
            _values(model, "amount"),
        )
        for kind, url, model in (
            ("commitment", "funding_movement_add", Commitment),
            ("spend", "funding_spend_add", Spend),
        )
    ],
    MoneyForm(
        "project",
        "partnership_manager",
        _programme_url("project_add"),
        lambda world: {
            "name": "Winter maintenance",
            "kind": "shared_service",
            "lead_organisation": world["personas"].org_a.pk,
            "stage": "idea",
        },
        ("expected_annual_savings",),
        _values(Project, "expected_annual_savings"),
    ),
    MoneyForm(
        "project funding",
        "partnership_manager",
        _project_url("project_funding_add"),
        lambda world: {"source": "RIEP", "allocation": "Efficiency"},
        ("amount",),
        _values(ProjectFunding, "amount"),
    ),
]
CASES = [
    pytest.param(form, field, value, id=f"{form.name}-{field}-{value}")
    for form in FORMS
    for field in form.fields
    for value in HOSTILE
]


@pytest.mark.parametrize(("form", "field", "value"), CASES)
def test_it_refuses_what_is_not_an_amount_of_money(world, form, field, value):
    before, events = form.stored(), AuditEvent.objects.count()
    client = client_for(world["personas"].user(form.user))
    response = client.post(form.url(world), {**form.data(world), field: value})
    assert response.status_code == 200, f"{form.name}: {value} was accepted"
    errors = response.context["form"].errors
    assert errors.get(field), f"{form.name}: no error on {field} for {value}: {errors}"
    assert not any(message.startswith("Ensure") for message in errors[field]), errors[field]
    assert form.stored() == before
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.name)
def test_it_still_saves_an_amount_written_as_councils_write_it(world, form):
    field = form.fields[0]
    before = form.stored()
    client = client_for(world["personas"].user(form.user))
    response = client.post(form.url(world), {**form.data(world), field: "£1,234.50"})
    assert response.status_code == 302, response.context["form"].errors
    assert form.stored() != before


def test_every_money_field_is_a_money_field():
    """A field labelled in pounds (or named as money) reads amounts through `MoneyField`."""
    money_words = ("£", "amount", "cost", "value", "baseline", "carry", "savings", "total")
    found: list[str] = []
    other: list[str] = []
    for form_cls in form_classes():
        for name, field in form_cls.base_fields.items():
            if not isinstance(field, forms.DecimalField):
                continue
            label = f"{name} {field.label or ''}".lower()
            if any(word in label for word in money_words):
                (found if isinstance(field, MoneyField) else other).append(
                    f"{form_cls.__name__}.{name}"
                )
    assert other == []
    assert len(found) >= 10
