"""The place view: every body covering an area with their spend by service together, worked by
hand on a small fixture; the shipped fire authority list; downloads, query counts, access and
hostile input.

The fixture: Leicestershire (E10000018, a real county code, so the shipped list finds its fire
authority E31000024) with two districts, Ashby (the personas' organisation A, E07000901, an
invented code) and Charnwood (E07000130); Leicester (E06000016, single-tier); the fire authority.
Figures are invented, £ thousand, for 2017-18:

    line              county  Ashby  Charnwood  fire   place total   per head (150,000 people)
    Education            300      –          –     –           300   300,000 / 150,000 = 2.00
    Housing                –     20         10     –            30    30,000 / 150,000 = 0.20
    Fire and rescue        –      –          –    45            45    45,000 / 150,000 = 0.30
    Total service        300     20         10    45           375   375,000 / 150,000 = 2.50
"""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from vfmhub.benchmarking.models import AreaClass, ReferenceArea, ReferenceMeasure, ReferenceValue
from vfmhub.benchmarking.selectors.place import (
    fire_authorities,
    fire_covering,
    place_code_for,
    place_view,
)
from vfmhub.benchmarking.tests.pages_data import make_source
from vfmhub.organisations.models import BodyType, Organisation
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db

COUNTY, ASHBY, CHARNWOOD, LEICESTER, FIRE = (
    "E10000018",
    "E07000901",
    "E07000130",
    "E06000016",
    "E31000024",
)
YEAR = 2017
READERS = ["manager", "editor", "viewer", "auditor", "partnership_manager", "staff"]


@pytest.fixture
def place_data(personas):
    source = make_source()
    for code, name, area_class, county in (
        (COUNTY, "Leicestershire", AreaClass.COUNTY, ""),
        (ASHBY, "Ashby", AreaClass.DISTRICT, COUNTY),
        (CHARNWOOD, "Charnwood", AreaClass.DISTRICT, COUNTY),
        (LEICESTER, "Leicester", AreaClass.SINGLE_TIER, ""),
        (FIRE, "Leicestershire Fire", AreaClass.FIRE, ""),
    ):
        ReferenceArea.objects.create(
            gss_code=code, name=name, area_class=area_class, county_code=county
        )
    measures = {
        code: ReferenceMeasure.objects.create(
            code=f"outturn.{code}", title=code, group="Revenue outturn", unit="£ thousand"
        )
        for code in ("education", "housing", "fire", "total_service")
    }
    population = ReferenceMeasure.objects.create(
        code="population", title="Population", group="Population", unit="people"
    )
    rows = [
        (measures["education"], COUNTY, 300),
        (measures["total_service"], COUNTY, 300),
        (measures["housing"], ASHBY, 20),
        (measures["total_service"], ASHBY, 20),
        (measures["housing"], CHARNWOOD, 10),
        (measures["total_service"], CHARNWOOD, 10),
        (measures["fire"], FIRE, 45),
        (measures["total_service"], FIRE, 45),
        (measures["education"], LEICESTER, 500),
        (measures["total_service"], LEICESTER, 600),
        (population, ASHBY, 100_000),
        (population, CHARNWOOD, 50_000),
        (population, LEICESTER, 300_000),
        # A year before: only the county, so the year chooser offers two years.
        (measures["total_service"], COUNTY, 290),
    ]
    ReferenceValue.objects.bulk_create(
        ReferenceValue(
            measure=measure,
            gss_code=code,
            year=YEAR - 1 if i == len(rows) - 1 else YEAR,
            value=value,
            source=source,
        )
        for i, (measure, code, value) in enumerate(rows)
    )
    return measures


def url(org, **query):
    address = reverse("benchmarking:place", args=[org.pk])
    if query:
        address += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return address


def get(personas, address, user="viewer"):
    return client_for(personas.user(user)).get(address)


def _total(place):
    assert place.total is not None
    return place.total


def county_area():
    return ReferenceArea.objects.get(gss_code=COUNTY)


# -- the shipped fire list ---------------------------------------------------------------------


