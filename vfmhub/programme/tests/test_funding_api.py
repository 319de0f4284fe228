"""Funding over the API: access by persona, the position with its checks, pinned queries, and
the demo step (£13m of streams, £12,922k allocated, run twice adds nothing)."""

from decimal import Decimal

import pytest

from vfmhub.programme.models import (
    AllocationNode,
    AllocationPlan,
    FundingStream,
    FundingStreamKind,
    PlanStatus,
)
from vfmhub.programme.selectors.funding import funding_position
from vfmhub.programme.services import funding as services
from vfmhub.testing import assert_access, client_for

READERS = ["partnership_manager", "partnership_viewer", "peer_reviewer", "viewer", "staff"]
OUTSIDERS = ["outsider"]
FUNDING = "/api/v1/programme/partnerships/{}/funding"
STREAMS = "/api/v1/programme/partnerships/{}/funding-streams"
K = Decimal(1000)


def add_stream(personas, name="Year Two funding", millions="7.0", year=2009):
    return services.stream_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        year=year,
        name=name,
        kind=FundingStreamKind.GRANT,
        amount=Decimal(millions) * 1_000_000,
    )


def add_node(personas, name, thousands, **fields):
    return services.node_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        year=2009,
        name=name,
        amount=None if thousands is None else thousands * K,
        **fields,
    )


def test_members_read_outsiders_404(personas):
    add_stream(personas)
    p = personas.partnership.pk
    for url in (FUNDING.format(p), f"{FUNDING.format(p)}?year=2009", STREAMS.format(p)):
        assert_access(personas, url, allowed=READERS, hidden=OUTSIDERS)


def test_viewer_reads_position_with_checks(personas):
    add_stream(personas, "Year Two funding", "1.0")
    parent = add_node(personas, "Performance", None, stated_total=700 * K)
    add_node(personas, "Adult Social Care", 500, parent=parent)
    add_node(personas, "Use of Resources", 150, parent=parent)
    client = client_for(personas.partnership_viewer)
    body = client.get(FUNDING.format(personas.partnership.pk), {"year": 2009}).json()
    assert Decimal(body["funding"]) == 1000 * K
    assert Decimal(body["allocated"]) == 650 * K
    assert Decimal(body["unallocated"]) == 350 * K
    assert body["state"] == "unallocated"
    assert [s["name"] for s in body["streams"]] == ["Year Two funding"]
    top = body["allocations"][0]
    assert top["name"] == "Performance" and top["has_children"]
    assert Decimal(top["computed_total"]) == 650 * K
    assert Decimal(top["stated_total"]) == 700 * K
    assert top["stated_differs"] is True and top["problems"]
    assert [r["parent_id"] for r in body["allocations"][1:]] == [top["id"], top["id"]]
    assert body["problems"]
    empty = client.get(FUNDING.format(personas.partnership.pk), {"year": 2001}).json()
    assert Decimal(empty["funding"]) == 0 and empty["allocations"] == []


def test_streams_list_filters_by_year(personas):
    add_stream(personas, "Year Two funding", "7.0", year=2009)
    add_stream(personas, "Year One funding", "3.0", year=2008)
    client = client_for(personas.partnership_viewer)
    url = STREAMS.format(personas.partnership.pk)
    assert client.get(url).json()["count"] == 2
    only = client.get(url, {"year": 2008}).json()
    assert [s["name"] for s in only["items"]] == ["Year One funding"]


@pytest.mark.parametrize("count", [1, 6])
def test_api_streams_list_queries_constant(personas, django_assert_num_queries, count):
    for n in range(count):
        add_stream(personas, f"Stream {n}", "1.0")
    client = client_for(personas.viewer)
    # session, user, partnership, roles, count, page of streams: pinned at 6.
    with django_assert_num_queries(6):
        response = client.get(STREAMS.format(personas.partnership.pk))
    assert response.status_code == 200
    listed = response.json()
    assert listed["count"] == count
    assert [item["name"] for item in listed["items"]] == [f"Stream {n}" for n in range(count)]


def test_demo_step_seeds_13m_and_12922k_once(personas):
    from vfmhub.programme.demo.funding import programme_funding

    class Ctx:
        partnerships = [personas.partnership]

    programme_funding(Ctx())
    counts = (FundingStream.objects.count(), AllocationNode.objects.count())
    programme_funding(Ctx())
    assert (FundingStream.objects.count(), AllocationNode.objects.count()) == counts
    position = funding_position(personas.partnership, 2009)
    assert position.funding == Decimal(13_000_000)
    assert position.total.allocated == 12_922 * K
    assert position.total.unallocated == 78 * K
    assert position.problems == []
    plan = AllocationPlan.objects.get(partnership=personas.partnership, year=2009)
    assert plan.status == PlanStatus.APPROVED and plan.approved_on
