"""Issue 15's acceptance on the real public files, unmodified (/work/shared/data):

- the quadrant of adult social care net spend per head (MHCLG revenue outturn 2017-18 over the
  Census population between 2011 and 2021) against an Oflog adult social care measure (ASC2,
  quality of life, higher is better) places three named authorities where a hand calculation
  puts them;
- a reorganised council's figures join its predecessors' through the lineage table
  (Buckinghamshire, 2020; North Northamptonshire, 2021)."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from vfmhub.benchmarking.models import ComparatorGroup, ComparatorGroupMember, ReferenceMeasure
from vfmhub.benchmarking.selectors.groups import body_for
from vfmhub.benchmarking.selectors.pages import quadrant_page
from vfmhub.benchmarking.selectors.values import joined_values, published_values
from vfmhub.organisations.models import BodyType, Organisation
from vfmhub.testing import make_user, shared_data

pytestmark = pytest.mark.django_db
DATA = shared_data()
GROWTH = DATA / "ons_census_population" / "growth.js"
OUTTURN = DATA / "mhclg_revenue_outturn" / "RS_2017-18_data_by_LA.xlsx"
OFLOG = DATA / "oflog" / "ASC_data.csv"

# The hand calculation. From the files: adult social care net current expenditure 2017-18 (£k,
# RS column "Adult Social Care"), Census population 2011 and 2021 (growth.js TOTAL_11, TOTAL_21;
# a county's is the sum of its districts'), Oflog ASC2 2017-18.
#   2017 population = 2011 + (2021 − 2011) × 6/10; cost per head = £k × 1000 ÷ population
FIGURES = {
    #            ASC £k    pop 2011   pop 2021  ASC2   → per head
    "E10000003": (149774, 621210, 678800, "0.441"),  # Cambridgeshire £228.40
    "E10000014": (339220, 1317788, 1399200, "0.43"),  # Hampshire £248.22
    "E10000012": (450556, 1393587, 1499000, "0.409"),  # Essex £309.27
    "E10000030": (372082, 1132390, 1203600, "0.39"),  # Surrey £316.63
    "E08000006": (49964, 233933, 269300, "0.368"),  # Salford £195.82
    "E08000001": (71227, 276786, 295500, "0.396"),  # Bolton £247.30
    "E08000018": (77915, 257280, 269600, "0.395"),  # Rotherham £294.38
    "E09000032": (93416, 306995, 326700, "0.371"),  # Wandsworth £293.01
    "E06000023": (157330, 428234, 471100, "0.386"),  # Bristol £346.58
}
# Sorted per head: 195.82 228.40 247.30 248.22 [293.01] 294.38 309.27 316.63 346.58 → median
# £293.01 (Wandsworth). ASC2 sorted: .368 .371 .386 .39 [.395] .396 .409 .43 .441 → median 0.395.
BY_HAND = {
    "E10000003": "below average cost and above average performance",  # 228.40, 0.441
    "E10000030": "above average cost and below average performance",  # 316.63, 0.39
    "E08000006": "below average cost and below average performance",  # 195.82, 0.368
    "E10000012": "above average cost and above average performance",  # 309.27, 0.409
}


@pytest.fixture
def loaded():
    call_command("load-reference", str(GROWTH), str(OUTTURN), str(OFLOG), stdout=io.StringIO())


@pytest.fixture
def cambridgeshire(loaded):
    return Organisation.objects.create(
        name="Cambridgeshire County Council", body_type=BodyType.COUNTY, gss_code="E10000003"
    )


def test_the_quadrant_places_named_authorities_where_the_hand_calculation_does(cambridgeshire):
    from vfmhub.performance.models import Indicator

    per_head = {
        code: Decimal(spend * 1000) / (Decimal(p11) + (Decimal(p21) - p11) * Decimal("0.6"))
        for code, (spend, p11, p21, _) in FIGURES.items()
    }
    assert round(per_head["E10000003"], 2) == Decimal("228.40")
    assert round(per_head["E09000032"], 2) == Decimal("293.01")
    spend = published_values(ReferenceMeasure.objects.get(code="outturn.adult_social_care"), 2017)
    assert {c: spend[c] for c in FIGURES} == {c: Decimal(f[0]) for c, f in FIGURES.items()}
    group = ComparatorGroup.objects.create(
        owner=cambridgeshire, kind="custom", name="Nine to check by hand", series=1
    )
    ComparatorGroupMember.objects.bulk_create(
        ComparatorGroupMember(group=group, gss_code=code, name=code, position=i)
        for i, code in enumerate(FIGURES)
    )
    asc2 = Indicator.objects.get(owner__isnull=True, code="ASC2")
    page = quadrant_page(
        make_user("officer@example.org", is_staff=True),
        body_for(cambridgeshire),
        cost_token="ref:outturn.adult_social_care",
        performance_token=f"ind:{asc2.pk}",
        group_token=f"list:{group.pk}",
        year="2017",
    )
    assert page.cost_median is not None and round(page.cost_median, 2) == Decimal("293.01")
    assert page.performance_median == Decimal("0.395")
    placed = {p.member.code: p for p in page.placed}
    assert set(placed) == set(FIGURES)
    assert {code: placed[code].quadrant.words for code in BY_HAND} == BY_HAND
    assert all(placed[code].member.named for code in FIGURES)  # public data: every name shown


def test_a_reorganised_councils_spend_joins_its_predecessors():
    call_command("load-outturn", str(OUTTURN), stdout=io.StringIO())
    spend = ReferenceMeasure.objects.get(code="outturn.net_current")
    published = published_values(spend, 2017)
    joined = joined_values(spend, 2017)
    # Buckinghamshire Council (E06000060, 1 April 2020) = the county and its four districts
    bucks = ["E10000002", "E07000004", "E07000005", "E07000006", "E07000007"]
    assert "E06000060" not in published
    assert joined["E06000060"] == sum(published[c] for c in bucks)
    # North Northamptonshire (E06000061, 1 April 2021) = four districts and 0.4497 of the county
    districts = ["E07000150", "E07000152", "E07000153", "E07000156"]
    expected = sum(published[c] for c in districts) + published["E10000021"] * Decimal("0.4497")
    assert joined["E06000061"] == expected
