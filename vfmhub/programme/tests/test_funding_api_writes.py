"""Funding writes over the API: streams, allocation lines, approval, commitments, spend and carry
forward; access by persona, audit of every write, 409 for stale changes and refused removals, 422
by field and pinned query counts (seed 001 built through the API: `test_funding_api_seed.py`)."""

import datetime
import itertools
from decimal import Decimal

import pytest

from vfmhub.api.testing import version_of
from vfmhub.core.concurrency import CHANGED_SINCE_OPENED
from vfmhub.programme.access import funding as access_funding
from vfmhub.programme.models import (
    AllocationNode,
    AllocationPlan,
    Commitment,
    FundingStream,
    FundingStreamKind,
    PlanStatus,
    Spend,
)
from vfmhub.programme.services import funding as services
from vfmhub.programme.tests.helpers import latest_audit
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db

WRITERS = ["partnership_manager", "staff"]
READERS = ["partnership_viewer", "peer_reviewer", "manager", "editor", "viewer"]
OUTSIDERS = ["outsider"]
JSON = "application/json"
K = Decimal(1000)
YEAR = 2009
BASE = "/api/v1/programme/partnerships/{}"


def _api(personas, path=""):
    return BASE.format(personas.partnership.pk) + path


@pytest.fixture
def stream(personas):
    return services.stream_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        year=YEAR,
        name="Year Two funding",
        kind=FundingStreamKind.GRANT,
        amount=7_000_000 * Decimal(1),
    )


@pytest.fixture
def line(personas):
    return services.node_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        year=YEAR,
        name="Equalities",
        amount=65 * K,
    )


def _commitment(personas, line, amount=400 * K, day=1):
    return services.commitment_create(
        acting_user=personas.partnership_manager,
        node=line,
        date=datetime.date(2009, 6, day),
        amount=amount,
    )


def _spend(personas, line, amount=150 * K, day=1):
    return services.spend_create(
        acting_user=personas.partnership_manager,
        node=line,
        date=datetime.date(2009, 9, day),
        amount=amount,
    )


# Access -----------------------------------------------------------------------------------------


def test_reads_are_for_members_and_hidden_from_outsiders(personas, stream, line):
    _commitment(personas, line)
    _spend(personas, line)
    for path in ("/allocation-lines?year=2009", "/commitments?year=2009", "/spend?year=2009"):
        assert_access(
            personas, _api(personas, path), allowed=[*WRITERS, *READERS], hidden=OUTSIDERS
        )


def test_creates_are_for_writers_only(personas, stream, line):
    creates = [
        ("/funding-streams", {"year": 2010, "name": "Grant", "kind": "grant", "amount": "1"}),
        ("/allocation-lines", {"year": YEAR, "name": "Innovation Fund", "amount": "100000"}),
        ("/commitments", {"line_id": line.pk, "date": "2009-06-01", "amount": "100"}),
        ("/spend", {"line_id": line.pk, "date": "2009-06-01", "amount": "100"}),
        ("/allocation/2009/status", {"status": "approved", "approved_on": "2009-03-31"}),
    ]
    for path, body in creates:
        assert_access(
            personas,
            _api(personas, path),
            method="post",
            data=body,
            content_type=JSON,
            allowed=WRITERS,
            forbidden=READERS,
            hidden=OUTSIDERS,
            ok=(200, 201),
        )
    assert FundingStream.objects.filter(year=2010).count() == 2
    assert Commitment.objects.count() == 2 and Spend.objects.count() == 2
    plan = AllocationPlan.objects.get(partnership=personas.partnership, year=YEAR)
    assert plan.status == PlanStatus.APPROVED and plan.approved_on == datetime.date(2009, 3, 31)


