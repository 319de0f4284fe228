"""VFM review starting points: the list on a hand-built case (an indicator where higher is better
and one where lower is better), opening an improvement-plan item or a council-plan action linked
back, permissions, query counts and hostile input."""

from decimal import Decimal

import pytest
from django.urls import reverse

from vfmhub.audit.models import AuditEvent
from vfmhub.benchmarking.models import ReferenceMeasure, VfmReview
from vfmhub.benchmarking.selectors import reviews
from vfmhub.benchmarking.selectors.benchmark import values_for
from vfmhub.benchmarking.selectors.groups import body_for
from vfmhub.benchmarking.selectors.reviews import review_candidates, service_pairs
from vfmhub.benchmarking.services.reviews import NO_LONGER
from vfmhub.benchmarking.tests.pages_data import ASHBY, YEAR, add_year, make_reference
from vfmhub.performance.models import (
    CouncilPlan,
    Deliverable,
    Indicator,
    IndicatorValue,
    PlanAction,
    Priority,
)
from vfmhub.plans.models import ItemSource, Plan, PlanItem, PlanStatus
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db

BARFORD, CORLEY, DENHAM, EASTWICK, FARLEY = (
    "E07000911",
    "E07000912",
    "E07000913",
    "E07000914",
    "E07000915",
)
# Spend in £ thousand; with pages_data's populations, cost per head is Ashby £50, Barford £30,
# Corley £40, Denham £60, Eastwick £70, Farley £20: the "class" group's median (Ashby counted)
# is £45, so Ashby is above average cost on both lines.
SPEND: dict[str, Decimal | int] = {
    ASHBY: 5_000,
    BARFORD: 3_000,
    CORLEY: 8_000,
    DENHAM: 3_000,
    EASTWICK: 7_000,
    FARLEY: 2_000,
}
# ASC2, higher is better: median of 60 80 50 40 90 70 is 65; Ashby's 60 is worse.
ASC2 = {ASHBY: 60, BARFORD: 80, CORLEY: 50, DENHAM: 40, EASTWICK: 90, FARLEY: 70}
# NI 191 residual waste, lower is better: median of 500 400 450 600 350 420 is 435; Ashby's 500
# is worse.
NI191 = {ASHBY: 500, BARFORD: 400, CORLEY: 450, DENHAM: 600, EASTWICK: 350, FARLEY: 420}
# NI 192 recycling, higher is better: Ashby's 50 is the best, so not listed.
NI192 = {ASHBY: 50, BARFORD: 40, CORLEY: 30, DENHAM: 45, EASTWICK: 35, FARLEY: 38}


# session, user, access (2), area, past reviews, the group's areas, the paired measures and
# indicators (2), the years with both (2); the unit costs of the year: the lineage, the
# population (measure, census years, one census, counties: 4) and one query per service line
# loaded (2 here; at most the pairs file's 4); every paired indicator's values (1); the group
# choices (3). Not more with more indicators, years or areas.
PAGE_QUERIES = 4 + 1 + 1 + 1 + 2 + 2 + 1 + 4 + 2 + 1 + 3


def _indicator(code, polarity, values):
    indicator = Indicator.objects.create(
        code=code, title=f"{code} title", polarity=polarity, frequency="year"
    )
    for area, value in values.items():
        IndicatorValue.objects.create(
            indicator=indicator,
            area_code=area,
            frequency="year",
            year=YEAR,
            value=value,
            status="final",
        )
    return indicator


@pytest.fixture
def case(personas):
    make_reference()
    measures = {}
    for code, title in (
        ("outturn.adult_social_care", "Adult social care"),
        ("outturn.environmental_regulatory", "Environmental and regulatory services"),
    ):
        measures[code] = ReferenceMeasure.objects.create(
            code=code, title=title, group="Revenue outturn", unit="£ thousand", is_spend=True
        )
        add_year(measures[code], YEAR, SPEND)
    return {
        "asc2": _indicator("ASC2", "higher", ASC2),
        "ni191": _indicator("NI 191", "lower", NI191),
        "ni192": _indicator("NI 192", "higher", NI192),
    }


def _url(name, personas, org=None):
    return reverse(f"benchmarking:{name}", args=[(org or personas.org_a).pk])


