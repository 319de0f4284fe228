"""The Assessments dashboard's table of each member's scores, and its downloads."""

import csv
import datetime
import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from vfmhub.assessments.models import AssessmentKind, AssessmentStatus
from vfmhub.assessments.tests.test_dashboard_helpers import (
    add_member,
    assess,
    dashboard_scenario,
)
from vfmhub.testing import assert_access

pytestmark = pytest.mark.django_db

# The 2008/09 columns: ten KLOEs, three themes, overall.
KLOES = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3"]


@pytest.fixture
def scenario(personas, frameworks, on_day):
    on_day(datetime.date(2010, 6, 1))
    return dashboard_scenario(personas)


def dashboard_url(scenario, **query) -> str:
    url = reverse("assessments:partnership_dashboard", args=[scenario.partnership.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _rows(response) -> dict[str, list]:
    return {row.name: row.cells for row in response.context["members"].rows}


def test_it_shows_each_assessed_member_s_criterion_theme_and_overall_scores(
    personas, scenario, as_user
):
    response = as_user(personas.partnership_viewer).get(dashboard_url(scenario))
    members = response.context["members"]
    assert [c.heading for c in members.columns] == [
        *KLOES,
        "Theme 1",
        "Theme 2",
        "Theme 3",
        "Overall",
    ]
    rows = _rows(response)
    # Fenby is not assessed; Gone, Late and Outside were not members during 2008/09.
    assert sorted(rows) == [
        "Ashby District Council",
        "Carrow Fire Authority",
        "Dunton District Council",
        "Elmswell District Council",
        "Northmoor County Council",
    ]
    ashby = rows["Ashby District Council"]
    assert ashby[:3] == [2, 1, None]
    # 3.2 and 3.3 do not apply to districts: the recorded 4 for 3.2 is not shown.
    assert ashby[8:10] == ["n/a", "n/a"]
    assert ashby[10:] == [2, None, None, 2]
    assert rows["Northmoor County Council"][8] == 3
    html = response.content.decode()
    table = html[html.index('data-testid="member-scores"') :]
    ashby_url = reverse("organisations:detail", args=[personas.org_a.pk])
    assert f'<a class="govuk-link" href="{ashby_url}">Ashby District Council</a>' in table
    assert '<abbr title="Does not apply">n/a</abbr>' in table
    assert "Each member's scores" in html


def test_it_never_shows_a_member_s_draft_provisional_or_embargoed_scores(
    personas, scenario, as_user
):
    hidden: dict[str, dict[str, Any]] = {
        "Draft District Council": {"kind": AssessmentKind.SELF, "status": AssessmentStatus.DRAFT},
        "Provisional District Council": {"status": AssessmentStatus.PROVISIONAL},
        "Embargoed District Council": {
            "status": AssessmentStatus.FINAL,
            "publish_on": datetime.date(2010, 12, 9),
        },
    }
    for name, fields in hidden.items():
        body = add_member(scenario.partnership, name)
        assess(body, scenario.version, criteria={"1.1": 4}, themes={"1": 4}, overall=4, **fields)

    final = as_user(personas.partnership_manager).get(dashboard_url(scenario))
    own = as_user(personas.partnership_manager).get(dashboard_url(scenario, source="self"))

    assert not set(hidden) & set(_rows(final))
    assert not set(hidden) & set(_rows(own))


def test_it_moves_each_member_s_scores_with_the_projection(personas, scenario, as_user):
    response = as_user(personas.partnership_viewer).get(dashboard_url(scenario, shift=-1))
    ashby = _rows(response)["Ashby District Council"]
    assert ashby[:2] == [1, 1]  # 2 moves to 1; 1 stays 1, the bottom of the scale
    assert ashby[-1] == 1


def test_it_downloads_each_member_s_scores_as_csv(personas, scenario, as_user):
    download = as_user(personas.partnership_viewer).get(
        dashboard_url(scenario, table="members", export="csv")
    )
    assert download.status_code == 200
    assert "-members.csv" in download["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][:3] == [
        "Member",
        "1.1 Financial planning",
        "1.2 Understanding costs and achieving efficiencies",
    ]
    assert rows[0][-4:] == [
        "Theme 1 Managing finances",
        "Theme 2 Governing the business",
        "Theme 3 Managing resources",
        "Overall",
    ]
    ashby = next(row for row in rows if row[0] == "Ashby District Council")
    assert ashby[1:4] == ["2", "1", "Not scored"]
    assert ashby[9:11] == ["Does not apply", "Does not apply"]
    assert ashby[-1] == "2"
    assert len(rows) == 6


def test_it_downloads_each_member_s_scores_as_xlsx(personas, scenario, as_user):
    download = as_user(personas.partnership_viewer).get(
        dashboard_url(scenario, table="members", export="xlsx")
    )
    sheet = load_workbook(io.BytesIO(download.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    carrow = next(row for row in values if row[0] == "Carrow Fire Authority")
    assert carrow[1] == 3 and carrow[-1] == 3


def test_it_links_the_members_download_to_the_choices_shown(personas, scenario, as_user):
    response = as_user(personas.partnership_viewer).get(dashboard_url(scenario, shift=-1))
    assert "shift=-1&amp;threshold=3&amp;table=members&amp;export=csv" in (
        response.content.decode()
    )


def test_it_applies_the_dashboard_s_access_to_the_members_download(personas, scenario):
    assert_access(
        personas,
        dashboard_url(scenario, table="members", export="csv"),
        allowed=["partnership_viewer", "manager"],
        hidden=["outsider", "auditor"],
    )