def test_changes_and_removals_are_for_writers_only(personas, stream, line):
    commitment, spend = _commitment(personas, line), _spend(personas, line)
    patches = [
        (f"/funding-streams/{stream.pk}", {"name": "Year Two grant"}, stream),
        (f"/allocation-lines/{line.pk}", {"name": "Equality and diversity"}, line),
    ]
    for (path, body, row), writer in itertools.product(patches, WRITERS):
        assert_access(
            personas,
            _api(personas, path),
            method="patch",
            data={**body, "updated_at": version_of(row)},  # each writer sends what it read
            content_type=JSON,
            allowed=[writer],
            forbidden=READERS,
            hidden=OUTSIDERS,
        )
    removals = [
        (f"/commitments/{commitment.pk}", "partnership_manager"),
        (f"/spend/{spend.pk}", "staff"),
        (f"/allocation-lines/{line.pk}", "partnership_manager"),
        (f"/funding-streams/{stream.pk}", "staff"),
    ]
    for path, writer in removals:
        assert_access(
            personas,
            _api(personas, path),
            method="delete",
            allowed=[writer],
            forbidden=READERS,
            hidden=OUTSIDERS,
            ok=(204,),
        )
    assert not FundingStream.objects.exists() and not AllocationNode.objects.exists()
    assert not Commitment.objects.exists() and not Spend.objects.exists()


def test_carry_forward_is_for_writers_only(personas, stream):
    url = _api(personas, "/funding/2009/carry-forward")
    assert_access(
        personas,
        url,
        method="post",
        content_type=JSON,
        allowed=["staff"],
        forbidden=READERS,
        hidden=OUTSIDERS,
        ok=(201,),
    )
    carried = FundingStream.objects.get(year=2010)
    assert carried.carried_from_year == YEAR and carried.amount == 7_000_000
    assert latest_audit("funding_stream.carry_forward").actor == personas.staff


def test_rows_of_another_partnership_are_not_found(personas, stream, line):
    from vfmhub.organisations.models import Partnership, PartnershipKind

    other = Partnership.objects.create(name="Improvement Elsewhere", kind=PartnershipKind.RIEP)
    client = client_for(personas.staff)
    url = BASE.format(other.pk)
    assert client.delete(f"{url}/funding-streams/{stream.pk}").status_code == 404
    assert client.patch(f"{url}/allocation-lines/{line.pk}", {}, JSON).status_code == 404
    body = {"line_id": line.pk, "date": "2009-06-01", "amount": "1"}
    refused = client.post(f"{url}/commitments", body, JSON)
    assert refused.status_code == 422
    assert refused.json()["errors"] == [{"field": "line_id", "message": access_funding.NO_LINE}]


# Writes: what they do, audited ------------------------------------------------------------------


def test_stream_create_patch_and_remove_are_audited(personas):
    client = client_for(personas.partnership_manager)
    body = {
        "year": YEAR,
        "name": "DEFRA climate change",
        "kind": "ring_fenced",
        "funder": "DEFRA",
        "purpose": "Climate Change",
        "amount": "288624",
        "status": "expected",
    }
    created = client.post(_api(personas, "/funding-streams"), body, JSON)
    assert created.status_code == 201
    stream = created.json()
    assert stream["kind"] == "ring_fenced" and Decimal(stream["amount"]) == Decimal("288624")
    assert latest_audit("funding_stream.create").partnership_id == personas.partnership.pk
    url = _api(personas, f"/funding-streams/{stream['id']}")
    patch = {"status": "received", "updated_at": stream["updated_at"]}
    changed = client.patch(url, patch, JSON)
    assert changed.status_code == 200 and changed.json()["status"] == "received"
    assert latest_audit("funding_stream.update").changes == {"status": ["expected", "received"]}
    assert client.delete(url).status_code == 204
    removed = latest_audit("funding_stream.remove")
    assert removed.changes["funder"] == ["DEFRA", None]
    assert removed.partnership_id == personas.partnership.pk


def test_line_create_patch_and_remove_are_audited(personas, line):
    client = client_for(personas.partnership_manager)
    body = {"year": YEAR, "name": "Performance", "level": "outcome", "stated_total": "65000"}
    parent = client.post(_api(personas, "/allocation-lines"), body, JSON).json()
    assert parent["stated_total"] == "65000.00" and Decimal(parent["computed_total"]) == 0
    assert parent["stated_differs"] is True and parent["problems"]
    url = _api(personas, f"/allocation-lines/{line.pk}")
    read = client.get(_api(personas, "/allocation-lines"), {"year": YEAR}).json()["items"]
    opened = next(row["updated_at"] for row in read if row["id"] == line.pk)
    moved = client.patch(url, {"parent_id": parent["id"], "updated_at": opened}, JSON)
    assert moved.status_code == 200
    assert moved.json()["parent_id"] == parent["id"] and moved.json()["depth"] == 1
    assert latest_audit("allocation_node.update").changes == {"parent_id": [None, parent["id"]]}
    rows = client.get(_api(personas, "/allocation-lines"), {"year": YEAR}).json()["items"]
    assert rows[0]["name"] == "Performance" and rows[0]["stated_differs"] is False
    cleared = client.patch(
        url, {"parent_id": None, "amount": None, "updated_at": moved.json()["updated_at"]}, JSON
    ).json()
    assert cleared["parent_id"] is None and cleared["amount"] is None
    assert client.delete(url).status_code == 204
    assert latest_audit("allocation_node.remove").changes == {
        "name": ["Equalities", None],
        "order": [0, None],
    }


