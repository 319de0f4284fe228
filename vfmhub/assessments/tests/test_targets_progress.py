"""Progress against each kind of score target, on the worked example in test_dashboard_helpers.py.

Overall scores: Ashby 2, Carrow 3, Dunton 2, Elmswell 4, Northmoor 3; Fenby not assessed.
"""

import datetime
from decimal import Decimal

import pytest

from vfmhub.assessments.models import ScoreTarget, TargetKind
from vfmhub.assessments.selectors.dashboard import partnership_target_progress
from vfmhub.assessments.selectors.target_progress import MET, NO_SCORES, NOT_MET
from vfmhub.assessments.tests.test_dashboard_helpers import YEAR, dashboard_scenario

TODAY = datetime.date(2010, 6, 1)
DUE = datetime.date(2011, 3, 31)


@pytest.fixture
def scenario(personas, frameworks):
    return dashboard_scenario(personas)


def target(scenario, kind, level, *, criteria=(), body_types=(), share=None, due=DUE):
    made = ScoreTarget.objects.create(
        partnership=scenario.partnership,
        version=scenario.version,
        kind=kind,
        level=Decimal(level),
        share_percent=None if share is None else Decimal(share),
        body_types=list(body_types),
        due_date=due,
    )
    made.criteria.set(scenario.version.criteria.filter(code__in=criteria))
    return made


def progress(scenario, shift=0, today=TODAY):
    return partnership_target_progress(
        scenario.partnership, scenario.version, YEAR, source="final", today=today, shift=shift
    )


def only(scenario, **options):
    (result,) = progress(scenario, **options)
    return result


def test_all_at_level_3_overall_is_not_met_and_names_those_below(scenario):
    target(scenario, TargetKind.ALL_AT_LEVEL, 3)
    result = only(scenario)
    (line,) = result.lines
    assert (line.label, line.at_or_above, line.members_counted) == ("Overall", 3, 5)
    assert line.below == ["Ashby District Council", "Dunton District Council"]
    assert result.met is False
    assert result.status == NOT_MET
    assert result.members_not_assessed == ["Fenby District Council"]
    assert result.words == "All members at level 3 or above overall, by 31 March 2011"


def test_all_at_level_2_overall_is_met_until_scores_drop_a_level(scenario):
    target(scenario, TargetKind.ALL_AT_LEVEL, 2)
    assert only(scenario).status == MET
    projected = only(scenario, shift=-1)
    assert projected.status == NOT_MET
    assert projected.lines[0].below == ["Ashby District Council", "Dunton District Council"]


def test_all_at_level_has_a_line_per_chosen_criterion(scenario):
    target(scenario, TargetKind.ALL_AT_LEVEL, 2, criteria=["1.1", "3.2"])
    result = only(scenario)
    assert [(line.label[:3], line.members_counted, line.met) for line in result.lines] == [
        ("1.1", 5, False),  # Dunton scored 1
        ("3.2", 1, True),  # applies to the county only in 2008/09
    ]
    assert result.lines[0].below == ["Dunton District Council"]
    assert result.met is False


def test_districts_average_of_3_across_appendix_a_criteria_is_not_met(scenario):
    # Seed 003 Appendix A: "for districts to achieve an average score of three over these criteria"
    target(
        scenario,
        TargetKind.AVERAGE_AT_LEAST,
        3,
        criteria=["1.1", "1.2", "3.1", "3.2", "3.3"],
        body_types=["district"],
    )
    result = only(scenario)
    (line,) = result.lines
    # Districts' scored KLOEs that apply to them: Ashby 2, 1; Dunton 1; Elmswell 3 (1.2 blank).
    assert line.mean == Decimal("1.75")
    assert line.members_counted == 3
    assert line.below == ["Ashby District Council", "Dunton District Council"]
    assert result.met is False
    assert result.members_not_assessed == ["Fenby District Council"]
    assert result.words == (
        "An average of at least 3 across 1.1, 1.2, 3.1, 3.2, 3.3 for shire district members, "
        "by 31 March 2011"
    )


def test_an_average_target_is_met_at_the_level_and_judged_unrounded(scenario):
    target(
        scenario,
        TargetKind.AVERAGE_AT_LEAST,
        "1.75",
        criteria=["1.1", "1.2"],
        body_types=["district"],
    )
    target(
        scenario,
        TargetKind.AVERAGE_AT_LEAST,
        "1.76",
        criteria=["1.1", "1.2"],
        body_types=["district"],
    )
    at, above = progress(scenario)
    assert (at.met, above.met) == (True, False)


def test_an_average_overall_target_uses_overall_scores(scenario):
    target(scenario, TargetKind.AVERAGE_AT_LEAST, "2.8")
    result = only(scenario)
    assert result.lines[0].mean == Decimal("2.80")
    assert result.met is True
    assert only(scenario, shift=-1).met is False


def test_a_share_at_level_target_is_met_at_exactly_the_share(scenario):
    target(scenario, TargetKind.SHARE_AT_LEVEL, 3, share=60)
    target(scenario, TargetKind.SHARE_AT_LEVEL, 3, share=75)
    sixty, seventy_five = progress(scenario)
    assert sixty.lines[0].share == Decimal("60.0")
    assert (sixty.met, seventy_five.met) == (True, False)
    assert seventy_five.words == "75% of members at level 3 or above overall, by 31 March 2011"


def test_a_share_target_under_the_projection(scenario):
    target(scenario, TargetKind.SHARE_AT_LEVEL, 3, share=20)
    assert only(scenario, shift=-1).lines[0].share == Decimal("20.0")
    assert only(scenario, shift=-1).met is True


def test_a_target_with_nobody_in_scope_has_no_scores(scenario):
    target(scenario, TargetKind.ALL_AT_LEVEL, 3, body_types=["police"])
    result = only(scenario)
    assert result.met is None
    assert result.status == NO_SCORES


def test_a_target_not_met_after_its_due_date_is_overdue(scenario):
    target(scenario, TargetKind.ALL_AT_LEVEL, 3, due=datetime.date(2010, 3, 31))
    target(scenario, TargetKind.ALL_AT_LEVEL, 2, due=datetime.date(2010, 3, 31))
    missed, met = progress(scenario)
    assert (missed.overdue, met.overdue) == (True, False)


def test_only_the_version_s_targets_are_judged(scenario):
    target(scenario, TargetKind.ALL_AT_LEVEL, 3)
    other = ScoreTarget.objects.create(
        partnership=scenario.partnership,
        version=scenario.version.framework.versions.get(code="2009-10"),
        kind=TargetKind.ALL_AT_LEVEL,
        level=Decimal(3),
        due_date=DUE,
    )
    assert [p.target_id for p in progress(scenario)] != [other.pk]
    assert len(progress(scenario)) == 1
