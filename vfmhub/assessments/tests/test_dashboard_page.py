"""The partnership assessments dashboard page and its CSV and XLSX downloads."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from vfmhub.assessments.exporting.dashboard import distribution_table
from vfmhub.assessments.models import AssessmentKind, AssessmentStatus, ScoreTarget, TargetKind
from vfmhub.assessments.tests.test_dashboard_helpers import (
    YEAR,
    add_member,
    assess,
    dashboard_scenario,
)
from vfmhub.testing import assert_access

pytestmark = pytest.mark.django_db

READERS = [
    "manager",
    "editor",
    "viewer",
    "partnership_manager",
    "partnership_viewer",
    "peer_reviewer",
    "staff",
]


@pytest.fixture
def scenario(personas, frameworks, on_day):
    on_day(datetime.date(2010, 6, 1))
    return dashboard_scenario(personas)


def dashboard_url(scenario, **query) -> str:
    url = reverse("assessments:partnership_dashboard", args=[scenario.partnership.pk])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def test_it_shows_the_dashboard_to_readers_of_the_partnership(personas, scenario):
    assert_access(
        personas, dashboard_url(scenario), allowed=READERS, hidden=["outsider", "auditor"]
    )


def test_it_defaults_to_the_latest_version_and_year_with_visible_assessments(
    personas, scenario, as_user
):
    response = as_user(personas.partnership_viewer).get(dashboard_url(scenario))
    choice = response.context["choice"]
    assert (choice.version, choice.year, choice.source, choice.shift, choice.threshold) == (
        scenario.version,
        YEAR,
        "final",
        0,
        3,
    )


def test_it_shows_the_distribution_table(personas, scenario, as_user):
    response = as_user(personas.partnership_manager).get(dashboard_url(scenario))
    html = response.content.decode()
    assert 'data-row="criterion-1.1"' in html
    overall = response.context["distribution"].overall
    assert overall.counts == {1: 0, 2: 2, 3: 2, 4: 1}
    assert "3 (60.0%)" in html
    assert "2.80" in html
    assert 'role="img"' in html and "<title" in html and "<desc" in html


def test_it_lists_members_not_yet_assessed(personas, scenario, as_user):
    response = as_user(personas.partnership_viewer).get(dashboard_url(scenario))
    assert response.context["distribution"].members_not_assessed == ["Fenby District Council"]
    assert "Fenby District Council" in response.content.decode()


def test_it_projects_scores_one_level_lower(personas, scenario, as_user):
    response = as_user(personas.partnership_viewer).get(
        dashboard_url(scenario, version=scenario.version.pk, year=YEAR, shift=-1)
    )
    assert response.context["distribution"].overall.counts == {1: 2, 2: 2, 3: 1, 4: 0}
    assert 'data-testid="projection"' in response.content.decode()


def test_it_falls_back_to_defaults_for_unusable_choices(personas, scenario, as_user):
    response = as_user(personas.partnership_viewer).get(
        dashboard_url(scenario, version="nope", year=1066, shift=5, source="drafts", threshold=9)
    )
    choice = response.context["choice"]
    assert (choice.version, choice.year, choice.shift, choice.source, choice.threshold) == (
        scenario.version,
        YEAR,
        0,
        "final",
        3,
    )


def test_it_never_shows_a_member_s_draft_or_embargoed_scores(personas, scenario, as_user, on_day):
    assess(
        scenario.fenby,
        scenario.version,
        kind=AssessmentKind.SELF,
        status=AssessmentStatus.DRAFT,
        criteria={"1.1": 4},
        overall=4,
    )
    assess(
        scenario.fenby,
        scenario.version,
        status=AssessmentStatus.FINAL,
        publish_on=datetime.date(2010, 7, 1),
        criteria={"1.1": 4},
        overall=4,
    )
    client = as_user(personas.partnership_manager)
    for source in ("self", "final"):
        response = client.get(dashboard_url(scenario, version=scenario.version.pk, source=source))
        assert "Fenby District Council" in response.context["distribution"].members_not_assessed
    on_day(datetime.date(2010, 7, 1))
    response = client.get(dashboard_url(scenario))
    assert response.context["distribution"].members_not_assessed == []
    assert response.context["distribution"].overall.counts[4] == 2


def test_it_shows_target_progress(personas, scenario, as_user):
    ScoreTarget.objects.create(
        partnership=scenario.partnership,
        version=scenario.version,
        kind=TargetKind.ALL_AT_LEVEL,
        level=Decimal(3),
        due_date=datetime.date(2011, 3, 31),
        description="RIEP target: all authorities to achieve level 3",
    )
    response = as_user(personas.partnership_viewer).get(dashboard_url(scenario))
    html = response.content.decode()
    assert "RIEP target: all authorities to achieve level 3" in html
    assert "govuk-tag--red" in html and "Not met" in html
    assert "Ashby District Council, Dunton District Council" in html


def test_it_downloads_the_same_numbers_as_xlsx(personas, scenario, as_user):
    query = {"version": scenario.version.pk, "year": YEAR, "shift": -1, "threshold": 2}
    client = as_user(personas.partnership_viewer)
    page = client.get(dashboard_url(scenario, **query))
    download = client.get(dashboard_url(scenario, **query, export="xlsx"))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(download.content)).active
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    headers, rows = distribution_table(page.context["distribution"])
    assert cells[0] == headers
    assert len(cells) - 1 == len(rows) == len(page.context["distribution"].rows)
    for got, expected in zip(cells[1:], rows, strict=True):
        assert [_plain(v) for v in got] == [_plain(v) for v in expected]
    overall = cells[-1]
    assert overall[3:7] == [2, 2, 1, 0]  # levels 1-4 after the −1 projection
    assert overall[-2:] == [60.0, 1.8]  # share at level 2 or above; mean


def test_it_downloads_the_same_numbers_as_csv(personas, scenario, as_user):
    client = as_user(personas.partnership_viewer)
    page = client.get(dashboard_url(scenario))
    download = client.get(dashboard_url(scenario, export="csv"))
    lines = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    headers, rows = distribution_table(page.context["distribution"])
    assert lines[0] == headers
    assert lines[1:] == [["" if v is None else str(v) for v in row] for row in rows]
    assert lines[-1][:3] == ["Overall", "", "Overall"]


def test_it_refuses_an_unknown_export_format(personas, scenario, as_user):
    response = as_user(personas.partnership_viewer).get(dashboard_url(scenario, export="pdf"))
    assert response.status_code == 404


def test_it_links_the_download_to_the_choices_shown(personas, scenario, as_user):
    response = as_user(personas.partnership_viewer).get(dashboard_url(scenario, shift=-1))
    assert "shift=-1&amp;threshold=3&amp;export=xlsx" in response.content.decode()


def test_it_is_linked_from_the_partnership_page(personas, scenario, as_user):
    url = reverse("organisations:partnership_detail", args=[scenario.partnership.pk])
    response = as_user(personas.partnership_viewer).get(url)
    assert dashboard_url(scenario) in response.content.decode()


def test_it_pins_its_queries_whatever_the_number_of_members(
    personas, scenario, as_user, django_assert_num_queries
):
    client = as_user(personas.partnership_viewer)
    ScoreTarget.objects.create(
        partnership=scenario.partnership,
        version=scenario.version,
        kind=TargetKind.AVERAGE_AT_LEAST,
        level=Decimal(3),
        due_date=datetime.date(2011, 3, 31),
    ).criteria.set(scenario.version.criteria.filter(code__in=["1.1", "1.2"]))
    for extra in range(2):
        for number in range(4):
            body = add_member(scenario.partnership, f"Extra {extra}{number} District Council")
            assess(body, scenario.version, criteria={"1.1": 2, "2.1": 3}, overall=2)
        with django_assert_num_queries(16):
            # session; user; partnership; the user's partnership roles;
            # framework versions for the choices; their scale levels; versions and years assessed;
            # members during the year; scale levels and labels; criteria and themes;
            # applicability; visible assessments; criterion scores; theme and overall scores;
            # the partnership's targets; their criteria
            response = client.get(dashboard_url(scenario))
        assert response.status_code == 200
        # Each member's scores come from the same read: a row for every member assessed.
        assert len(response.context["members"].rows) == 5 + 4 * (extra + 1)


def _plain(value):
    if isinstance(value, Decimal | float):
        return float(value)
    return "" if value is None else value
