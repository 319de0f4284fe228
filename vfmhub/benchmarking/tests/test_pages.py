"""The benchmarking pages of an organisation: what they show, worked by hand, their downloads,
their query counts, and hostile input."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from vfmhub.benchmarking.models import GroupKind
from vfmhub.benchmarking.tests.pages_data import (
    ASHBY,
    SCORE,
    SPEND,
    add_year,
    make_group,
    make_model,
    make_neighbours,
    make_reference,
)
from vfmhub.performance.models import Indicator, IndicatorValue
from vfmhub.testing import client_for

pytestmark = pytest.mark.django_db

NEIGHBOURS = ["E07000913", "E07000911", "E07000912", "E07000915", "E07000914"]


@pytest.fixture
def reference(personas):
    return make_reference()


def url(name, org, **query):
    address = reverse(f"benchmarking:{name}", args=[org.pk])
    if query:
        address += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return address


def get(personas, address, user="viewer"):
    return client_for(personas.user(user)).get(address)


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# -- home and neighbours ----------------------------------------------------------------------


def test_the_home_page_shows_the_area_five_neighbours_and_the_groups(personas, reference):
    model = make_model()
    make_neighbours(model, ASHBY, [*NEIGHBOURS, "E06000901"])
    make_group(personas.org_a, "Our near group", ["E07000911"])
    text = get(personas, url("home", personas.org_a)).text
    assert 'data-testid="area"' in text and "Shire district" in text
    assert text.count("data-code=") == 5 and 'data-code="E06000901"' not in text
    assert "Open nearest neighbours, version 2026.1 (computed 7 December 2026)" in text
    assert "Our near group" in text
    assert reverse("benchmarking:compare", args=[personas.org_a.pk]) in text


def test_a_body_without_a_gss_code_is_told_plainly(personas, reference):
    personas.org_a.gss_code = None
    personas.org_a.save()
    text = get(personas, url("home", personas.org_a)).text
    assert "has no GSS code" in text
    assert "has no GSS code" in get(personas, url("compare", personas.org_a, measure="x")).text


def test_a_body_without_reference_data_is_told_what_to_load(personas):
    text = get(personas, url("home", personas.org_a)).text
    assert "There is no reference data for E07000901 yet" in text and "load-reference" in text
    assert "No nearest-neighbour model has been computed yet" in text


def test_the_neighbours_page_explains_each_and_shows_the_overlap(personas, reference):
    model = make_model()
    make_neighbours(model, ASHBY, NEIGHBOURS)
    make_group(
        personas.org_a,
        "CIPFA nearest neighbours",
        ["E07000913", "E07000911", "E06000901"],
        kind=GroupKind.PUBLISHED,
        body_code=ASHBY,
    )
    text = get(personas, url("neighbours", personas.org_a)).text
    assert text.count("data-code=") == 5
    row = text[text.index('data-code="E07000913"') :]
    row = row[: row.index("</tr>")]
    assert "Denham" in row and "0.050" in row
    assert "Closest on population and density; furthest on crime" in row
    assert "2 of 5 also on CIPFA nearest neighbours" in text
    only_theirs = text[text.index('data-testid="only-theirs"') :]
    assert "Bexwell (E06000901)" in only_theirs[: only_theirs.index("</ul>")]


def test_the_neighbours_download(personas, reference):
    model = make_model()
    make_neighbours(model, ASHBY, NEIGHBOURS)
    rows = csv_rows(get(personas, url("neighbours", personas.org_a, export="csv")))
    assert rows[0] == ["Rank", "Area", "GSS code", "Distance (0 to 1)", "Why", "Model version"]
    assert rows[1][:4] == ["1", "Denham", "E07000913", "0.05"] and rows[1][5] == "2026.1"
    response = get(personas, url("neighbours", personas.org_a, export="xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 6 and sheet["B2"].value == "Denham"


def test_a_model_version_that_is_not_computed_is_not_found(personas, reference):
    make_model()
    assert get(personas, url("neighbours", personas.org_a, model="1999.1")).status_code == 404


# -- compare ----------------------------------------------------------------------------------


def test_compare_shows_the_position_in_the_same_class_worked_by_hand(personas, reference):
    # £ per head: Ashby 50, Barford 30, Corley 40, Denham 60, Eastwick 70, Farley 20 (see
    # test_distribution: median 45, quartiles 32.5 and 57.5, percentile 60, 0.3 MADs above).
    text = get(personas, url("compare", personas.org_a, measure=f"ref:{SPEND}")).text
    summary = text[text.index('data-testid="summary"') :]
    summary = summary[: summary.index("</dl>")]
    for figure in ("£50.00", "£45.00", "£32.50 to £57.50", "60: higher than 3 of the 5 others"):
        assert figure in summary
    assert "0.3 median absolute deviations above the median" in summary
    assert "Same class: shire districts: the 5 shire districts" in text
    assert 'data-testid="strip"' in text and "<svg" in text
    table = text[text.index('data-testid="members"') :]
    names = ["Ashby", "Barford", "Corley", "Denham", "Eastwick", "Farley"]
    assert [table.index(n) for n in names] == sorted(table.index(n) for n in names)  # by name


def test_compare_draws_the_trend_against_the_group_median(personas, reference):
    add_year(
        reference["population"],
        2020,
        dict.fromkeys(("E07000901", "E07000911", "E07000912"), 100000),
    )
    add_year(reference["spend"], 2020, {"E07000901": 1000, "E07000911": 2000, "E07000912": 4000})
    text = get(personas, url("compare", personas.org_a, measure=f"ref:{SPEND}")).text
    trend = text[text.index('data-testid="trend"') :]
    trend = trend[: trend.index("</table>")]
    # 2020/21: Ashby £10 in 10, 20, 40 → median £20 of 3; 2021/22 median £45 of 6.
    assert "2020/21" in trend and "£10.00" in trend and "£20.00" in trend
    assert "2021/22" in trend and "£45.00" in trend
    assert 'data-testid="trend-chart"' in text and text.count("<svg") == 2


def test_compare_download_has_the_groups_values(personas, reference):
    response = get(
        personas,
        url("compare", personas.org_a, measure=f"ref:{SCORE}", group="region", export="csv"),
    )
    rows = csv_rows(response)
    assert rows[0][:5] == ["Area", "GSS code", "Value", "Unit", "This body"]
    by_code = {row[1]: row for row in rows[1:]}
    assert set(by_code) == {ASHBY, "E07000911", "E07000912", "E07000913", "E06000901"}
    assert by_code[ASHBY][2] == "20.000000" and by_code[ASHBY][4] == "Yes"
    assert by_code["E06000901"][7].startswith("Same region:")
    response = get(personas, url("compare", personas.org_a, measure=f"ref:{SCORE}", export="xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 7 and sheet["A1"].value == "Area"


def _indicator(code="ASC1", polarity="higher"):
    return Indicator.objects.create(
        code=code, title="Social care quality of life", polarity=polarity, frequency="year"
    )


def test_other_bodies_own_entries_are_shown_without_names(personas, reference):
    indicator = _indicator()
    IndicatorValue.objects.create(
        indicator=indicator,
        organisation=personas.org_a,
        frequency="year",
        year=2021,
        value=Decimal(5),
        status="approved",
    )
    IndicatorValue.objects.create(  # entered by B on the platform: its value, not its name
        indicator=indicator,
        organisation=personas.org_b,
        frequency="year",
        year=2021,
        value=Decimal(7),
        status="approved",
        entered_by=personas.editor,
    )
    IndicatorValue.objects.create(  # a draft is never shown
        indicator=indicator,
        area_code="",
        organisation=personas.org_c,
        frequency="year",
        year=2021,
        value=Decimal(99),
        status="provisional",
    )
    IndicatorValue.objects.create(  # from a national publication: named
        indicator=indicator,
        area_code="E07000911",
        frequency="year",
        year=2021,
        value=Decimal(3),
        status="final",
    )
    text = get(
        personas, url("compare", personas.org_a, measure=f"ind:{indicator.pk}", group="all")
    ).text
    table = text[text.index('data-testid="members"') :]
    table = table[: table.index("</table>")]
    assert "Barford" in table and "Ashby" in table
    assert "Bexwell" not in table and "E06000901" not in table and "Not named" in table
    assert "99" not in table
    assert "better than 1 of the 2 others in the group and worse than 1" in text


def test_a_national_publication_loaded_against_an_organisation_is_named(personas, reference):
    """Oflog's file loaded by the system stores a registered council's figure against it (no
    person entered it): public, so named."""
    indicator = _indicator()
    for organisation, value in ((personas.org_a, 5), (personas.org_b, 7)):
        IndicatorValue.objects.create(
            indicator=indicator,
            organisation=organisation,
            frequency="year",
            year=2021,
            value=Decimal(value),
            status="approved",
        )
    text = get(
        personas, url("compare", personas.org_a, measure=f"ind:{indicator.pk}", group="all")
    ).text
    table = text[text.index('data-testid="members"') :]
    table = table[: table.index("</table>")]
    assert personas.org_b.gss_code in table and "Not named" not in table


def test_compare_without_a_measure_asks_for_one(personas, reference):
    text = get(personas, url("compare", personas.org_a)).text
    assert "Choose a measure and a group" in text and f"ref:{SPEND}" in text


def test_a_year_without_values_says_so(personas, reference):
    response = get(personas, url("compare", personas.org_a, measure=f"ref:{SCORE}", year=2001))
    assert response.status_code == 200 and 'data-testid="no-values"' in response.text


@pytest.mark.parametrize(
    "query",
    [
        {"measure": "ref:nothing"},
        {"measure": "ind:99999999999999999999"},
        {"measure": "ind:abc"},
        {"measure": f"ref:{SCORE}", "year": "abc"},
        {"measure": f"ref:{SCORE}", "year": "99999"},
        {"measure": f"ref:{SCORE}", "group": "list:12"},
        {"measure": f"ref:{SCORE}", "group": "neighbours:"},
        {"measure": f"ref:{SCORE}", "export": "pdf"},
        {"measure": "ref:" + "x" * 5000},
    ],
)
def test_hostile_compare_queries_are_not_found(personas, reference, query):
    assert get(personas, url("compare", personas.org_a, **query)).status_code == 404


def test_huge_values_do_not_break_the_page(personas, reference):
    add_year(reference["score"], 2030, {ASHBY: Decimal("99999999999999"), "E07000911": 0})
    response = get(personas, url("compare", personas.org_a, measure=f"ref:{SCORE}", year=2030))
    assert response.status_code == 200
    assert "99,999,999,999,999" in response.text


# -- cost against performance -----------------------------------------------------------------


def _quadrant_data():
    indicator = _indicator()
    # Published ASC figures: Ashby 60, Barford 80, Corley 50, Denham 40, Eastwick 90, Farley 70.
    for code, value in (
        (ASHBY, 60),
        ("E07000911", 80),
        ("E07000912", 50),
        ("E07000913", 40),
        ("E07000914", 90),
        ("E07000915", 70),
    ):
        IndicatorValue.objects.create(
            indicator=indicator,
            area_code=code,
            frequency="year",
            year=2021,
            value=value,
            status="final",
        )
    return indicator


def test_the_quadrant_places_named_bodies_as_a_hand_calculation_gives(personas, reference):
    # Cost per head 50 30 40 60 70 20 → median 45; performance 60 80 50 40 90 70 → median 65.
    indicator = _quadrant_data()
    address = url(
        "quadrant", personas.org_a, cost=f"ref:{SPEND}", performance=f"ind:{indicator.pk}"
    )
    text = get(personas, address).text
    own = text[text.index('data-testid="own-quadrant"') :]
    assert "Ashby: <strong>above average cost and below average performance</strong>" in own
    table = text[text.index('data-testid="placed"') :]

    def quadrant_of(name):
        row = table[table.index(name) - 200 :]
        return row[row.index('data-quadrant="') + 15 :].split('"')[0]

    assert quadrant_of("Barford") == "below-good"  # £30, 80
    assert quadrant_of("Denham") == "above-poor"  # £60, 40
    assert quadrant_of("Eastwick") == "above-good"  # £70, 90
    assert 'data-testid="scatter"' in text and "<svg" in text


def test_lower_is_better_flips_the_quadrant(personas, reference):
    indicator = _quadrant_data()
    indicator.polarity = "lower"
    indicator.save()
    address = url(
        "quadrant", personas.org_a, cost=f"ref:{SPEND}", performance=f"ind:{indicator.pk}"
    )
    text = get(personas, address).text
    assert "above average cost and above average performance" in text


def test_a_measure_with_no_better_direction_names_no_performance_quadrant(personas, reference):
    address = url("quadrant", personas.org_a, cost=f"ref:{SPEND}", performance=f"ref:{SCORE}")
    text = get(personas, address).text
    assert "so the quadrants cannot be named for performance" in text
    assert "cannot be called better or worse" in text


def test_the_quadrant_download(personas, reference):
    indicator = _quadrant_data()
    address = url(
        "quadrant",
        personas.org_a,
        cost=f"ref:{SPEND}",
        performance=f"ind:{indicator.pk}",
        export="csv",
    )
    rows = csv_rows(get(personas, address))
    assert rows[0] == [
        "Area",
        "GSS code",
        "Cost",
        "Performance",
        "Quadrant",
        "This body",
        "Group cited as",
    ]
    ashby = next(row for row in rows if row[1] == ASHBY)
    assert ashby[2:6] == [
        "50.00",
        "60.000000",
        "above average cost and below average performance",
        "Yes",
    ]


@pytest.mark.parametrize(
    "query",
    [
        {"cost": f"ref:{SCORE}", "performance": f"ref:{SCORE}"},  # not a spending line
        {"cost": f"ref:{SPEND}", "performance": "ind:0"},
        {"cost": f"ref:{SPEND}", "performance": "ref:nothing"},
        {"cost": "ind:1", "performance": f"ref:{SCORE}"},
        {"cost": f"ref:{SPEND}", "performance": f"ref:{SCORE}", "year": "-1"},
        {"cost": f"ref:{SPEND}", "performance": f"ref:{SCORE}", "year": "2021.5"},
        {"cost": f"ref:{SPEND}", "performance": f"ref:{SCORE}", "group": "partnership:999"},
        {"cost": f"ref:{SPEND}", "performance": f"ref:{SCORE}", "export": "docx"},
    ],
)
def test_hostile_quadrant_queries_are_not_found(personas, reference, query):
    assert get(personas, url("quadrant", personas.org_a, **query)).status_code == 404


def test_an_earlier_version_cited_elsewhere_is_shown_as_chosen(personas, reference):
    group = make_group(personas.org_a, "Near us", ["E07000911"])
    group.is_current = False
    group.save()
    text = get(
        personas, url("compare", personas.org_a, measure=f"ref:{SCORE}", group=f"list:{group.pk}")
    ).text
    assert f'<option value="list:{group.pk}" selected>Near us (as cited)</option>' in text


# -- query counts -----------------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 12])
def test_the_groups_list_has_a_fixed_number_of_queries(
    personas, reference, count, django_assert_num_queries
):
    for i in range(count):
        make_group(personas.org_a, f"Group {i}", ["E07000911"])
    client = client_for(personas.viewer)
    # session, user, the organisation with the user's role, its auditor assignments, the
    # current groups with who saved them
    with django_assert_num_queries(5):
        response = client.get(url("groups", personas.org_a))
    assert response.text.count("data-group=") == count


@pytest.mark.parametrize("count", [3, 15])
def test_the_neighbours_page_has_a_fixed_number_of_queries(
    personas, reference, count, django_assert_num_queries
):
    codes = [f"E0790{i:04d}" for i in range(count)]
    model = make_model()
    make_neighbours(model, ASHBY, codes)
    make_group(personas.org_a, "CIPFA", codes[:2], kind=GroupKind.PUBLISHED, body_code=ASHBY)
    client = client_for(personas.viewer)
    # session, user, organisation and role, auditor assignments, the body's area, the model,
    # the neighbours, their areas, the model versions, the published lists and their members
    with django_assert_num_queries(11):
        response = client.get(url("neighbours", personas.org_a))
    assert response.text.count("data-code=") == count


@pytest.mark.parametrize("count", [2, 12])
def test_the_home_page_has_a_fixed_number_of_queries(
    personas, reference, count, django_assert_num_queries
):
    model = make_model()
    make_neighbours(model, ASHBY, NEIGHBOURS)
    for i in range(count):
        make_group(personas.org_a, f"Group {i}", ["E07000911"])
    client = client_for(personas.viewer)
    # session, user, organisation and role, auditor assignments, the body's area, the default
    # model, its neighbours, their areas, the current groups
    with django_assert_num_queries(9):
        response = client.get(url("home", personas.org_a))
    assert response.text.count("benchmarking/groups/") >= count


def test_the_quadrant_page_has_a_bounded_number_of_queries(
    personas, reference, django_assert_max_num_queries
):
    indicator = _quadrant_data()
    address = url(
        "quadrant", personas.org_a, cost=f"ref:{SPEND}", performance=f"ind:{indicator.pk}"
    )
    client = client_for(personas.viewer)
    # session, user, organisation and role, auditor assignments, the body's area, the choices
    # (spend, measures, indicators, models, partnerships, groups), both measures, the group,
    # the years of each, the unit costs (lineage, population, spend), the indicator's values,
    # the areas' names
    with django_assert_max_num_queries(26):
        assert client.get(address).status_code == 200


def test_the_compare_page_has_a_bounded_number_of_queries(
    personas, reference, django_assert_max_num_queries
):
    client = client_for(personas.viewer)
    # session, user, organisation and role, auditor assignments, the body's area, measures (2),
    # group choices (3), the measure, the area group, the years, the values (with lineage),
    # the areas' names
    with django_assert_max_num_queries(20):
        client.get(url("compare", personas.org_a, measure=f"ref:{SCORE}"))


def test_the_organisation_page_links_to_benchmarking(personas):
    text = get(personas, reverse("organisations:detail", args=[personas.org_a.pk])).text
    assert f'href="{url("home", personas.org_a)}">Benchmarking</a>' in text
