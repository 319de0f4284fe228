"""The dashboard's exports carry the page's figures (XLSX read back with openpyxl)."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from vfmhub.efficiency.selectors.dashboard import programme_dashboard
from vfmhub.efficiency.tests.seed003 import MISSING, make_seed_003
from vfmhub.efficiency.tests.test_dashboard import TODAY


@pytest.fixture
def seed(personas):
    return make_seed_003(personas)


def _xlsx(personas, as_user, seed, table: str) -> list[tuple]:
    response = as_user(personas.partnership_viewer).get(
        reverse("efficiency:dashboard", args=[seed.programme.pk]),
        {"year": "2009", "export": "xlsx", "table": table},
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def test_it_exports_the_ratings_table(personas, as_user, seed):
    rows = _xlsx(personas, as_user, seed, "ratings")

    assert rows[0][:5] == ("Year", "Green", "Amber", "Red", "Not rated")
    assert [r[:5] for r in rows[1:]] == [
        ("2009/10", 0, 6, 1, 0),
        ("2010/11", 0, 5, 2, 0),
        ("2011/12", 0, 4, 1, 2),
    ]
    assert rows[3][8] == "Leicestershire County Council; Melton Borough Council"


def test_it_exports_returns_received_and_missing(personas, as_user, seed):
    rows = _xlsx(personas, as_user, seed, "returns")

    assert sorted(r[0] for r in rows[1:] if r[2] == "Missing") == sorted(MISSING)
    assert sum(r[2] == "Received" for r in rows[1:]) == 7


def test_it_exports_the_progress_the_page_shows(personas, as_user, seed):
    rows = _xlsx(personas, as_user, seed, "progress")
    dashboard = programme_dashboard(seed.programme, year=2009, today=TODAY)

    exported = [(r[0], Decimal(str(r[2])), Decimal(str(r[3])), r[7]) for r in rows[1:]]
    assert exported == [
        (b.name, b.value, b.percent, {"A": "Amber", "R": "Red"}[b.rating]) for b in dashboard.bodies
    ]


def test_it_exports_csv(personas, as_user, seed):
    response = as_user(personas.partnership_viewer).get(
        reverse("efficiency:dashboard", args=[seed.programme.pk]),
        {"export": "csv", "table": "below"},
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == [
        "Oadby and Wigston Borough Council",
        "Melton Borough Council",
    ]


def test_it_refuses_an_unknown_table(personas, as_user, seed):
    response = as_user(personas.partnership_viewer).get(
        reverse("efficiency:dashboard", args=[seed.programme.pk]),
        {"export": "csv", "table": "secrets"},
    )

    assert response.status_code == 404