def _params(indicator, cost="outturn.adult_social_care"):
    return {
        "cost": f"ref:{cost}",
        "performance": f"ind:{indicator.pk}",
        "group": "class",
        "year": YEAR,
    }


def test_the_shipped_pairs_name_only_indicators_the_definitions_hold():
    pairs = {p.service: p.indicators for p in service_pairs()}
    assert pairs["outturn.adult_social_care"] == ("ASC1", "ASC2", "ASC3", "ASC4", "ASC5")
    assert pairs["outturn.environmental_regulatory"] == ("NI 191", "NI 192", "NI 193")
    assert "outturn.childrens_social_care" not in pairs


def test_the_list_gives_the_pairs_a_hand_calculation_gives(personas, case):
    found = review_candidates(
        personas.editor, body_for(personas.org_a), group_token="class", year=None
    )
    assert found.year == YEAR and found.pairs_checked == 3  # ASC2, NI 191, NI 192 are loaded
    by_code = {c.indicator_code: c for c in found.candidates}
    assert set(by_code) == {"ASC2", "NI 191"}
    asc = by_code["ASC2"]
    assert (asc.cost_value, asc.cost_median) == (Decimal("50.00"), Decimal("45.00"))
    assert (asc.performance_value, asc.performance_median) == (60, 65)
    assert asc.summary == (
        "Adult social care: £50 per head against a group median of £45, and ASC2 below the "
        "group median: 60 against 65, where higher is better (Same class: shire districts, "
        "2021/22)"
    )
    waste = by_code["NI 191"]
    assert "NI 191 above the group median: 500 against 435, where lower is better" in waste.summary
    assert waste.group.citation.startswith("Same class: shire districts: the 5 shire districts")


def test_turning_the_polarity_round_turns_the_finding_round(personas, case):
    case["ni191"].polarity = "higher"
    case["ni191"].save()
    case["ni192"].polarity = "lower"
    case["ni192"].save()
    found = review_candidates(
        personas.editor, body_for(personas.org_a), group_token="class", year=None
    )
    assert {c.indicator_code for c in found.candidates} == {"ASC2", "NI 192"}


def test_the_page_lists_them_with_buttons_for_an_editor_and_a_pinned_query_count(
    personas, case, django_assert_num_queries
):
    client = client_for(personas.editor)
    with django_assert_num_queries(PAGE_QUERIES):
        text = client.get(_url("reviews", personas)).text
    assert text.count("data-pair=") == 2
    assert "ASC2 below the group median" in text and "NI 191 above the group median" in text
    assert _url("review_open_item", personas) in text
    assert _url("review_open_action", personas) in text
    viewer = client_for(personas.viewer).get(_url("reviews", personas)).text
    assert viewer.count("data-pair=") == 2 and _url("review_open_item", personas) not in viewer


def test_the_query_count_does_not_grow_with_the_indicators_or_the_years(
    personas, case, django_assert_num_queries
):
    for code in ("ASC1", "ASC3", "NI 193"):
        _indicator(code, "higher", ASC2)
    for measure in ReferenceMeasure.objects.filter(is_spend=True):
        add_year(measure, YEAR - 1, SPEND)
    client = client_for(personas.editor)
    with django_assert_num_queries(PAGE_QUERIES):
        text = client.get(_url("reviews", personas)).text
    assert text.count("data-pair=") == 5  # ASC1, ASC3 and NI 193 are given ASC2's figures
    found = review_candidates(
        personas.editor, body_for(personas.org_a), group_token="class", year=None
    )
    assert found.pairs_checked == 6


