"""Funding pages: access by persona and pinned query counts."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from vfmhub.programme.importing.funding import allocation_import
from vfmhub.programme.models import AllocationNode, Commitment, Spend
from vfmhub.programme.tests.helpers import FIXTURES, SEED_STREAMS, add_seed_streams
from vfmhub.testing import assert_access, client_for

READERS = ["partnership_manager", "partnership_viewer", "peer_reviewer", "viewer", "staff"]


@pytest.fixture
def seeded(personas):
    add_seed_streams(personas)
    allocation_import(
        (FIXTURES / "seed001_allocation.csv").read_bytes(),
        "a.csv",
        partnership=personas.partnership,
        year=2009,
    )
    return personas


@pytest.mark.parametrize("name", ["overview", "funding_streams", "funding_allocation"])
def test_pages_readable_by_members_hidden_from_outsiders(seeded, name):
    url = reverse(f"programme:{name}", args=[seeded.partnership.pk]) + "?year=2009"
    assert_access(seeded, url, allowed=READERS, hidden=["outsider"])


@pytest.mark.parametrize(
    "name", ["funding_stream_add", "funding_node_add", "funding_movement_add", "funding_spend_add"]
)
def test_write_pages_for_managers_only(seeded, name):
    url = reverse(f"programme:{name}", args=[seeded.partnership.pk]) + "?year=2009"
    assert_access(
        seeded,
        url,
        allowed=["partnership_manager"],
        forbidden=["partnership_viewer", "peer_reviewer", "viewer"],
        hidden=["outsider"],
    )


def test_add_stream_and_approve(seeded):
    pk = seeded.partnership.pk
    url = reverse("programme:funding_stream_add", args=[pk])
    data = {
        "year": 2009,
        "name": "DEFRA climate change",
        "kind": "ring_fenced",
        "funder": "DEFRA",
        "purpose": "Climate Change",
        "amount": "288624",
        "status": "received",
    }
    assert_access(
        seeded,
        url,
        method="post",
        data=data,
        allowed=["partnership_manager"],
        forbidden=["partnership_viewer", "viewer"],
        hidden=["outsider"],
    )
    approve = reverse("programme:funding_approve", args=[pk])
    assert_access(
        seeded,
        approve,
        method="post",
        data={"year": 2009},
        allowed=["partnership_manager"],
        forbidden=["peer_reviewer"],
        hidden=["outsider"],
    )
    page = client_for(seeded.partnership_manager).get(
        reverse("programme:funding_allocation", args=[pk]) + "?year=2009"
    )
    assert "Approved" in page.content.decode()
    assert "Ring-fenced DEFRA climate change" in page.content.decode()  # not allocated yet


def test_exports(seeded):
    client = client_for(seeded.partnership_viewer)
    url = reverse("programme:funding_allocation", args=[seeded.partnership.pk])
    response = client.get(url, {"year": "2009", "format": "csv"})
    assert response.status_code == 200 and b"Performance" in response.content
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "Depth,Name,Level,Amount £,Stated total £,Computed total £,Committed £,Spent £"
    )
    assert lines[1].startswith("0,Performance,") and ",4347000.00," in lines[1]
    response = client.get(
        reverse("programme:funding_streams", args=[seeded.partnership.pk]),
        {"year": "2009", "format": "xlsx"},
    )
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("Name", "Kind", "Funder", "Purpose", "Amount £", "Status")
    assert [row[0] for row in rows[1:]] == [name for name, _, _ in SEED_STREAMS]
    assert sum(Decimal(str(row[4])) for row in rows[1:]) == 13_000_000


def test_overview_shows_unallocated_and_pins_queries(seeded, django_assert_num_queries):
    client = client_for(seeded.partnership_viewer)
    url = reverse("programme:overview", args=[seeded.partnership.pk]) + "?year=2009"
    client.get(url)
    # session, user, partnership, roles, streams, plan, nodes, commitments, spends, commitments
    # list, projects, top risks, risk counts, the latest improvement programme (none here)
    with django_assert_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Unallocated" in html and "£13,000k" in html


def test_allocation_page_pins_queries(seeded, django_assert_num_queries):
    client = client_for(seeded.partnership_viewer)
    url = reverse("programme:funding_allocation", args=[seeded.partnership.pk]) + "?year=2009"
    client.get(url)
    # session, user, partnership, roles, streams, plan, nodes, commitments, spends
    with django_assert_num_queries(9):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Allocation 2009/10" in html
    for line in ("Performance", "Adult Social Care", "Children&#x27;s Services", "£4,347k"):
        assert line in html, line


@pytest.mark.parametrize(
    ("name", "recorded", "other", "message"),
    [
        ("funding_movement_add", Commitment, Spend, "The commitment has been recorded."),
        ("funding_spend_add", Spend, Commitment, "The spend has been recorded."),
    ],
)
def test_each_kind_of_movement_is_recorded_at_its_own_address(
    seeded, name, recorded, other, message
):
    line = AllocationNode.objects.get(partnership=seeded.partnership, name="Equalities")
    url = reverse(f"programme:{name}", args=[seeded.partnership.pk]) + "?year=2009"
    client = client_for(seeded.partnership_manager)
    page = client.get(url).content.decode()
    assert "Equalities" in page and 'name="kind"' not in page
    data = {"node": line.pk, "date": "2009-06-01", "amount": "2500", "description": "Venue"}
    response = client.post(url, data, follow=True)
    movements = reverse("programme:funding_movements", args=[seeded.partnership.pk])
    assert response.redirect_chain == [(f"{movements}?year=2009", 302)]
    assert message in response.content.decode()
    made = recorded.objects.get()
    assert (made.node, made.amount, made.description) == (line, 2500, "Venue")
    assert not other.objects.exists()
