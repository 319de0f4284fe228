"""Correcting funding on its pages: the confirm pages that remove streams, allocation lines,
commitments and spend (or say why they cannot), stale edits refused with the error summary, and
the page of the year's commitments and spend with its exports. Managers and staff write; other
readers get 403 and outsiders 404."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from vfmhub.core.concurrency import CHANGED_SINCE_OPENED
from vfmhub.programme.models import (
    AllocationNode,
    Commitment,
    FundingStream,
    PlanStatus,
    Spend,
)
from vfmhub.programme.services import funding as services
from vfmhub.programme.tests.helpers import YEAR, K, latest_audit
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db

WRITERS = ["partnership_manager", "staff"]
READERS = ["partnership_viewer", "peer_reviewer", "manager", "editor", "viewer"]
OUTSIDERS = ["outsider"]


def _url(name, personas, *pks):
    return reverse(f"programme:{name}", args=[personas.partnership.pk, *pks])


# Pages: access, confirm and refusal ---------------------------------------------------------------


def _remove_pages(personas, funding):
    return [
        _url("funding_stream_remove", personas, funding.grant.pk),
        _url("funding_node_remove", personas, funding.equalities.pk),
        _url("funding_commitment_remove", personas, funding.commitment.pk),
        _url("funding_spend_remove", personas, funding.spend.pk),
    ]


def test_it_lets_only_writers_reach_the_remove_pages(personas, funding):
    for url in _remove_pages(personas, funding):
        assert_access(
            personas, url, allowed=WRITERS, forbidden=READERS, hidden=OUTSIDERS, ok=(200,)
        )


def test_it_refuses_remove_posts_to_readers_and_removes_for_writers(personas, funding):
    pages = _remove_pages(personas, funding)
    for url in pages[:2]:
        assert_access(
            personas,
            url,
            method="post",
            allowed=["staff"],
            forbidden=READERS,
            hidden=OUTSIDERS,
            ok=(302,),
        )
    for url in pages[2:]:
        assert_access(
            personas,
            url,
            method="post",
            allowed=["partnership_manager"],
            forbidden=READERS,
            hidden=OUTSIDERS,
            ok=(302,),
        )
    assert not FundingStream.objects.filter(pk=funding.grant.pk).exists()
    assert not AllocationNode.objects.filter(pk=funding.equalities.pk).exists()
    assert not Commitment.objects.exists() and not Spend.objects.exists()
    assert latest_audit("funding_stream.remove").actor == personas.staff
    assert latest_audit("spend.remove").actor == personas.partnership_manager


def test_it_hides_another_partnerships_rows(personas, funding):
    from vfmhub.organisations.models import Partnership, PartnershipKind

    other = Partnership.objects.create(name="Improvement Elsewhere", kind=PartnershipKind.RIEP)
    url = reverse("programme:funding_stream_remove", args=[other.pk, funding.grant.pk])
    assert client_for(personas.staff).get(url).status_code == 404
    assert client_for(personas.staff).post(url).status_code == 404
    assert FundingStream.objects.filter(pk=funding.grant.pk).exists()


def test_it_removes_a_stream_after_a_confirm_page(personas, funding):
    client = client_for(personas.partnership_manager)
    url = _url("funding_stream_remove", personas, funding.grant.pk)
    page = client.get(url).content.decode()
    assert "Remove this funding stream?" in page
    assert "govuk-warning-text" in page and services.RING_FENCE_IN_USE[:20] not in page
    assert 'class="govuk-button govuk-button--warning"' in page and "Remove funding stream" in page
    assert "£7,000,000.00" in page
    assert FundingStream.objects.filter(pk=funding.grant.pk).exists()  # GET changes nothing
    response = client.post(url, follow=True)
    assert response.redirect_chain[0][0] == _url("funding_streams", personas) + "?year=2009"
    assert "The funding stream “Year Two funding” has been removed." in response.content.decode()
    assert not FundingStream.objects.filter(pk=funding.grant.pk).exists()


def test_it_explains_a_refused_removal_instead_of_offering_a_button(personas, funding):
    client = client_for(personas.partnership_manager)
    for url, refusal in (
        (
            _url("funding_stream_remove", personas, funding.defra.pk),
            services.stream_removal_refusal(funding.defra),
        ),
        (
            _url("funding_node_remove", personas, funding.care.pk),
            services.node_removal_refusal(funding.care),
        ),
    ):
        assert refusal is not None
        page = client.get(url).content.decode()
        assert "You cannot remove this" in page and refusal in page
        assert "govuk-button--warning" not in page
        refused = client.post(url)
        assert refused.status_code == 200 and refusal in refused.content.decode()
    assert FundingStream.objects.filter(pk=funding.defra.pk).exists()
    assert AllocationNode.objects.filter(pk=funding.care.pk).exists()


def test_remove_links_for_writers_only_and_lines_only_while_draft(personas, funding):
    manager, viewer = client_for(personas.partnership_manager), client_for(personas.viewer)
    streams = _url("funding_streams", personas) + "?year=2009"
    remove_stream = _url("funding_stream_remove", personas, funding.grant.pk)
    assert remove_stream in manager.get(streams).content.decode()
    assert remove_stream not in viewer.get(streams).content.decode()
    allocation = _url("funding_allocation", personas) + "?year=2009"
    remove_line = _url("funding_node_remove", personas, funding.equalities.pk)
    assert remove_line in manager.get(allocation).content.decode()
    assert remove_line not in viewer.get(allocation).content.decode()
    services.plan_set_status(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        year=YEAR,
        status=PlanStatus.APPROVED,
    )
    assert remove_line not in manager.get(allocation).content.decode()
    movements = _url("funding_movements", personas) + "?year=2009"
    assert movements in manager.get(allocation).content.decode()
    remove_commitment = _url("funding_commitment_remove", personas, funding.commitment.pk)
    remove_spend = _url("funding_spend_remove", personas, funding.spend.pk)
    managed = manager.get(movements).content.decode()
    assert remove_commitment in managed and remove_spend in managed
    read = viewer.get(movements).content.decode()
    assert remove_commitment not in read and remove_spend not in read


# Pages: stale edits -------------------------------------------------------------------------------


def test_a_stale_stream_edit_is_refused_with_the_error_summary(personas, funding):
    client = client_for(personas.partnership_manager)
    url = _url("funding_stream_edit", personas, funding.grant.pk)
    opened = funding.grant.updated_at.isoformat()
    assert f'value="{opened}"' in client.get(url).content.decode()
    services.stream_update(acting_user=personas.staff, stream=funding.grant, amount=6_500_000)
    data = {
        "year": YEAR,
        "name": "Year Two funding",
        "kind": "grant",
        "amount": "9000000",
        "status": "received",
        "updated_at": opened,
    }
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and CHANGED_SINCE_OPENED in page
    funding.grant.refresh_from_db()
    assert funding.grant.amount == 6_500_000


def test_a_fresh_stream_edit_saves_and_audits_the_change(personas, funding):
    client = client_for(personas.partnership_manager)
    url = _url("funding_stream_edit", personas, funding.grant.pk)
    data = {
        "year": YEAR,
        "name": "Year Two funding",
        "kind": "grant",
        "amount": "6500000",
        "status": "expected",
        "updated_at": funding.grant.updated_at.isoformat(),
    }
    assert client.post(url, data).status_code == 302
    event = latest_audit("funding_stream.update")
    assert event.changes == {
        "amount": ["7000000.00", "6500000.00"],
        "status": ["received", "expected"],
    }


def test_a_stale_line_edit_is_refused_with_the_error_summary(personas, funding):
    client = client_for(personas.partnership_manager)
    url = _url("funding_node_edit", personas, funding.equalities.pk)
    opened = funding.equalities.updated_at.isoformat()
    assert f'value="{opened}"' in client.get(url).content.decode()
    services.node_update(
        acting_user=personas.partnership_manager, node=funding.equalities, amount=70 * K
    )
    data = {"name": "Equalities", "amount": "60000", "order": 0, "year": YEAR}
    response = client.post(url, {**data, "updated_at": opened})
    assert "There is a problem" in response.content.decode()
    assert CHANGED_SINCE_OPENED in response.content.decode()
    funding.equalities.refresh_from_db()
    assert funding.equalities.amount == 70 * K
    fresh = funding.equalities.updated_at.isoformat()
    assert client.post(url, {**data, "updated_at": fresh}).status_code == 302
    assert latest_audit("allocation_node.update").changes == {"amount": ["70000.00", "60000.00"]}


# The year's commitments and spend -----------------------------------------------------------------


def test_movements_page_is_for_members(personas, funding):
    url = _url("funding_movements", personas) + "?year=2009"
    assert_access(personas, url, allowed=[*WRITERS, *READERS], hidden=OUTSIDERS, ok=(200,))


def test_movements_page_lists_the_year_with_totals(personas, funding):
    services.commitment_create(
        acting_user=personas.partnership_manager,
        node=funding.climate,
        date=datetime.date(2009, 7, 1),
        amount=88 * K,
        description="Carbon audit",
    )
    page = client_for(personas.viewer).get(_url("funding_movements", personas), {"year": YEAR})
    text = page.content.decode()
    for shown in (
        "1 Jun 2009",
        "Adult Social Care",
        "Care pathways review",
        "£400,000.00",
        "Carbon audit",
        "£488,000.00",  # total committed
        "30 Sep 2009",
        "First quarter invoices",
        "£150,000.00",
    ):
        assert shown in text
    assert "export=csv" in text and "year=2009" in text


def test_recording_a_movement_returns_to_the_movements_page(personas, funding):
    client = client_for(personas.partnership_manager)
    data = {
        "year": YEAR,
        "kind": "spend",
        "node": funding.climate.pk,
        "date": "2009-10-01",
        "amount": "0",
    }
    refused = client.post(_url("funding_spend_add", personas), data)
    assert "Enter an amount of more than £0." in refused.content.decode()
    response = client.post(_url("funding_spend_add", personas), {**data, "amount": "1000"})
    assert response["Location"] == _url("funding_movements", personas) + "?year=2009"
    # in pounds and pence
    assert latest_audit("spend.create").changes["amount"] == [None, "1000.00"]


def test_movements_exports(personas, funding):
    client = client_for(personas.partnership_viewer)
    url = _url("funding_movements", personas)
    csv = client.get(url, {"year": str(YEAR), "export": "csv"})
    assert csv["Content-Disposition"] == 'attachment; filename="commitments-and-spend-2009.csv"'
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Kind,Date,Allocation line,Description,Amount £"
    assert lines[1:] == [
        "Commitment,2009-06-01,Adult Social Care,Care pathways review,400000.00",
        "Spend,2009-09-30,Adult Social Care,First quarter invoices,150000.00",
    ]
    xlsx = client.get(url, {"year": str(YEAR), "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("Commitment", datetime.datetime(2009, 6, 1), "Adult Social Care")
    assert Decimal(str(rows[2][4])) == 150 * K
    assert client.get(url, {"year": str(YEAR), "export": "pdf"}).status_code == 404


@pytest.mark.parametrize("count", [1, 6])
def test_movements_page_pins_queries(personas, funding, django_assert_num_queries, count):
    for n in range(count):
        services.spend_create(
            acting_user=personas.partnership_manager,
            node=funding.equalities,
            date=datetime.date(2009, 10, n + 1),
            amount=K,
        )
    client = client_for(personas.viewer)
    url = _url("funding_movements", personas) + "?year=2009"
    # session, user, partnership, roles, commitments with lines, spend with lines
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    assert f"£{150_000 + count * 1_000:,}.00" in response.content.decode()  # spent in all


def test_the_carry_forward_page_says_why_it_was_refused(personas):
    from vfmhub.programme.services import funding as services_funding

    services_funding.stream_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        year=2009,
        name="RIEP grant",
        kind="grant",
        amount=Decimal(1000),
    )
    client = client_for(personas.partnership_manager)
    url = reverse("programme:funding_carry_forward", args=[personas.partnership.pk])
    first = client.post(url, {"year": 2009}, follow=True)
    assert "has been carried forward" in first.content.decode()
    again = client.post(url, {"year": 2009}, follow=True)
    assert "already been carried forward" in again.content.decode()
