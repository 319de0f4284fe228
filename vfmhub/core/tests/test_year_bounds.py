"""A year like 0 or 71853 is refused everywhere: models, forms, the API's bodies, queries and paths,
and pages that read `?year=` (vfmhub/lib/years.py holds the one rule, 1990 to 2100)."""

import json
from decimal import Decimal

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import models
from django.urls import reverse

from vfmhub.audit.models import AuditEvent
from vfmhub.core.forms import YearField
from vfmhub.core.tests.test_every_form import form_classes
from vfmhub.efficiency.forms import ProgrammeForm
from vfmhub.efficiency.models import Gain
from vfmhub.efficiency.tests.conftest import add_gain, body_url, programme  # noqa: F401
from vfmhub.lib.years import ENTER_A_YEAR, validate_year
from vfmhub.plans.models import Plan
from vfmhub.programme.forms.events import ImprovementProgrammeForm
from vfmhub.programme.models import AllocationNode, AllocationPlan, FundingStream
from vfmhub.programme.services import funding as services_funding
from vfmhub.programme.tests.test_funding_checks import FIXTURES
from vfmhub.testing import client_for

pytestmark = pytest.mark.django_db

JSON = "application/json"
FUNDING = "/api/v1/programme/partnerships/{}"
NOT_YEARS = [0, 71853]


def _is_year(name: str) -> bool:
    return name == "year" or name.endswith("_year")


def test_every_year_field_of_every_model_refuses_a_year_outside_the_bounds():
    year_fields = [
        field
        for model in apps.get_models()
        if model.__module__.startswith("vfmhub.")
        for field in model._meta.get_fields()
        if _is_year(field.name) and isinstance(field, models.IntegerField)
    ]
    unbounded = [str(field) for field in year_fields if validate_year not in field.validators]
    assert unbounded == []
    assert len(year_fields) >= 20


def test_every_year_typed_into_a_form_is_a_year_field():
    typed = [
        (form_cls.__name__, name, field)
        for form_cls in form_classes()
        for name, field in form_cls.base_fields.items()
        if _is_year(name) and isinstance(field, forms.IntegerField)
    ]
    assert [
        f"{form}.{name}" for form, name, field in typed if not isinstance(field, YearField)
    ] == []
    assert len(typed) >= 8


@pytest.mark.parametrize("year", ["0", "71853", "1989", "2101"])
def test_a_form_refuses_a_year_outside_the_bounds_by_field(year):
    programme_form = ProgrammeForm(
        {"name": "NI 179", "indicator_code": "NI 179", "method": "added", "first_year": "2008"}
        | {"baseline_year": year, "last_year": "2010"}
    )
    assert programme_form.errors["baseline_year"] == [ENTER_A_YEAR]
    improvement = ImprovementProgrammeForm({"name": "Use of resources", "year": year})
    assert improvement.errors["year"] == [ENTER_A_YEAR]


