"""Scores across a partnership: the members' overall scores against all bodies of the same class
on the platform, counted by hand, with the projection one level lower; scores the reader may not
see never counted; the page, its downloads, its query counts, access and hostile input.

Use of Resources 2008-09, financial year 2008, seen on 1 June 2010:

    body                 class     member  status                         overall  counted
    Ashby (org A)        district  yes     published                        2      both
    Dunton               district  yes     final, not published             4      both (the
                                                                                   partnership
                                                                                   sees it)
    Fenby                district  yes     provisional                      3      never
    Elm                  district  yes     published, embargoed to 2011     4      never
    Northmoor County     county    yes     published                        3      both
    Out One              district  no      published                        3      platform
    Out Two              district  no      published                        4      platform
    Out Three            district  no      published                        1      platform
    Out Four             district  no      final, not published             4      never
    Out Five             district  no      published, embargoed to 2011     4      never
    Out County           county    no      published                        1      platform
    Bexwell (org B)      unitary   no      published                        3      (no member of
                                                                                   its class)

    districts, members:  2, 4        → levels 1-4: 0 1 0 1; at 3 or above 1 of 2 = 50.0%
    districts, platform: 2, 4, 3, 4, 1 → 1 1 1 2;        3 of 5 = 60.0%  (seed 003's "60%")
    counties, members:   3           → 0 0 1 0;          100.0%
    counties, platform:  3, 1        → 1 0 1 0;          50.0%
    one level lower, districts: members 1, 3 → 1 0 1 0, 50.0%;
                                platform 1, 3, 2, 3, 1 → 2 1 2 0, 2 of 5 = 40.0%
"""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from vfmhub.assessments.models import AssessmentKind, AssessmentStatus
from vfmhub.assessments.tests.test_dashboard_helpers import add_member, assess, uor_version
from vfmhub.benchmarking.selectors.partnership_scores import partnership_scores
from vfmhub.frameworks.loader import load_frameworks
from vfmhub.organisations.models import BodyType, Organisation
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2010, 6, 1)
LATER = datetime.date(2011, 1, 1)
YEAR = 2008
READERS = ["manager", "viewer", "partnership_manager", "partnership_viewer", "staff"]


@pytest.fixture
def scenario(personas, clock_at):
    clock_at(TODAY)
    load_frameworks()
    version = uor_version()
    partnership = personas.partnership
    county = Organisation.objects.get(name="Northmoor County Council")
    assess(personas.org_a, version, overall=2)
    assess(add_member(partnership, "Dunton"), version, status=AssessmentStatus.FINAL, overall=4)
    assess(
        add_member(partnership, "Fenby"), version, status=AssessmentStatus.PROVISIONAL, overall=3
    )
    assess(add_member(partnership, "Elm"), version, publish_on=LATER, overall=4)
    assess(county, version, overall=3)
    for name, body_type, status, publish_on, overall in (
        ("Out One", BodyType.DISTRICT, AssessmentStatus.PUBLISHED, None, 3),
        ("Out Two", BodyType.DISTRICT, AssessmentStatus.PUBLISHED, None, 4),
        ("Out Three", BodyType.DISTRICT, AssessmentStatus.PUBLISHED, None, 1),
        ("Out Four", BodyType.DISTRICT, AssessmentStatus.FINAL, None, 4),
        ("Out Five", BodyType.DISTRICT, AssessmentStatus.PUBLISHED, LATER, 4),
        ("Out County", BodyType.COUNTY, AssessmentStatus.PUBLISHED, None, 1),
    ):
        body = Organisation.objects.create(name=name, body_type=body_type)
        assess(body, version, status=status, publish_on=publish_on, overall=overall)
    assess(personas.org_b, version, overall=3)
    # A self-assessment of a non-member: never published, never counted.
    assess(
        Organisation.objects.get(name="Out One"),
        version,
        kind=AssessmentKind.SELF,
        status=AssessmentStatus.SUBMITTED,
        overall=1,
    )
    return version


def scores(personas, version, **options):
    return partnership_scores(personas.partnership, version, YEAR, today=TODAY, **options)


