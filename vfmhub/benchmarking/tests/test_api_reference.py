"""The reference data and neighbour API: public to every signed-in user, nothing to anyone else,
lineage-joined values, pinned query counts, 404 for unknown codes."""

import datetime
from decimal import Decimal

import pytest

from vfmhub.benchmarking.models import (
    Neighbour,
    NeighbourModel,
    ReferenceArea,
    ReferenceMeasure,
    ReferenceSource,
    ReferenceValue,
)
from vfmhub.benchmarking.services.lineage import lineage_sync
from vfmhub.testing import client_for

pytestmark = pytest.mark.django_db
BASE = "/api/v1/benchmarking"


@pytest.fixture
def reference():
    lineage_sync(acting_user=None)
    source = ReferenceSource.objects.create(
        kind="imd", title="Deprivation", publisher="MHCLG", file_name="imd.csv", sha256="x" * 64
    )
    score = ReferenceMeasure.objects.create(
        code="imd.imd.average_score",
        title="Deprivation score",
        group="Deprivation",
        aggregation="population_mean",
    )
    population = ReferenceMeasure.objects.create(
        code="population", title="Population", group="Population", aggregation="sum"
    )
    rows = {
        # Aylesbury Vale, Chiltern, South Bucks, Wycombe: Buckinghamshire's districts until 2020
        "E07000004": (200_000, 10),
        "E07000005": (100_000, 6),
        "E07000006": (70_000, 8),
        "E07000007": (180_000, 12),
    }
    for code, (people, deprivation) in rows.items():
        ReferenceValue.objects.create(
            measure=population, gss_code=code, year=2019, value=people, source=source
        )
        ReferenceValue.objects.create(
            measure=score, gss_code=code, year=2019, value=deprivation, source=source
        )
    return score


def test_a_measure_for_a_year_joins_a_successor_from_its_predecessors(personas, reference):
    response = client_for(personas.viewer).get(
        f"{BASE}/measures/imd.imd.average_score/values?year=2019"
    )
    assert response.status_code == 200
    values = {i["gss_code"]: Decimal(i["value"]) for i in response.json()["items"]}
    # Buckinghamshire (2020) = the population-weighted mean of its four districts (by hand)
    expected = (Decimal(200_000 * 10 + 100_000 * 6 + 70_000 * 8 + 180_000 * 12)) / 550_000
    assert values["E06000060"] == pytest.approx(expected)
    published = client_for(personas.viewer).get(
        f"{BASE}/measures/imd.imd.average_score/values?year=2019&joined=false"
    )
    assert "E06000060" not in {i["gss_code"] for i in published.json()["items"]}


def test_unknown_codes_and_bad_years_are_404_and_422_never_500(personas, reference):
    client = client_for(personas.viewer)
    assert client.get(f"{BASE}/measures/nothing/values?year=2019").status_code == 404
    assert client.get(f"{BASE}/measures/population/values?year=99999").status_code == 422
    assert client.get(f"{BASE}/measures/population/values?year=x").status_code == 422
    assert client.get(f"{BASE}/models/9.9").status_code == 404
    assert client.get(f"{BASE}/neighbours/E07000004").status_code == 404  # no model yet


def test_nobody_signed_out_reads_reference_data(reference):
    for path in ("/sources", "/measures", "/areas", "/lineage", "/models"):
        assert client_for(None).get(BASE + path).status_code == 401


def test_lists_are_paginated_in_pinned_queries(personas, reference, django_assert_num_queries):
    client = client_for(personas.viewer)
    client.get(f"{BASE}/areas")  # warm the session
    for path in ("/sources", "/measures", "/areas?area_class=district", "/lineage", "/models"):
        # session, user, count, page
        with django_assert_num_queries(4):
            response = client.get(BASE + path)
        assert response.status_code == 200, path
    areas = client.get(f"{BASE}/areas?q=E06000060").json()
    assert [a["name"] for a in areas["items"]] == ["Buckinghamshire"]
    assert areas["items"][0]["active_from"] == "2020-04-01"


def test_an_areas_neighbours_carry_each_variables_part(personas, reference):
    model = NeighbourModel.objects.create(
        version="t.1",
        title="Test",
        spec={},
        yaml_text="",
        computed_at=datetime.datetime.now(datetime.UTC),
    )
    ReferenceArea.objects.filter(gss_code="E07000005").update(name="Chiltern")
    Neighbour.objects.create(
        model=model,
        body_code="E07000004",
        neighbour_code="E07000005",
        rank=1,
        distance=0.5,
        rebased=0.1,
        parts={"deprivation": 0.3, "density": 0.2},
    )
    response = client_for(personas.viewer).get(f"{BASE}/neighbours/E07000004")
    body = response.json()
    assert body["model_version"] == "t.1"
    assert body["neighbours"] == [
        {
            "rank": 1,
            "gss_code": "E07000005",
            "name": "Chiltern",
            "distance": 0.5,
            "rebased": 0.1,
            "parts": {"deprivation": 0.3, "density": 0.2},
        }
    ]
    detail = client_for(personas.viewer).get(f"{BASE}/models/t.1").json()
    assert detail["neighbour_count"] == 1


def test_a_measures_values_and_an_areas_neighbours_take_pinned_queries(
    personas, reference, django_assert_num_queries
):
    """The count does not grow with the number of areas: one query for the values, one for the
    lineage, and for a population-weighted mean the population (measure, years, values)."""
    model = NeighbourModel.objects.create(
        version="t.1",
        title="Test",
        spec={},
        yaml_text="",
        computed_at=datetime.datetime.now(datetime.UTC),
    )
    for rank, code in enumerate(("E07000005", "E07000006", "E07000007"), start=1):
        Neighbour.objects.create(
            model=model,
            body_code="E07000004",
            neighbour_code=code,
            rank=rank,
            distance=rank,
            rebased=rank / 10,
            parts={"density": rank},
        )
    client = client_for(personas.viewer)
    client.get(f"{BASE}/areas")  # warm the session
    # session, user, measure, values, lineage, population: measure, years, values
    with django_assert_num_queries(8):
        response = client.get(f"{BASE}/measures/imd.imd.average_score/values?year=2019")
    assert response.status_code == 200
    # session, user, the default model (marked, else the newest computed), area, neighbours, names
    with django_assert_num_queries(7):
        response = client.get(f"{BASE}/neighbours/E07000004")
    assert [n["rank"] for n in response.json()["neighbours"]] == [1, 2, 3]
