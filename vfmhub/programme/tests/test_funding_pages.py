"""Funding pages: access by persona and pinned query counts."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from vfmhub.core.testing import assert_access, client_for
from vfmhub.programme.importing.funding import allocation_import
from vfmhub.programme.tests.test_funding_checks import add_seed_streams

FIXTURES = Path(__file__).parent / "fixtures"
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


@pytest.mark.parametrize("name", ["funding_stream_add", "funding_node_add", "funding_movement_add"])
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
    response = client.get(url, {"year": 2009, "format": "csv"})
    assert response.status_code == 200 and b"Performance" in response.content
    response = client.get(
        reverse("programme:funding_streams", args=[seeded.partnership.pk]),
        {"year": 2009, "format": "xlsx"},
    )
    assert response.status_code == 200


def test_overview_shows_unallocated_and_pins_queries(seeded, django_assert_num_queries):
    client = client_for(seeded.partnership_viewer)
    url = reverse("programme:overview", args=[seeded.partnership.pk]) + "?year=2009"
    client.get(url)
    # session, user, partnership, roles, streams, plan, nodes, commitments, spends, commitments
    # list, projects, top risks, risk counts, the latest improvement programme (none here)
    with django_assert_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200
    assert Decimal(13_000_000) and "Unallocated" in response.content.decode()


def test_allocation_page_pins_queries(seeded, django_assert_num_queries):
    client = client_for(seeded.partnership_viewer)
    url = reverse("programme:funding_allocation", args=[seeded.partnership.pk]) + "?year=2009"
    client.get(url)
    # session, user, partnership, roles, streams, plan, nodes, commitments, spends
    with django_assert_num_queries(9):
        response = client.get(url)
    assert response.status_code == 200
