"""The write pages: gains, the return form with field-level errors, and programme set-up."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from vfmhub.efficiency.forms import RATING_BEFORE_YEAR, TOTAL_REQUIRED
from vfmhub.efficiency.models import (
    Baseline,
    EfficiencyProgramme,
    EfficiencyReturn,
    Gain,
    Participant,
    TaxBase,
)
from vfmhub.efficiency.tests.conftest import add_gain, body_url
from vfmhub.testing import client_for

pytestmark = pytest.mark.django_db


def test_it_adds_removes_and_confirms_a_gain(personas, programme):
    client = client_for(personas.editor)
    response = client.post(
        body_url(programme, personas.org_a, "efficiency:gain_add"),
        {
            "description": "Shared legal service",
            "first_year": "2008",
            "gross_annual_value": "50000",
            "investment_cost": "5000",
            "ongoing_cost": "0",
            "is_cash_releasing": "yes",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == body_url(programme, personas.org_a, "efficiency:gains")
    gain = Gain.objects.get()
    assert gain.net_annual_value == Decimal("45000") and gain.created_by == personas.editor
    client.post(
        body_url(programme, personas.org_a, "efficiency:gain_confirm", gain.pk),
        {"confirmed_on": "2011-04-05"},
    )
    client.post(
        body_url(programme, personas.org_a, "efficiency:gain_remove", gain.pk),
        {"removed_from_year": "2010", "removed_on": "2010-05-01", "reason": "Ended"},
    )
    gain.refresh_from_db()
    assert gain.persistence_confirmed_on == datetime.date(2011, 4, 5)
    assert (gain.removed_from_year, gain.removal_reason) == (2010, "Ended")


def test_it_refuses_a_stale_gain_edit(personas, programme):
    gain = add_gain(personas, programme)
    response = client_for(personas.editor).post(
        body_url(programme, personas.org_a, "efficiency:gain_edit", gain.pk),
        {
            "description": "Changed",
            "first_year": "2008",
            "gross_annual_value": "1",
            "investment_cost": "0",
            "ongoing_cost": "0",
            "is_cash_releasing": "yes",
            "version_stamp": "2000-01-01T00:00:00+00:00",
        },
    )
    assert response.status_code == 200
    assert "Someone else changed this" in response.content.decode()


def return_data(**fields):
    data = {"year": "2009", "kind": "forecast", "value_source": "register", "narrative": ""}
    data.update(fields)
    return data


def test_the_return_form_shows_errors_by_field(personas, programme):
    response = client_for(personas.editor).post(
        body_url(programme, personas.org_a, "efficiency:return_edit"),
        return_data(value_source="total", rating_2008="G", rating_2010="X"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["reported_value"] == [TOTAL_REQUIRED]
    assert errors["rating_2008"] == [RATING_BEFORE_YEAR]
    assert "rating_2010" in errors
    html = response.content.decode()
    assert "There is a problem" in html and "govuk-error-message" in html
    assert "On track with clearly identified plans" in html
    assert not EfficiencyReturn.objects.exists()


def test_the_return_form_saves_a_draft_and_a_manager_submits(personas, programme):
    add_gain(personas, programme, "100000")
    response = client_for(personas.editor).post(
        body_url(programme, personas.org_a, "efficiency:return_edit"),
        return_data(
            value_source="total", reported_value="110000", rating_2009="A", rating_2010="R"
        ),
    )
    draft = EfficiencyReturn.objects.get()
    assert response.status_code == 302
    assert (draft.status, draft.reported_value, draft.register_value) == (
        "draft",
        Decimal("110000.00"),
        Decimal("100000.00"),
    )
    detail = client_for(personas.manager).get(
        body_url(programme, personas.org_a, "efficiency:return_detail", draft.pk)
    )
    assert "£10,000.00" in detail.content.decode()  # the difference from the register
    assert "Check and submit the return" in detail.content.decode()
    check = client_for(personas.manager).get(
        body_url(programme, personas.org_a, "efficiency:return_submit", draft.pk)
    )
    assert "Check your return before submitting it" in check.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"  # looking at the check page submits nothing
    client_for(personas.manager).post(
        body_url(programme, personas.org_a, "efficiency:return_submit", draft.pk)
    )
    draft.refresh_from_db()
    assert draft.status == "submitted" and draft.submitted_by == personas.manager


def test_it_creates_and_sets_up_a_programme(personas):
    client = client_for(personas.partnership_manager)
    response = client.post(
        reverse("efficiency:programme_create", args=[personas.partnership.pk]),
        {
            "name": "MAA efficiency",
            "indicator_code": "NI 179",
            "baseline_year": "2007",
            "first_year": "2009",
            "last_year": "2011",
            "method": "compounded",
        },
    )
    programme = EfficiencyProgramme.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("efficiency:programme_targets", args=[programme.pk])
    assert programme.indicator_definition.startswith("The total net value")
    client.post(
        reverse("efficiency:programme_targets", args=[programme.pk]),
        {"target_2009": "3", "target_2010": "3", "target_2011": "3"},
    )
    client.post(
        reverse("efficiency:programme_participants", args=[programme.pk]),
        {"organisations": [personas.org_a.pk, personas.org_c.pk]},
    )
    client.post(
        reverse("efficiency:programme_deadlines", args=[programme.pk]),
        {"due_2009_outturn": "2010-07-31"},
    )
    client.post(
        reverse("efficiency:body_setup", args=[programme.pk, personas.org_c.pk]),
        {
            "baseline_year": "2007",
            "fire": "20000000",
            "non_fire": "1000000",
            "carry_forward": "15000",
            "tax_base_year": "2009",
            "band_d_equivalents": "250000",
        },
    )
    assert programme.year_targets.count() == 3
    assert set(Participant.objects.values_list("organisation__name", flat=True)) == {
        personas.org_a.name,
        personas.org_c.name,
    }
    assert programme.deadlines.get().due_on == datetime.date(2010, 7, 31)
    assert Baseline.objects.filter(organisation=personas.org_c).count() == 2
    assert Participant.objects.get(organisation=personas.org_c).carry_forward == Decimal(15000)
    assert TaxBase.objects.get().band_d_equivalents == Decimal(250000)
    detail = client.get(reverse("efficiency:programme", args=[programme.pk]))
    assert "9.3%" in detail.content.decode()


def test_it_refuses_years_out_of_order(personas):
    response = client_for(personas.partnership_manager).post(
        reverse("efficiency:programme_create", args=[personas.partnership.pk]),
        {
            "name": "Bad",
            "indicator_code": "NI 179",
            "baseline_year": "2009",
            "first_year": "2009",
            "last_year": "2008",
            "method": "added",
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"last_year", "baseline_year"}