def test_the_values_read_together_are_those_read_one_measure_at_a_time(personas, case):
    """The list reads every paired line's unit costs and every paired indicator's values for the
    year at once; they must be what `values_for` gives each on its own (names policy included):
    a published figure named, an approved entered one unnamed unless the body's own, one not
    approved or superseded left out, another frequency left out, the year's last quarter used."""
    ni191, quarterly = case["ni191"], _values_of_every_kind(personas, case)
    found = reviews._measures(service_pairs())
    body = body_for(personas.org_a).code
    costs = reviews._unit_costs_of(found, YEAR)
    indicators = [m.indicator for _, measures in found for m in measures if m.indicator]
    assert {i.code for i in indicators} == {"ASC2", "ASC3", "NI 191", "NI 192"}
    scores = reviews._indicator_values_of(indicators, YEAR, body)
    for cost, measures in found:
        assert costs[cost.token] == values_for(cost, YEAR, body)
        for measure in measures:
            assert measure.indicator is not None
            assert scores[measure.indicator.pk] == values_for(measure, YEAR, body)
    assert scores[quarterly.pk].values == {CORLEY: 40, DENHAM: 5}
    assert scores[ni191.pk].values[personas.org_b.gss_code] == 410
    assert personas.org_b.gss_code not in scores[ni191.pk].named
    assert costs["ref:outturn.adult_social_care"].values[ASHBY] == Decimal("50.00")


def _values_of_every_kind(personas, case):
    """Values the list must read as `values_for` does; returns a quarterly indicator."""

    def add(indicator, value, **fields):
        fields = {"frequency": "year", "year": YEAR, "status": "final", **fields}
        IndicatorValue.objects.create(indicator=indicator, value=Decimal(value), **fields)

    asc2, org_b, editor = case["asc2"], personas.org_b, personas.editor
    # another body's approved entry: its value, not its name
    add(case["ni191"], 410, organisation=org_b, status="approved", entered_by=editor)
    # entered, not yet approved: left out
    add(asc2, 99, organisation=org_b, status="provisional", entered_by=editor)
    add(asc2, 1, area_code=BARFORD, version=0, is_current=False)  # superseded: left out
    # not the indicator's frequency: left out
    add(case["ni192"], 2, area_code=BARFORD, frequency="quarter", period_index=2)
    quarterly = Indicator.objects.create(
        code="ASC3", title="ASC3 title", polarity="higher", frequency="quarter"
    )
    for index, value in ((1, 10), (2, 20), (4, 40)):
        add(quarterly, value, area_code=CORLEY, frequency="quarter", period_index=index)
    add(quarterly, 5, area_code=DENHAM, frequency="quarter", period_index=1)
    return quarterly


def test_the_page_needs_read(personas, case):
    assert_access(
        personas,
        _url("reviews", personas),
        hidden=["outsider"],
        allowed=["viewer", "editor", "auditor"],
        ok=(200,),
    )


def test_opening_an_item_creates_a_plan_item_and_a_review_linking_it(personas, case):
    plan = Plan.objects.create(organisation=personas.org_a, title="Improvement plan")
    data = {**_params(case["asc2"]), "plan": plan.pk}
    response = client_for(personas.editor).post(_url("review_open_item", personas), data)
    assert response.status_code == 302
    item = PlanItem.objects.get(plan=plan)
    assert item.text.startswith(
        "Adult social care: £50 per head against a group median of £45, and ASC2 below the "
        "group median"
    )
    assert "Same class: shire districts: the 5 shire districts" in item.text
    assert item.source == ItemSource.OTHER
    review = VfmReview.objects.get()
    assert review.plan_item == item and review.plan_action is None
    assert review.organisation == personas.org_a and review.created_by == personas.editor
    assert AuditEvent.objects.filter(action="plan_item.add").count() == 1
    assert AuditEvent.objects.filter(action="benchmarking.vfm_review_opened").count() == 1
    # A second click opens nothing new.
    client_for(personas.editor).post(_url("review_open_item", personas), data)
    assert PlanItem.objects.count() == 1 and VfmReview.objects.count() == 1
    # Linked back: the list shows the review with a link to the plan.
    text = client_for(personas.viewer).get(_url("reviews", personas)).text
    assert 'data-review="' in text and reverse("plans:detail", args=[plan.pk]) in text