def test_movements_create_list_and_remove_are_audited(personas, line):
    client = client_for(personas.partnership_manager)
    for path in ("/commitments", "/spend"):
        body = {"line_id": line.pk, "date": "2009-06-01", "amount": "2500", "description": "Hall"}
        created = client.post(_api(personas, path), body, JSON)
        assert created.status_code == 201
        out = created.json()
        assert (out["line_id"], out["line_name"], out["year"]) == (line.pk, "Equalities", YEAR)
        listed = client.get(_api(personas, path), {"year": YEAR}).json()
        assert listed["count"] == 1 and listed["items"][0]["id"] == out["id"]
        assert client.get(_api(personas, path), {"year": 2010}).json()["count"] == 0
        assert client.delete(_api(personas, f"{path}/{out['id']}")).status_code == 204
    for action in ("commitment.create", "spend.create"):
        assert latest_audit(action).partnership_id == personas.partnership.pk
    for action in ("commitment.remove", "spend.remove"):
        event = latest_audit(action)
        assert event.changes["amount"] == ["2500.00", None]
        assert event.partnership_id == personas.partnership.pk


def test_allocation_status_approves_and_reopens(personas, line):
    client = client_for(personas.partnership_manager)
    url = _api(personas, f"/allocation/{YEAR}/status")
    approved = client.post(url, {"status": "approved"}, JSON).json()
    assert approved["status"] == "approved" and approved["approved_on"]
    assert approved["approved_by_id"] == personas.partnership_manager.pk
    assert latest_audit("allocation_plan.approve").partnership_id == personas.partnership.pk
    refused = client.patch(
        _api(personas, f"/allocation-lines/{line.pk}"),
        {"amount": "1", "updated_at": version_of(line)},
        JSON,
    )
    assert refused.status_code == 409
    assert refused.json() == {"detail": services.APPROVED_LOCKED, "errors": []}
    reopened = client.post(url, {"status": "draft"}, JSON).json()
    assert reopened == {
        "status": "draft",
        "approved_on": None,
        "approved_by_id": None,
        "stated_grand_total": None,
        "year": YEAR,
    }
    assert latest_audit("allocation_plan.reopen").changes["status"] == ["approved", "draft"]


# Stale changes, refusals and bad input ----------------------------------------------------------


def test_stale_patches_answer_409_and_change_nothing(personas, stream, line):
    """Two managers read the same row; the second to save gets 409, not a silent overwrite."""
    first, second = client_for(personas.partnership_manager), client_for(personas.staff)
    for listing, obj in (("/funding-streams", stream), ("/allocation-lines", line)):
        read = second.get(_api(personas, listing), {"year": YEAR}).json()["items"]
        opened = next(row["updated_at"] for row in read if row["id"] == obj.pk)
        url = _api(personas, f"{listing}/{obj.pk}")
        saved = first.patch(url, {"name": "First", "updated_at": opened}, JSON)
        assert saved.status_code == 200 and saved.json()["updated_at"] != opened
        stale = second.patch(url, {"name": "Second", "updated_at": opened}, JSON)
        assert stale.status_code == 409
        assert stale.json() == {"detail": CHANGED_SINCE_OPENED, "errors": []}
        obj.refresh_from_db()
        assert obj.name == "First"


