"""partnership_distribution: which members and scores are counted, worked through by hand.

The scenario and its table of scores are in test_dashboard_helpers.py.
"""

import datetime
from decimal import Decimal

import pytest

from vfmhub.assessments.models import AssessmentKind, AssessmentStatus, ScoreStage
from vfmhub.assessments.selectors.dashboard import partnership_distribution
from vfmhub.assessments.tests.test_dashboard_helpers import (
    YEAR,
    add_member,
    add_scores,
    assess,
    dashboard_scenario,
)

TODAY = datetime.date(2010, 6, 1)


@pytest.fixture
def scenario(personas, frameworks):
    return dashboard_scenario(personas)


def distribution(scenario, **options):
    options.setdefault("today", TODAY)
    options.setdefault("source", "final")
    return partnership_distribution(scenario.partnership, scenario.version, YEAR, **options)


def row(result, kind, code=""):
    return next(r for r in result.rows if r.kind == kind and r.code == code)


def test_it_counts_each_criterion(scenario):
    result = distribution(scenario)
    kloe = row(result, "criterion", "1.1")
    assert kloe.counts == {1: 1, 2: 1, 3: 2, 4: 1}
    assert (kloe.not_scored, kloe.members_counted) == (0, 5)
    assert kloe.at_or_above_share == Decimal("60.0")
    assert kloe.mean == Decimal("2.60")


def test_it_counts_a_blank_or_missing_score_as_not_scored(scenario):
    kloe = row(distribution(scenario), "criterion", "1.2")
    assert kloe.counts == {1: 1, 2: 0, 3: 0, 4: 0}
    assert kloe.not_scored == 4
    assert kloe.mean == Decimal("1.00")


def test_it_counts_a_criterion_only_for_the_body_types_it_applies_to(scenario):
    # 3.2 does not apply to districts or fire in 2008/09: Ashby's recorded 4 is not counted.
    kloe = row(distribution(scenario), "criterion", "3.2")
    assert kloe.counts == {1: 0, 2: 0, 3: 1, 4: 0}
    assert kloe.members_counted == 1


def test_it_counts_themes_and_overall_from_rolled_up_scores(scenario):
    result = distribution(scenario)
    assert row(result, "theme", "1").counts == {1: 0, 2: 2, 3: 3, 4: 0}
    assert row(result, "theme", "2").not_scored == 5
    overall = row(result, "overall")
    assert overall.counts == {1: 0, 2: 2, 3: 2, 4: 1}
    assert overall.at_or_above_share == Decimal("60.0")
    assert overall.mean == Decimal("2.80")


def test_it_projects_every_score_one_level_lower(scenario):
    result = distribution(scenario, shift=-1)
    assert row(result, "criterion", "1.1").counts == {1: 2, 2: 2, 3: 1, 4: 0}
    overall = row(result, "overall")
    assert overall.counts == {1: 2, 2: 2, 3: 1, 4: 0}
    assert overall.at_or_above_share == Decimal("20.0")
    assert overall.mean == Decimal("1.80")


def test_it_lists_members_assessed_and_not_assessed_during_the_year(scenario):
    result = distribution(scenario)
    assert result.members_assessed == [
        "Ashby District Council",
        "Carrow Fire Authority",
        "Dunton District Council",
        "Elmswell District Council",  # left in October 2008: still a member that year
        "Northmoor County Council",
    ]
    # Gone (left before the year), Late (joined after it) and Outside are not members.
    assert result.members_not_assessed == ["Fenby District Council"]


def test_it_labels_levels_with_the_default_label_set(scenario):
    result = distribution(scenario)
    assert [lv.value for lv in result.levels] == [1, 2, 3, 4]
    assert result.levels[0].label == "Below minimum requirements – inadequate performance"


def test_it_never_counts_drafts_or_provisional_scores(scenario):
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
        status=AssessmentStatus.PROVISIONAL,
        stage=ScoreStage.PROVISIONAL,
        criteria={"1.1": 4},
        overall=4,
    )
    for source in ("final", "self"):
        result = distribution(scenario, source=source)
        assert "Fenby District Council" in result.members_not_assessed
        assert row(result, "criterion", "1.1").counts[4] == (1 if source == "final" else 0)


def test_it_reads_only_the_final_stage_of_an_auditor_assessment(scenario):
    county_assessment = scenario.county.assessments.get()
    add_scores(county_assessment, stage=ScoreStage.PROVISIONAL, criteria={"1.1": 1}, overall=1)
    result = distribution(scenario)
    assert row(result, "criterion", "1.1").counts == {1: 1, 2: 1, 3: 2, 4: 1}
    assert row(result, "overall").counts[1] == 0


def test_it_counts_an_embargoed_result_only_from_its_publication_date(scenario):
    assess(
        scenario.fenby,
        scenario.version,
        status=AssessmentStatus.FINAL,
        publish_on=datetime.date(2009, 12, 9),
        criteria={"1.1": 4},
        overall=4,
    )
    before = distribution(scenario, today=datetime.date(2009, 12, 8))
    assert before.members_not_assessed == ["Fenby District Council"]
    assert row(before, "overall").counts[4] == 1
    after = distribution(scenario, today=datetime.date(2009, 12, 9))
    assert after.members_not_assessed == []
    assert row(after, "overall").counts[4] == 2


def test_it_reads_submitted_self_assessments_for_the_self_source(scenario):
    assess(
        scenario.ashby,
        scenario.version,
        kind=AssessmentKind.SELF,
        status=AssessmentStatus.SUBMITTED,
        criteria={"1.1": 3},
        overall=3,
    )
    assess(
        scenario.dunton,
        scenario.version,
        kind=AssessmentKind.SELF,
        status=AssessmentStatus.DRAFT,
        criteria={"1.1": 4},
    )
    result = distribution(scenario, source="self")
    assert result.members_assessed == ["Ashby District Council"]
    assert row(result, "criterion", "1.1").counts == {1: 0, 2: 0, 3: 1, 4: 0}
    assert row(result, "overall").counts[3] == 1


def test_it_refuses_an_unknown_source(scenario):
    with pytest.raises(ValueError, match="source"):
        distribution(scenario, source="provisional")


def test_it_reads_in_seven_queries_whatever_the_size(scenario, django_assert_num_queries):
    for number in range(5):
        organisation = add_member(scenario.partnership, f"Extra {number} District Council")
        assess(organisation, scenario.version, criteria={"1.1": 2, "2.1": 3}, overall=2)
    with django_assert_num_queries(7):
        # members during the year; scale levels and labels; criteria and themes; applicability;
        # visible assessments; criterion scores; theme and overall scores
        result = distribution(scenario)
    assert result.members_counted == 10