def test_it_ships_every_fire_authority_of_the_2017_18_outturn_with_its_areas():
    fires = fire_authorities()
    assert len(fires) == 28
    assert fires[FIRE].areas == ("E10000018", "E06000016", "E06000017")  # county, city, Rutland
    assert fires["E31000011"].kind == "county_and_unitaries"  # Devon and Somerset
    assert {"E10000008", "E10000027"} <= set(fires["E31000011"].areas)
    assert fires["E31000044"].kind == "metropolitan" and len(fires["E31000044"].areas) == 7
    every = [code for fire in fires.values() for code in fire.areas]
    assert len(every) == len(set(every)), "an area is covered by one fire authority"
    assert all(code[:3] in ("E06", "E08", "E10") for code in every)


def test_it_finds_the_fire_authority_of_a_county_a_unitary_and_a_successor():
    assert [f.code for f in fire_covering(COUNTY)] == [FIRE]
    assert [f.code for f in fire_covering(LEICESTER)] == [FIRE]
    assert fire_covering("E10000025") == []  # Oxfordshire runs its own fire service
    # Dorset's unitary (2019) through the old county it replaced.
    assert [f.code for f in fire_covering("E06000059", ("E10000009",))] == ["E31000047"]


# -- the place, by hand ------------------------------------------------------------------------


def test_a_district_belongs_to_its_countys_place_and_a_unitary_to_its_own(place_data):
    areas = {a.gss_code: a for a in ReferenceArea.objects.all()}
    assert place_code_for(ASHBY, areas[ASHBY]) == COUNTY
    assert place_code_for(COUNTY, areas[COUNTY]) == COUNTY
    assert place_code_for(LEICESTER, areas[LEICESTER]) == LEICESTER
    assert place_code_for(FIRE, areas[FIRE]) is None


def test_it_adds_up_the_place_by_hand(place_data):
    place = place_view(county_area())
    assert place.year == YEAR and place.years == [YEAR, YEAR - 1]
    assert [(b.code, b.role) for b in place.bodies] == [
        (COUNTY, "county"),
        (ASHBY, "district"),
        (CHARNWOOD, "district"),
        (FIRE, "fire"),
    ]
    assert place.population == Decimal(150_000)
    lines = {line.code: line for line in place.lines}
    assert list(lines) == [
        "outturn.education",
        "outturn.housing",
        "outturn.fire",
        "outturn.total_service",
    ]
    housing = lines["outturn.housing"]
    assert housing.amounts == (None, Decimal(20), Decimal(10), None)
    assert (housing.total, housing.per_head) == (Decimal(30), Decimal("0.20"))
    assert lines["outturn.education"].per_head == Decimal("2.00")
    assert lines["outturn.fire"].per_head == Decimal("0.30")
    assert _total(place).total == Decimal(375) and _total(place).per_head == Decimal("2.50")


def test_a_unitarys_place_is_itself_and_its_fire_authority(place_data):
    place = place_view(ReferenceArea.objects.get(gss_code=LEICESTER))
    assert [b.code for b in place.bodies] == [LEICESTER, FIRE]
    # 600 + 45 = 645 thousand over 300,000 people.
    assert _total(place).total == Decimal(645) and _total(place).per_head == Decimal("2.15")


def test_a_year_with_only_some_bodies_names_those_without_figures(place_data):
    place = place_view(county_area(), YEAR - 1)
    assert [line.code for line in place.lines] == ["outturn.total_service"]
    assert _total(place).total == Decimal(290)
    assert [b.code for b in place.without_figures] == [ASHBY, CHARNWOOD, FIRE]
    # Population is held at the nearest census outside the years loaded: 290,000 / 150,000.
    assert _total(place).per_head == Decimal("1.93")


# -- the page ----------------------------------------------------------------------------------


def test_the_page_shows_a_districts_county_place_with_totals_and_a_chart(personas, place_data):
    text = get(personas, url(personas.org_a)).text
    assert "Your place: Leicestershire" in text
    for code in (COUNTY, ASHBY, CHARNWOOD, FIRE):
        assert f'data-code="{code}"' in text
    assert 'data-testid="chart"' in text and "<svg" in text
    assert 'data-line="outturn.total_service"' in text
    assert "375" in text and "2.50" in text
    assert "Population of the area: 150000" in text


