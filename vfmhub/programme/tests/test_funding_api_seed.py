"""Seed 001's £13m of funding and £12,922k allocation built through the API, corrected (a line
added by mistake and removed), approved, committed, spent and carried forward, with every write
recorded in the partnership's history."""

from decimal import Decimal

import pytest

from vfmhub.audit.models import AuditEvent
from vfmhub.programme.tests.helpers import YEAR, K
from vfmhub.testing import client_for

pytestmark = pytest.mark.django_db

JSON = "application/json"
BASE = "/api/v1/programme/partnerships/{}"
SEED_STREAMS = [
    ("Building Capacity East carry forward", "carry_forward", "500000"),
    ("Year One uncommitted", "uncommitted", "3500000"),
    ("Year Two funding", "grant", "7000000"),
    ("Capital Efficiency and Transformation Fund (2008/9)", "capital", "2000000"),
]
# Seed 001's allocation in £k: (name, level, amount, stated total, children).
SEED_TREE = [
    (
        "Performance",
        "outcome",
        None,
        4347,
        [
            ("Individual Authorities", 1000),
            ("Adult Social Care", 1297),
            (
                "Children's Services",
                [("14-19 Transition Programme", 220), ("Children's Services Programme", 750)],
            ),
            ("Use of Resources", 150),
            ("Menu of Support", 580),
            ("Equalities", 65),
            ("Housing and Planning", 120),
            ("Innovation Fund", 100),
            ("Innovations Day", 65),
        ],
    ),
    (
        "LSPs/LAAs",
        "outcome",
        None,
        1620,
        [
            ("Partnership Support", 550),
            ("LAA Outcomes", 600),
            ("CAA", 270),
            ("MAA", 100),
            ("Other LSP/LAA support", 100),
        ],
    ),
    ("Efficiency", "outcome", 4575, None, []),
    ("Skills and Capacity", "outcome", 1180, None, []),
    ("Other", "outcome", 1200, None, []),
]


def _api(personas, path=""):
    return BASE.format(personas.partnership.pk) + path


# Seed 001 through the API -----------------------------------------------------------------------


def _post_line(client, personas, name, level="", amount=None, stated=None, parent=None, order=0):
    body = {
        "year": YEAR,
        "name": name,
        "level": level,
        "amount": None if amount is None else str(amount * K),
        "stated_total": None if stated is None else str(stated * K),
        "parent_id": parent,
        "order": order,
    }
    response = client.post(_api(personas, "/allocation-lines"), body, JSON)
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def _post_children(client, personas, parent, children, level):
    for order, (name, value) in enumerate(children):
        if isinstance(value, list):
            block = _post_line(client, personas, name, level, parent=parent, order=order)
            _post_children(client, personas, block, value, "programme")
        else:
            _post_line(client, personas, name, level, value, parent=parent, order=order)


def test_seed_001_round_trip(personas):
    client = client_for(personas.partnership_manager)
    for name, kind, pounds in SEED_STREAMS:
        body = {"year": YEAR, "name": name, "kind": kind, "amount": pounds}
        assert client.post(_api(personas, "/funding-streams"), body, JSON).status_code == 201
    for order, (name, level, amount, stated, children) in enumerate(SEED_TREE):
        block = _post_line(client, personas, name, level, amount, stated, order=order)
        _post_children(client, personas, block, children, "workstream")
    # A line added by mistake, then corrected and removed.
    wrong = _post_line(client, personas, "Efficiency (duplicate)", "outcome", 4575)
    position = client.get(_api(personas, "/funding"), {"year": YEAR}).json()
    assert Decimal(position["allocated"]) == 17_497 * K and position["state"] == "over-allocated"
    assert client.delete(_api(personas, f"/allocation-lines/{wrong}")).status_code == 204

    position = client.get(_api(personas, "/funding"), {"year": YEAR}).json()
    assert Decimal(position["funding"]) == 13_000 * K
    assert Decimal(position["allocated"]) == 12_922 * K
    assert Decimal(position["unallocated"]) == 78 * K
    assert position["state"] == "unallocated" and position["problems"] == []
    by_name = {row["name"]: row for row in position["allocations"]}
    assert Decimal(by_name["Performance"]["computed_total"]) == 4_347 * K
    assert Decimal(by_name["Children's Services"]["computed_total"]) == 970 * K
    assert Decimal(by_name["LSPs/LAAs"]["computed_total"]) == 1_620 * K
    lines = client.get(_api(personas, "/allocation-lines"), {"year": YEAR, "limit": 100}).json()
    assert lines["count"] == 21
    assert [row["name"] for row in lines["items"]] == [r["name"] for r in position["allocations"]]

    status = client.post(
        _api(personas, f"/allocation/{YEAR}/status"),
        {"status": "approved", "approved_on": "2009-03-31"},
        JSON,
    )
    assert status.json()["approved_on"] == "2009-03-31"
    efficiency = by_name["Efficiency"]["id"]
    for path, pounds in (("/commitments", "12000000"), ("/spend", "9000000")):
        body = {"line_id": efficiency, "date": "2010-03-01", "amount": pounds}
        assert client.post(_api(personas, path), body, JSON).status_code == 201
    carried = client.post(_api(personas, f"/funding/{YEAR}/carry-forward")).json()
    assert carried["year"] == 2010 and carried["kind"] == "uncommitted"
    assert Decimal(carried["amount"]) == 1_000 * K and carried["carried_from_year"] == YEAR
    next_year = client.get(_api(personas, "/funding"), {"year": 2010}).json()
    assert Decimal(next_year["funding"]) == 1_000 * K
    writes = AuditEvent.objects.filter(partnership=personas.partnership)
    assert writes.filter(action="funding_stream.create").count() == 4
    assert writes.filter(action="allocation_node.create").count() == 22
    assert writes.filter(action="allocation_node.remove").count() == 1
