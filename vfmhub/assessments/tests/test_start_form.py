"""The start form offers the framework version in force for the financial year."""

import pytest
from django.urls import reverse

from vfmhub.assessments.forms.assessments import version_in_force
from vfmhub.assessments.models import Assessment
from vfmhub.frameworks.models import FrameworkVersion

pytestmark = pytest.mark.django_db


def uor(code: str) -> FrameworkVersion:
    return FrameworkVersion.objects.get(framework__code="use-of-resources", code=code)


def form_for(client, organisation, **query):
    url = reverse("assessments:organisation_list", args=[organisation.pk])
    return client.get(url, query).context["form"]


def test_it_defaults_to_the_version_in_force_for_the_year(personas, as_user, frameworks):
    client = as_user(personas.auditor)
    for year, code in ((2009, "2009-10"), (2008, "2008-09")):
        form = form_for(client, personas.org_a, year=year)
        assert form.fields["year"].initial == year
        assert form.fields["version"].initial == uor(code).pk


def test_it_defaults_to_the_current_year_and_its_version(personas, as_user, frameworks):
    form = form_for(as_user(personas.editor), personas.org_a, year="not a year")
    year = form.fields["year"].initial
    in_force = version_in_force(list(form.fields["version"].queryset), year)
    assert in_force is not None
    assert form.fields["version"].initial == in_force.pk


def test_it_names_the_version_in_force_when_the_year_does_not_fit(personas, as_user, frameworks):
    response = as_user(personas.auditor).post(
        reverse("assessments:start", args=[personas.org_a.pk]),
        {"version": uor("2008-09").pk, "year": 2009, "kind": "auditor"},
    )
    assert response.status_code == 200
    assert (
        "Use of Resources 2008/09 is for 2008/09. For 2009/10 choose Use of Resources 2009/10."
        in response.content.decode()
    )
    assert not Assessment.objects.exists()