def test_the_home_page_links_to_the_place(personas, place_data):
    text = get(personas, reverse("benchmarking:home", args=[personas.org_a.pk])).text
    assert url(personas.org_a) in text and "Your place" in text


def test_a_body_with_no_place_is_told_why(personas, place_data):
    fire = Organisation.objects.create(
        name="Leicestershire Fire", body_type=BodyType.FIRE, gss_code=FIRE
    )
    text = get(personas, url(fire), user="staff").text
    assert 'data-testid="no-place"' in text


def test_it_downloads_the_table_as_csv_and_xlsx(personas, place_data):
    response = get(personas, url(personas.org_a, export="csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Service line" and rows[0][-2:] == [
        "Place total, £ thousand",
        "Place total, £ per head",
    ]
    assert rows[2] == ["Housing services (GFRA only)", "", "20", "10", "", "30", "0.20"]
    assert rows[-1][-2:] == ["375", "2.50"]
    response = get(personas, url(personas.org_a, export="xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 5 and sheet.cell(5, 6).value == 375


def test_the_page_and_the_download_take_a_fixed_number_of_queries(
    personas, place_data, django_assert_num_queries
):
    client = client_for(personas.viewer)
    # 1 session, 2 user, 3 organisation with the user's access, 4 auditor years, 5 the body's
    # area, 6 the place's area, 7 districts, 8 lineage, 9 years with figures, 10 districts of
    # the year chosen, 11 lineage again, 12 the figures, population_with_counties: 13 measure,
    # 14 census years, 15 lineage, 16 values, 17 counties' districts
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(url(personas.org_a)).status_code == 200
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(url(personas.org_a, export="csv")).status_code == 200


PAGE_QUERIES = 17


def test_readers_of_the_organisation_see_it_and_an_outsider_does_not(personas, place_data):
    assert_access(personas, url(personas.org_a), allowed=READERS, hidden=["outsider"], ok=(200,))


@pytest.mark.parametrize(
    "query",
    ["year=abc", "year=99999", "year=1800", "year=2030", "export=pdf", "year=%00", "year=-1"],
)
def test_hostile_input_never_gives_a_500(personas, place_data, query):
    response = get(personas, url(personas.org_a) + "?" + query)
    assert response.status_code in (200, 404)


def test_a_year_without_figures_says_so(personas, place_data):
    text = get(personas, url(personas.org_a, year=2030)).text
    assert 'data-testid="no-figures"' in text


# -- the API -----------------------------------------------------------------------------------

API = "/api/v1/benchmarking/organisations/{}/place"


def test_the_api_gives_the_same_place(personas, place_data, django_assert_max_num_queries):
    client = client_for(personas.viewer)
    with django_assert_max_num_queries(PAGE_QUERIES):
        body = client.get(API.format(personas.org_a.pk)).json()
    assert body["gss_code"] == COUNTY and body["population"] == "150000"
    assert [b["gss_code"] for b in body["bodies"]] == [COUNTY, ASHBY, CHARNWOOD, FIRE]
    total = body["lines"][-1]
    assert total["code"] == "outturn.total_service"
    assert Decimal(total["total"]) == 375 and Decimal(total["per_head"]) == Decimal("2.50")
    assert client.get(API.format(personas.org_a.pk) + "?year=zz").status_code == 200


def test_the_api_hides_the_place_from_an_outsider(personas, place_data):
    response = client_for(personas.outsider).get(API.format(personas.org_a.pk))
    assert response.status_code == 404


@pytest.mark.parametrize("pk", [0, 2**31, 2**63, 10**30])
def test_an_organisation_id_beyond_any_is_not_found(personas, place_data, pk):
    client = client_for(personas.staff)
    assert client.get(reverse("benchmarking:place", args=[pk])).status_code == 404
    assert client.get(API.format(pk)).status_code in (404, 422)
