"""A body's efficiency page: trajectory against target, council tax bill figures, pinned queries."""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from vfmhub.efficiency import services
from vfmhub.efficiency.tests.conftest import add_gain, body_url
from vfmhub.testing import client_for

pytestmark = pytest.mark.django_db


def submit(personas, programme, organisation=None, **fields):
    draft = services.return_save(
        acting_user=personas.editor,
        programme=programme,
        organisation=organisation or personas.org_a,
        **fields,
    )
    return services.return_submit(acting_user=personas.staff, efficiency_return=draft)


def test_it_shows_targets_in_pounds_and_achieved(personas, programme):
    add_gain(personas, programme, "350000")
    submit(personas, programme, year=2008, kind="outturn")
    submit(personas, programme, year=2009, kind="forecast", reported_value=Decimal("580000"))
    page = client_for(personas.viewer).get(body_url(programme, personas.org_a))
    rows = page.context["rows"]
    assert [(r.target_percent, r.target_amount) for r in rows] == [
        (Decimal("3.0"), Decimal("300000.00")),
        (Decimal("6.0"), Decimal("600000.00")),
        (Decimal("9.4"), Decimal("940000.00")),
    ]
    assert rows[0].achieved == Decimal("350000.00")
    assert rows[0].achieved_percent == Decimal("3.5")
    assert rows[1].forecast == Decimal("580000.00")
    assert [r.register for r in rows] == [Decimal("350000.00")] * 3
    html = page.content.decode()
    assert "<svg" in html and "£940,000" in html


def test_it_shows_council_tax_bill_figures(personas, programme):
    services.tax_base_save(
        acting_user=personas.manager,
        organisation=personas.org_a,
        year=2008,
        band_d_equivalents=Decimal("40000"),
    )
    submit(personas, programme, year=2009, kind="forecast", reported_value=Decimal("600000"))
    page = client_for(personas.viewer).get(body_url(programme, personas.org_a))
    bill = page.context["bill_rows"][1]
    assert (bill.percent_of_baseline, bill.per_band_d) == (Decimal("6.0"), Decimal(15))
    assert bill.type_average_per_band_d == Decimal(15)  # org A is the only district


def test_it_exports_the_trajectory(personas, programme):
    add_gain(personas, programme, "350000")
    response = client_for(personas.viewer).get(body_url(programme, personas.org_a) + "?export=csv")
    assert response.status_code == 200
    assert "Target %" in response.content.decode()
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][-1] == "Register £"  # the body's own users see the register
    assert rows[1][:3] == ["2008/09", "3.0", "300000.00"]
    assert rows[1][-1] == "350000.00"
    assert len(rows) == 4  # the header and the programme's three years


def test_body_page_query_count_is_constant(personas, programme, django_assert_num_queries):
    client = client_for(personas.viewer)
    url = body_url(programme, personas.org_a)
    for year in (2008, 2009, 2010):
        add_gain(personas, programme, "1000", first_year=year)
    submit(personas, programme, year=2008, kind="outturn", ratings={2009: "A"})
    # session, user, programme, participant, role, partnership roles, baselines, gains,
    # returns, their ratings, year targets, peers' returns, tax bases
    with django_assert_num_queries(13):
        client.get(url)
    for _ in range(10):
        add_gain(personas, programme, "1000", first_year=2009)
    submit(personas, programme, year=2009, kind="forecast")
    with django_assert_num_queries(13):
        client.get(url)


def test_gains_list_query_count_is_constant(personas, programme, django_assert_num_queries):
    client = client_for(personas.editor)
    url = body_url(programme, personas.org_a, "efficiency:gains")
    category = services.category_add(
        acting_user=personas.partnership_manager, programme=programme, name="Procurement"
    )
    add_gain(personas, programme, category=category)
    # session, user, programme, participant, role, partnership roles, gains with categories,
    # categories for the filter
    with django_assert_num_queries(8):
        client.get(url)
    for _ in range(10):
        add_gain(personas, programme, category=category)
    with django_assert_num_queries(8):
        client.get(url)


def test_gains_due_for_the_check_are_flagged_and_filtered(personas, programme, on_day):
    due = add_gain(personas, programme, description="Old gain", first_year=2008)
    add_gain(personas, programme, description="Newer gain", first_year=2009)
    on_day(datetime.date(2011, 4, 2))
    url = body_url(programme, personas.org_a, "efficiency:gains")
    page = client_for(personas.editor).get(url, {"status": "due"})
    assert [g.pk for g in page.context["gains"]] == [due.pk]
    assert "Persistence check due" in page.content.decode()
    body = client_for(personas.editor).get(body_url(programme, personas.org_a))
    assert body.context["checks_due"] == 1
    assert body.context["checks_coming"] == 0


def test_gains_filters(personas, programme):
    kept = add_gain(personas, programme, description="Cash", first_year=2008)
    add_gain(personas, programme, description="Non-cash", is_cash_releasing=False)
    services.gain_remove(
        acting_user=personas.editor,
        gain=add_gain(personas, programme, description="Gone"),
        removed_from_year=2010,
        removed_on=datetime.date(2010, 6, 1),
        reason="Contract ended",
    )
    client = client_for(personas.editor)
    url = body_url(programme, personas.org_a, "efficiency:gains")

    def found(**params):
        return [g.description for g in client.get(url, params).context["gains"]]

    assert found(cash="no") == ["Non-cash"]
    assert found(status="removed") == ["Gone"]
    assert sorted(found(year="2010", cash="yes")) == [kept.description]
    assert sorted(found(year="2009", cash="yes")) == ["Cash", "Gone"]
    export = client.get(url, {"export": "csv", "status": "removed"}).content.decode()
    assert "Contract ended" in export and "Non-cash" not in export