def test_refused_removals_answer_409_with_the_reason(personas, line):
    client = client_for(personas.partnership_manager)
    fence = services.stream_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        year=YEAR,
        name="DEFRA climate change",
        kind=FundingStreamKind.RING_FENCED,
        funder="DEFRA",
        purpose="Climate Change",
        amount=65 * K,
    )
    services.node_update(acting_user=personas.partnership_manager, node=line, ring_fence=fence)
    commitment = _commitment(personas, line, amount=10 * K)
    in_use = client.delete(_api(personas, f"/funding-streams/{fence.pk}"))
    assert in_use.status_code == 409
    assert in_use.json()["detail"] == services.stream_removal_refusal(fence)
    has_records = client.delete(_api(personas, f"/allocation-lines/{line.pk}"))
    assert has_records.status_code == 409
    assert has_records.json()["detail"] == services.node_removal_refusal(line)
    carry = _api(personas, f"/funding/{YEAR}/carry-forward")
    assert client.post(carry).status_code == 201
    again = client.post(carry)
    assert again.status_code == 409
    assert again.json()["detail"] == services.ALREADY_CARRIED.format(year="2009/10")
    carried = client.delete(_api(personas, f"/commitments/{commitment.pk}"))
    assert carried.status_code == 409 and "carried into 2010/11" in carried.json()["detail"]
    nothing = client.post(_api(personas, "/funding/2015/carry-forward"))
    assert nothing.status_code == 409
    assert FundingStream.objects.filter(pk=fence.pk).exists()
    assert Commitment.objects.filter(pk=commitment.pk).exists()


def test_bad_input_answers_422_by_field(personas, stream, line):
    client = client_for(personas.partnership_manager)
    lines, streams = _api(personas, "/allocation-lines"), _api(personas, "/funding-streams")
    cases = [
        (
            streams,
            {"year": YEAR, "name": "Fenced", "kind": "ring_fenced", "amount": "1"},
            "purpose",
        ),
        (streams, {"year": YEAR, "name": "Minus", "kind": "grant", "amount": "-1"}, "amount"),
        (streams, {"year": YEAR, "name": "Odd", "kind": "gift", "amount": "1"}, "kind"),
        (lines, {"year": YEAR, "name": "Orphan", "parent_id": 999999}, "parent_id"),
        (lines, {"year": 2010, "name": "Wrong year", "parent_id": line.pk}, "parent_id"),
        (lines, {"year": YEAR, "name": "Fence", "ring_fence_id": stream.pk}, "ring_fence_id"),
        (lines, {"year": YEAR, "name": "Odd", "level": "galaxy"}, "level"),
        (
            _api(personas, "/commitments"),
            {"line_id": line.pk, "date": "2009-06-01", "amount": "0"},
            "amount",
        ),
        (
            _api(personas, f"/allocation/{YEAR}/status"),
            {"status": "draft", "approved_on": "2009-03-31"},
            "approved_on",
        ),
    ]
    for url, body, field in cases:
        response = client.post(url, body, JSON)
        assert response.status_code == 422, (body, response.json())
        assert [e["field"] for e in response.json()["errors"]] == [field], body
    under_itself = client.patch(
        _api(personas, f"/allocation-lines/{line.pk}"),
        {"parent_id": line.pk, "updated_at": version_of(line)},
        JSON,
    )
    assert under_itself.status_code == 422
    assert under_itself.json()["errors"] == [
        {"field": "parent_id", "message": "A node cannot sit under itself."}
    ]
    assert FundingStream.objects.count() == 1 and AllocationNode.objects.count() == 1


# Queries ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 6])
def test_lines_list_queries_constant(personas, django_assert_num_queries, count):
    for n in range(count):
        services.node_create(
            acting_user=personas.partnership_manager,
            partnership=personas.partnership,
            year=YEAR,
            name=f"Line {n}",
            amount=K,
        )
    client = client_for(personas.viewer)
    # session, user, partnership, roles, streams, plan, lines, commitments, spend, updated_at
    with django_assert_num_queries(10):
        response = client.get(_api(personas, "/allocation-lines"), {"year": YEAR})
    assert response.json()["count"] == count


@pytest.mark.parametrize("count", [1, 6])
@pytest.mark.parametrize("path", ["/commitments", "/spend"])
def test_movement_lists_queries_constant(personas, line, django_assert_num_queries, count, path):
    for n in range(count):
        (_commitment if path == "/commitments" else _spend)(personas, line, K, n + 1)
    client = client_for(personas.viewer)
    # session, user, partnership, roles, count, page with lines
    with django_assert_num_queries(6):
        response = client.get(_api(personas, path), {"year": YEAR})
    assert response.json()["count"] == count