def by_class(result):
    return {c.area_class: c for c in result.classes}


def test_it_counts_members_against_the_platform_by_hand(personas, scenario):
    found = by_class(scores(personas, scenario))
    assert list(found) == ["district", "county"]  # the classes present among members, in order
    districts = found["district"]
    assert districts.members.counts == {1: 0, 2: 1, 3: 0, 4: 1}
    assert districts.members.at_or_above_share == Decimal("50.0")
    assert districts.platform.counts == {1: 1, 2: 1, 3: 1, 4: 2}
    assert districts.platform.at_or_above_share == Decimal("60.0")
    assert districts.member_names == ["Ashby District Council", "Dunton"]
    counties = found["county"]
    assert counties.members.counts == {1: 0, 2: 0, 3: 1, 4: 0}
    assert counties.members.at_or_above_share == Decimal("100.0")
    assert counties.platform.counts == {1: 1, 2: 0, 3: 1, 4: 0}
    assert counties.platform.at_or_above_share == Decimal("50.0")
    assert districts.difference == pytest.approx(-10.0)


def test_it_projects_every_score_one_level_lower(personas, scenario):
    districts = by_class(scores(personas, scenario, shift=-1))["district"]
    assert districts.members.counts == {1: 1, 2: 0, 3: 1, 4: 0}
    assert districts.members.at_or_above_share == Decimal("50.0")
    assert districts.platform.counts == {1: 2, 2: 1, 3: 2, 4: 0}
    assert districts.platform.at_or_above_share == Decimal("40.0")


def test_scores_the_reader_may_not_see_are_never_counted(personas, scenario):
    found = by_class(scores(personas, scenario))
    every = [sum(c.members.counts.values()) + c.members.not_scored for c in found.values()] + [
        sum(c.platform.counts.values()) + c.platform.not_scored for c in found.values()
    ]
    # Fenby (provisional), Elm and Out Five (embargoed), Out Four (final, not published) are out.
    assert every == [2, 1, 5, 2]


def test_an_embargo_once_past_lets_a_published_score_count(personas, scenario):
    districts = by_class(partnership_scores(personas.partnership, scenario, YEAR, today=LATER))[
        "district"
    ]
    assert districts.members.counts == {1: 0, 2: 1, 3: 0, 4: 2}  # Elm's 4 now counts
    assert districts.platform.counts == {1: 1, 2: 1, 3: 1, 4: 4}  # and Out Five's


def test_self_assessments_have_no_platform_figure(personas, scenario):
    assess(
        personas.org_a,
        scenario,
        kind=AssessmentKind.SELF,
        status=AssessmentStatus.SUBMITTED,
        overall=3,
    )
    result = scores(personas, scenario, source="self")
    districts = by_class(result)["district"]
    assert districts.members.counts == {1: 0, 2: 0, 3: 1, 4: 0}
    assert districts.platform is None
    assert "Self-assessments are never published" in result.platform_rule


# -- the page ----------------------------------------------------------------------------------


def url(personas, **query):
    address = reverse("benchmarking:partnership_scores", args=[personas.partnership.pk])
    if query:
        address += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return address


def page(personas, user="partnership_viewer", **query):
    return client_for(personas.user(user)).get(url(personas, **query))


def choices(version, **more):
    return {"version": version.pk, "year": YEAR, "source": "final", "threshold": 3, **more}


def test_the_page_shows_the_shares_side_by_side_with_what_is_counted(personas, scenario):
    text = page(personas, **choices(scenario)).text
    assert 'data-testid="counted"' in text and "not yet published are not counted" in text
    assert 'data-class="district"' in text and 'data-class="county"' in text
    assert "50.0% of the members' scores are at level 3 or above" in text
    assert "across the platform, 60.0% of 5" in text
    assert "<svg" in text
    assert 'data-testid="projection"' not in text


def test_the_page_projects_one_level_lower(personas, scenario):
    text = page(personas, **choices(scenario, shift=-1)).text
    assert 'data-testid="projection"' in text
    assert "across the platform, 40.0% of 5" in text