def test_opening_an_action_creates_a_council_plan_action_linked_back(personas, case):
    council_plan = CouncilPlan.objects.create(
        organisation=personas.org_a, title="Council plan", first_year=2021, last_year=2024
    )
    priority = Priority.objects.create(plan=council_plan, title="Value for money")
    deliverable = Deliverable.objects.create(priority=priority, title="Waste services review")
    data = {
        **_params(case["ni191"], "outturn.environmental_regulatory"),
        "deliverable": deliverable.pk,
    }
    response = client_for(personas.editor).post(_url("review_open_action", personas), data)
    assert response.status_code == 302
    action = PlanAction.objects.get(deliverable=deliverable)
    assert action.title.startswith("VFM review: Environmental and regulatory services: £50")
    review = VfmReview.objects.get()
    assert review.plan_action == action and review.plan_item is None
    text = client_for(personas.viewer).get(_url("reviews", personas)).text
    assert reverse("performance:plan_detail", args=[personas.org_a.pk, council_plan.pk]) in text


def test_a_service_not_of_concern_opens_nothing(personas, case):
    plan = Plan.objects.create(organisation=personas.org_a, title="Improvement plan")
    data = {**_params(case["ni192"], "outturn.environmental_regulatory"), "plan": plan.pk}
    response = client_for(personas.editor).post(_url("review_open_item", personas), data)
    assert response.status_code == 200 and NO_LONGER in response.text
    assert not PlanItem.objects.exists() and not VfmReview.objects.exists()


def test_another_bodys_plan_or_a_closed_plan_cannot_be_chosen(personas, case):
    other = Plan.objects.create(organisation=personas.org_b, title="Theirs")
    closed = Plan.objects.create(
        organisation=personas.org_a, title="Old plan", status=PlanStatus.CLOSED
    )
    for plan in (other, closed):
        data = {**_params(case["asc2"]), "plan": plan.pk}
        response = client_for(personas.editor).post(_url("review_open_item", personas), data)
        assert response.status_code == 200 and "govuk-error-message" in response.text
    assert not PlanItem.objects.exists()


def test_opening_needs_edit(personas, case):
    plan = Plan.objects.create(organisation=personas.org_a, title="Improvement plan")
    for name, extra in (("review_open_item", {"plan": plan.pk}), ("review_open_action", {})):
        address = _url(name, personas)
        query = "?" + "&".join(f"{k}={v}" for k, v in _params(case["asc2"]).items())
        assert_access(
            personas,
            address + query,
            hidden=["outsider"],
            forbidden=["viewer", "auditor"],
            allowed=["editor"],
            ok=(200,),
        )
        text = client_for(personas.editor).get(address + query).text
        assert "Adult social care: £50 per head against a group median of £45" in text
        assert_access(
            personas,
            address,
            method="post",
            data={**_params(case["asc2"]), **extra},
            hidden=["outsider"],
            forbidden=["viewer", "auditor"],
        )
    assert not PlanItem.objects.exists()


def test_the_quadrant_offers_a_review_only_for_above_cost_below_performance(personas, case):
    client = client_for(personas.viewer)
    base = _url("quadrant", personas) + "?cost=ref:outturn.environmental_regulatory&performance="
    concern = client.get(base + f"ind:{case['ni191'].pk}&group=class").text
    assert 'data-testid="open-review"' in concern
    assert _url("review_open_item", personas) in concern
    fine = client.get(base + f"ind:{case['ni192'].pk}&group=class").text
    assert 'data-testid="open-review"' not in fine


@pytest.mark.parametrize(
    "query",
    [
        "?group=list:999",
        "?group=partnership:abc",
        "?year=abc",
        "?year=99999",
        "?group=" + "x" * 5000,
    ],
)
def test_hostile_list_queries_are_not_found(personas, case, query):
    assert client_for(personas.viewer).get(_url("reviews", personas) + query).status_code == 404


@pytest.mark.parametrize(
    "change",
    [
        {"cost": "ref:nothing"},
        {"cost": "ind:1"},
        {"performance": "ind:99999999999999999999"},
        {"group": "list:999"},
        {"year": "abc"},
        {"year": "99999"},
        {"plan": "abc"},
        {"cost": "x" * 5000},
    ],
)
def test_hostile_posts_never_crash_and_open_nothing(personas, case, change):
    plan = Plan.objects.create(organisation=personas.org_a, title="Improvement plan")
    data = {**_params(case["asc2"]), "plan": plan.pk, **change}
    response = client_for(personas.editor).post(_url("review_open_item", personas), data)
    assert response.status_code in (200, 404)
    assert not PlanItem.objects.exists()