@pytest.mark.parametrize("year", NOT_YEARS)
def test_the_funding_stream_page_refuses_a_year_outside_the_bounds(personas, year):
    response = client_for(personas.partnership_manager).post(
        reverse("programme:funding_stream_add", args=[personas.partnership.pk]),
        {"year": year, "name": "Grant", "kind": "grant", "amount": "1000", "status": "received"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["year"] == [ENTER_A_YEAR]
    assert not FundingStream.objects.exists()


def test_a_service_refuses_a_year_outside_the_bounds_by_field(personas):
    with pytest.raises(ValidationError) as refused:
        services_funding.stream_create(
            acting_user=personas.partnership_manager,
            partnership=personas.partnership,
            year=0,
            name="Grant",
            kind="grant",
            amount=Decimal(1000),
        )
    assert refused.value.message_dict["year"] == ["0 is not a year between 1990 and 2100."]
    assert not FundingStream.objects.exists()


def _api(personas, user="partnership_manager"):
    return client_for(personas.user(user))


def _field_errors(response) -> list[str]:
    assert response.status_code == 422, response.content
    return [error["field"] for error in response.json()["errors"]]


@pytest.mark.parametrize("year", NOT_YEARS)
def test_the_api_refuses_a_funding_stream_for_a_year_outside_the_bounds(personas, year):
    body = {"year": year, "name": "Grant", "kind": "grant", "amount": "1000"}
    response = _api(personas).post(
        FUNDING.format(personas.partnership.pk) + "/funding-streams",
        json.dumps(body),
        content_type=JSON,
    )
    assert _field_errors(response) == ["year"]
    assert not FundingStream.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="funding_stream").exists()


@pytest.mark.parametrize("year", NOT_YEARS)
def test_the_api_refuses_an_allocation_status_for_a_year_outside_the_bounds(personas, year):
    response = _api(personas).post(
        FUNDING.format(personas.partnership.pk) + f"/allocation/{year}/status",
        json.dumps({"status": "approved"}),
        content_type=JSON,
    )
    assert _field_errors(response) == ["year"]
    assert not AllocationPlan.objects.exists()


def test_the_api_refuses_to_carry_forward_a_year_outside_the_bounds(personas):
    response = _api(personas).post(
        FUNDING.format(personas.partnership.pk) + "/funding/71853/carry-forward",
        content_type=JSON,
    )
    assert _field_errors(response) == ["year"]
    assert not FundingStream.objects.exists()


@pytest.mark.parametrize(
    "path", ["/funding", "/funding-streams", "/allocation-lines", "/commitments", "/spend"]
)
def test_the_api_refuses_a_query_year_outside_the_bounds(personas, path):
    response = _api(personas, "partnership_viewer").get(
        FUNDING.format(personas.partnership.pk) + path, {"year": 71853}
    )
    assert _field_errors(response) == ["year"]


def test_the_api_refuses_a_gain_whose_first_year_is_outside_the_bounds(personas, programme):  # noqa: F811
    url = f"/api/v1/efficiency/programmes/{programme.pk}/bodies/{personas.org_a.pk}/gains"
    body = {"description": "Shared service", "first_year": 0, "gross_annual_value": "1000"}
    response = _api(personas, "editor").post(url, json.dumps(body), content_type=JSON)
    assert _field_errors(response) == ["first_year"]
    assert not Gain.objects.exists()
    listing = _api(personas, "editor").get(url, {"year": 71853})
    assert _field_errors(listing) == ["year"]


def test_the_api_refuses_a_plan_for_a_year_outside_the_bounds(personas):
    body = {"organisation_id": personas.org_a.pk, "title": "Plan", "year": 71853}
    response = _api(personas, "editor").post("/api/v1/plans", json.dumps(body), content_type=JSON)
    assert _field_errors(response) == ["year"]
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    "name",
    ["overview", "funding_streams", "funding_allocation", "funding_node_add", "funding_movements"],
)
@pytest.mark.parametrize("year", ["71853", "0", "99999999999999999999999", "abc"])
def test_a_funding_page_asked_for_a_year_outside_the_bounds_is_not_found(personas, name, year):
    url = reverse(f"programme:{name}", args=[personas.partnership.pk])
    response = client_for(personas.partnership_manager).get(url, {"year": year})
    assert response.status_code == 404


def test_a_funding_page_asked_for_a_year_shows_that_year(personas):
    url = reverse("programme:funding_streams", args=[personas.partnership.pk])
    response = client_for(personas.partnership_manager).get(url, {"year": "2009"})
    assert response.status_code == 200
    assert response.context["year"] == 2009


def test_the_gains_list_ignores_a_year_outside_the_bounds(personas, programme):  # noqa: F811
    add_gain(personas, programme, first_year=2009)
    client = client_for(personas.editor)
    url = body_url(programme, personas.org_a, "efficiency:gains")
    for year in ("71853", "99999999999999999999999"):
        response = client.get(url, {"year": year})
        assert response.status_code == 200
        assert "Shared revenues and benefits service" in response.content.decode()
    assert "Shared revenues" not in client.get(url, {"year": "2008"}).content.decode()


@pytest.mark.parametrize("year", ["0", "71853"])
def test_the_allocation_import_command_refuses_a_year_outside_the_bounds(personas, year):
    path = str(FIXTURES / "seed001_allocation.csv")
    with pytest.raises(CommandError, match="Enter a year between 1990 and 2100"):
        call_command(
            "import-allocations", path, "--partnership", personas.partnership.pk, "--year", year
        )
    assert not AllocationNode.objects.exists()
