"""The organisation-scoped benchmarking API: the same figures as the pages (each case asks both),
who may read, pinned query counts on the lists, and hostile input answered 4xx, never 500. The
comparator groups endpoints are tested in `test_api_groups.py`."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.text import capfirst

from vfmhub.benchmarking.models import GroupKind
from vfmhub.benchmarking.tests.api_pages_data import BASE, get, org_url
from vfmhub.benchmarking.tests.pages_data import (
    ASHBY,
    SCORE,
    SPEND,
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


def page(personas, name: str, **query) -> str:
    address = reverse(f"benchmarking:{name}", args=[personas.org_a.pk])
    if query:
        address += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return client_for(personas.viewer).get(address).text


def _indicator(polarity: str = "higher") -> Indicator:
    indicator = Indicator.objects.create(
        code="ASC1", title="Social care quality of life", polarity=polarity, frequency="year"
    )
    # Published figures: Ashby 60, Barford 80, Corley 50, Denham 40, Eastwick 90, Farley 70.
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


# -- neighbours ------------------------------------------------------------------------------------


def test_the_neighbours_are_the_pages_with_the_overlap(personas, reference):
    model = make_model()
    make_neighbours(model, ASHBY, NEIGHBOURS)
    cipfa = make_group(
        personas.org_a,
        "CIPFA nearest neighbours",
        ["E07000913", "E07000911", "E06000901"],
        kind=GroupKind.PUBLISHED,
        body_code=ASHBY,
    )
    response = get(personas, org_url(personas, "neighbours"))
    assert response.status_code == 200
    body = response.json()
    assert body["model_version"] == "2026.1" and body["gss_code"] == ASHBY
    assert body["citation"].endswith(
        "Open nearest neighbours, version 2026.1 (computed 7 December 2026)"
    )
    first = body["neighbours"][0]
    assert (first["rank"], first["gss_code"], first["name"]) == (1, "E07000913", "Denham")
    assert first["rebased"] == 0.05 and first["distance"] == 0.1
    assert first["parts"] == {"population": 0.0, "density": 0.025, "crime": 0.05}
    assert first["explanation"] == "closest on population and density; furthest on crime"
    [overlap] = body["overlaps"]
    assert overlap["group_id"] == cipfa.pk and overlap["total"] == 5
    assert [a["gss_code"] for a in overlap["both"]] == ["E07000913", "E07000911"]
    assert overlap["only_theirs"] == [{"gss_code": "E06000901", "name": "Bexwell"}]
    assert len(overlap["only_ours"]) == 3
    text = page(personas, "neighbours")  # the page shows the same
    assert (
        capfirst(first["explanation"]) in text and "2 of 5 also on CIPFA nearest neighbours" in text
    )
    assert overlap["citation"] in text


def test_an_unknown_or_uncomputed_model_version_is_not_found(personas, reference):
    make_model()
    for version in ("1999.1", "x" * 100, "'; drop table"):
        response = get(personas, org_url(personas, f"neighbours?version={version}"))
        assert response.status_code == 404
        assert set(response.json()) == {"detail", "errors"}
    assert get(personas, org_url(personas, "neighbours?version=" + "x" * 500)).status_code == 422


@pytest.mark.parametrize("count", [3, 15])
def test_the_neighbours_have_a_fixed_number_of_queries(
    personas, reference, count, django_assert_num_queries
):
    codes = [f"E0790{i:04d}" for i in range(count)]
    model = make_model()
    make_neighbours(model, ASHBY, codes)
    make_group(personas.org_a, "CIPFA", codes[:2], kind=GroupKind.PUBLISHED, body_code=ASHBY)
    client = client_for(personas.viewer)
    client.get(org_url(personas, "neighbours"))  # warm the session
    # session, user, organisation and role, auditor assignments, the body's area, the model,
    # the neighbours, their areas, the published lists and their members
    with django_assert_num_queries(10):
        response = client.get(org_url(personas, "neighbours"))
    assert len(response.json()["neighbours"]) == count


# -- compare ---------------------------------------------------------------------------------------


def test_compare_gives_the_pages_figures_worked_by_hand(personas, reference):
    # £ per head: Ashby 50, Barford 30, Corley 40, Denham 60, Eastwick 70, Farley 20: median 45,
    # quartiles 32.5 and 57.5, percentile 60, 0.3 MADs above (as test_pages and test_distribution)
    response = get(personas, org_url(personas, f"compare?measure=ref:{SPEND}"))
    assert response.status_code == 200
    found = response.json()
    stats = found["distribution"]
    assert found["year"] == 2021 and found["year_label"] == "2021/22"
    assert Decimal(found["value"]) == 50
    assert Decimal(stats["median"]) == 45 and stats["n"] == 6
    assert (Decimal(stats["lower_quartile"]), Decimal(stats["upper_quartile"])) == (
        Decimal("32.5"),
        Decimal("57.5"),
    )
    assert Decimal(stats["percentile"]) == 60
    assert found["wording"] == {
        "value": "£50.00",
        "median": "£45.00",
        "quartiles": "£32.50 to £57.50",
        "position": "higher than 3 of the 5 others in the group and lower than 2",
        "mads": "0.3 median absolute deviations above the median",
    }
    assert found["group"]["token"] == "class"
    assert found["group"]["citation"].startswith("Same class: shire districts: the 5 shire")
    names = [m["name"] for m in found["members"]]
    assert names == ["Ashby", "Barford", "Corley", "Denham", "Eastwick", "Farley"]
    assert [m["is_body"] for m in found["members"]] == [True] + [False] * 5
    summary = page(personas, "compare", measure=f"ref:{SPEND}")
    summary = summary[summary.index('data-testid="summary"') :]
    summary = summary[: summary.index("</dl>")]
    for words in found["wording"].values():
        assert words in summary
    assert found["group"]["citation"] in page(personas, "compare", measure=f"ref:{SPEND}")


def test_compare_hides_the_names_and_codes_of_bodies_own_entries(personas, reference):
    indicator = Indicator.objects.create(
        code="ASC2", title="Quality", polarity="higher", frequency="year"
    )
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
    found = get(personas, org_url(personas, f"compare?measure=ind:{indicator.pk}&group=all"))
    members = found.json()["members"]
    unnamed = [m for m in members if not m["named"]]
    assert [(m["gss_code"], m["name"], Decimal(m["value"])) for m in unnamed] == [
        ("", "Not named", 7)
    ]
    assert personas.org_b.gss_code not in found.text and personas.org_b.name not in found.text


def test_the_measures_for_compare_are_the_pages_choices(personas, reference):
    indicator = _indicator()
    items = get(personas, f"{BASE}/measures-for-compare").json()["items"]
    tokens = [item["token"] for item in items]
    assert tokens == [f"ref:{SCORE}", "ref:population", f"ref:{SPEND}", f"ind:{indicator.pk}"]
    assert items[2]["title"] == "Revenue outturn: Housing services (£ per head)"
    spend = get(personas, f"{BASE}/measures-for-compare?spend_only=true").json()["items"]
    assert spend == [{"token": f"ref:{SPEND}", "title": "Housing services (£ per head)"}]
    text = page(personas, "compare")
    assert all(f'value="{token}"' in text for token in tokens)


def test_the_group_choices_include_the_organisations_groups(personas, reference):
    make_model()
    group = make_group(personas.org_a, "Our near group", ["E07000911"])
    tokens = [c["token"] for c in get(personas, org_url(personas, "group-choices")).json()["items"]]
    partnership = f"partnership:{personas.partnership.pk}"  # A is a member of it
    assert tokens == [
        "class",
        "all",
        "region",
        "neighbours:2026.1",
        partnership,
        f"list:{group.pk}",
    ]


def test_the_measures_and_choices_have_a_fixed_number_of_queries(
    personas, reference, django_assert_num_queries
):
    client = client_for(personas.viewer)
    client.get(f"{BASE}/measures-for-compare")  # warm the session
    # session, user, the reference measures, the national indicators
    with django_assert_num_queries(4):
        assert client.get(f"{BASE}/measures-for-compare").json()["count"] == 3
    # session, user, organisation and role, auditor assignments, the body's area, the model
    # versions, the partnerships, the current groups
    with django_assert_num_queries(8):
        assert client.get(org_url(personas, "group-choices")).json()["count"] == 4


@pytest.mark.parametrize(
    "query",
    [
        "",
        "measure=",
        "measure=ref:nothing",
        "measure=ind:99999999999999999999",
        "measure=ind:abc",
        f"measure=ref:{SCORE}&year=abc",
        f"measure=ref:{SCORE}&year=99999",
        f"measure=ref:{SCORE}&year=-1",
        f"measure=ref:{SCORE}&group=list:12",
        f"measure=ref:{SCORE}&group=list:99999999999999999999",
        f"measure=ref:{SCORE}&group=neighbours:",
        f"measure=ref:{SCORE}&group=%00",
        "measure=ref:" + "x" * 5000,
        "measure=<script>alert(1)</script>",
    ],
)
def test_hostile_compare_queries_are_refused_not_crashed(personas, reference, query):
    response = get(personas, org_url(personas, f"compare?{query}"))
    assert 400 <= response.status_code < 500, response.content[:300]
    assert set(response.json()) == {"detail", "errors"}


def test_a_body_without_a_gss_code_is_told_plainly(personas, reference):
    personas.org_a.gss_code = None
    personas.org_a.save()
    response = get(personas, org_url(personas, f"compare?measure=ref:{SPEND}"))
    assert response.status_code == 422 and "no GSS code" in response.json()["detail"]


# -- cost against performance ----------------------------------------------------------------------


def test_the_quadrant_is_the_pages_worked_by_hand(personas, reference):
    # Cost per head 50 30 40 60 70 20 → median 45; performance 60 80 50 40 90 70 → median 65.
    indicator = _indicator()
    query = f"cost=ref:{SPEND}&performance=ind:{indicator.pk}"
    response = get(personas, org_url(personas, f"quadrant?{query}"))
    assert response.status_code == 200
    found = response.json()
    assert Decimal(found["cost_median"]) == 45 and Decimal(found["performance_median"]) == 65
    by_name = {p["name"]: p["quadrant"]["key"] for p in found["points"]}
    assert by_name == {
        "Ashby": "above-poor",
        "Barford": "below-good",
        "Corley": "below-poor",
        "Denham": "above-poor",
        "Eastwick": "above-good",
        "Farley": "below-good",
    }
    assert found["body"] == {
        "key": "above-poor",
        "words": "above average cost and below average performance",
        "is_concern": True,
    }
    assert found["body_words"] == "Ashby: above average cost and below average performance."
    text = page(personas, "quadrant", cost=f"ref:{SPEND}", performance=f"ind:{indicator.pk}")
    assert "Ashby: <strong>above average cost and below average performance</strong>" in text


def test_lower_is_better_flips_the_quadrant(personas, reference):
    indicator = _indicator(polarity="lower")
    query = f"cost=ref:{SPEND}&performance=ind:{indicator.pk}"
    found = get(personas, org_url(personas, f"quadrant?{query}")).json()
    assert found["body"]["words"] == "above average cost and above average performance"


@pytest.mark.parametrize(
    "query",
    [
        "",
        f"cost=ref:{SPEND}",
        f"cost=ref:{SCORE}&performance=ref:{SCORE}",  # not a spending line
        f"cost=ref:{SPEND}&performance=ind:abc",
        f"cost=ref:{SPEND}&performance=ref:{SCORE}&year=99999",
        f"cost=ref:{SPEND}&performance=ref:{SCORE}&group=partnership:0",
        "cost=" + "%FF" * 300 + "&performance=x",
    ],
)
def test_hostile_quadrant_queries_are_refused_not_crashed(personas, reference, query):
    response = get(personas, org_url(personas, f"quadrant?{query}"))
    assert 400 <= response.status_code < 500, response.content[:300]


# -- who may read ----------------------------------------------------------------------------------


def test_outsiders_are_not_found_and_strangers_must_sign_in(personas, reference):
    make_model()
    group = make_group(personas.org_a, "Ours", ["E07000911"])
    reads = [
        "neighbours",
        f"compare?measure=ref:{SPEND}",
        f"quadrant?cost=ref:{SPEND}&performance=ref:{SCORE}",
        "groups",
        f"groups/{group.pk}",
        "group-choices",
    ]
    for rest in reads:
        assert get(personas, org_url(personas, rest)).status_code == 200, rest
        refused = get(personas, org_url(personas, rest), user="outsider")
        assert refused.status_code == 404, rest
        assert client_for(None).get(org_url(personas, rest)).status_code == 401, rest
    assert client_for(None).get(f"{BASE}/measures-for-compare").status_code == 401
    # B's own group is not A's, even to A's manager
    theirs = make_group(personas.org_b, "Theirs", ["E07000911"])
    assert get(personas, org_url(personas, f"groups/{theirs.pk}"), "manager").status_code == 404