def test_it_downloads_the_table_as_csv_and_xlsx(personas, scenario):
    response = page(personas, **choices(scenario, export="csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Class",
        "Counted",
        "Level 1",
        "Level 2",
        "Level 3",
        "Level 4",
        "Not scored",
        "Bodies scored",
        "Share at level 3 or above (%)",
    ]
    assert rows[1] == ["Shire districts", "Members", "0", "1", "0", "1", "0", "2", "50.0"]
    assert rows[2] == [
        "Shire districts",
        "All on the platform",
        "1",
        "1",
        "1",
        "2",
        "0",
        "5",
        "60.0",
    ]
    assert len(rows) == 5
    response = page(personas, **choices(scenario, export="xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 5 and sheet.cell(3, 6).value == 2


def test_the_page_takes_a_fixed_number_of_queries(personas, scenario, django_assert_num_queries):
    client = client_for(personas.partnership_viewer)
    address = url(personas, **choices(scenario))
    # 1 session, 2 user, 3 partnership with the user's reach, 4 the user's partnership roles,
    # the form (assessments' dashboard_choices): 5 versions, 6 levels, 7 years assessed;
    # the scores: 8 members, 9 levels with labels, 10 members assessed, 11 their overall
    # scores, 12 the platform's published overall scores
    with django_assert_num_queries(12):
        assert client.get(address).status_code == 200


def test_readers_of_the_partnership_see_it_and_an_outsider_does_not(personas, scenario):
    assert_access(personas, url(personas), allowed=READERS, hidden=["outsider"], ok=(200,))


@pytest.mark.parametrize(
    "query",
    [
        "version=abc",
        "version=99999999999999999999",
        "year=zz",
        "year=-5",
        "source=evil",
        "shift=5",
        "threshold=%00",
        "export=pdf",
    ],
)
def test_hostile_input_never_gives_a_500(personas, scenario, query):
    response = client_for(personas.partnership_viewer).get(url(personas) + "?" + query)
    assert response.status_code in (200, 404)


def test_the_partnership_page_links_here(personas, scenario):
    address = reverse("organisations:partnership_detail", args=[personas.partnership.pk])
    text = client_for(personas.partnership_viewer).get(address).text
    assert url(personas) in text


# -- the API -----------------------------------------------------------------------------------


def api(personas):
    return f"/api/v1/benchmarking/partnerships/{personas.partnership.pk}/scores"


def test_the_api_gives_the_same_counts(personas, scenario, django_assert_max_num_queries):
    client = client_for(personas.partnership_viewer)
    query = "?" + "&".join(f"{k}={v}" for k, v in choices(scenario, shift=-1).items())
    with django_assert_max_num_queries(12):
        body = client.get(api(personas) + query).json()
    assert body["shift"] == -1 and body["levels"] == [1, 2, 3, 4]
    districts = body["classes"][0]
    assert districts["area_class"] == "district"
    assert districts["platform"]["counts"] == {"1": 2, "2": 1, "3": 2, "4": 0}
    assert Decimal(districts["platform"]["at_or_above_share"]) == Decimal("40.0")
    assert client.get(api(personas) + "?source=evil&version=zz").status_code == 200


def test_the_api_hides_the_partnership_from_an_outsider(personas, scenario):
    assert client_for(personas.outsider).get(api(personas)).status_code == 404


@pytest.mark.parametrize("pk", [0, 2**31, 2**63, 10**30])
def test_a_partnership_id_beyond_any_is_not_found(personas, scenario, pk):
    client = client_for(personas.staff)
    for name in ("partnership_scores", "partnership_struggling"):
        address = reverse(f"benchmarking:{name}", args=[pk])
        assert client.get(address).status_code == 404
    response = client.get(f"/api/v1/benchmarking/partnerships/{pk}/scores")
    assert response.status_code in (404, 422)


def test_with_no_framework_versions_the_page_says_so(personas):
    response = client_for(personas.partnership_viewer).get(url(personas))
    assert response.status_code == 200 and 'data-testid="no-versions"' in response.text
    body = client_for(personas.partnership_viewer).get(api(personas)).json()
    assert body["classes"] == [] and body["version_id"] is None
