"""The distribution's arithmetic, in memory: counts, the projection, shares and means."""

from decimal import Decimal

from vfmhub.assessments.exporting.dashboard import distribution_table
from vfmhub.assessments.selectors.distribution import (
    CriterionInfo,
    LevelColumn,
    Member,
    ScoreData,
    ThemeInfo,
    build_distribution,
    distribution_row,
    effective_threshold,
    shifted,
)
from vfmhub.assessments.views.charts import overall_chart

LEVELS = [LevelColumn(v, f"Label {v}") for v in (1, 2, 3, 4)]
VALUES = [1, 2, 3, 4]


def seed_003_members() -> ScoreData:
    """Seed 003 §7: 13 organisations' value for money scores — one 4, six 3s, six 2s, no 1s."""
    scores = [4] + [3] * 6 + [2] * 6
    members = [Member(i, f"Body {i:02d}", "district") for i in range(1, 14)]
    return ScoreData(
        levels=LEVELS,
        themes=[ThemeInfo(10, "1", "Managing finances")],
        criteria=[CriterionInfo(100, "1.2", "Understanding costs", 10)],
        members=members,
        assessed_ids={m.organisation_id for m in members},
        criterion_scores={
            (m.organisation_id, 100): s for m, s in zip(members, scores, strict=True)
        },
        rolled_up_scores={
            (m.organisation_id, None): s for m, s in zip(members, scores, strict=True)
        },
    )


def test_it_moves_a_score_one_level_and_holds_it_within_the_scale():
    assert [shifted(v, VALUES, -1) for v in VALUES] == [1, 1, 2, 3]
    assert [shifted(v, VALUES, 1) for v in VALUES] == [2, 3, 4, 4]
    assert shifted(None, VALUES, -1) is None
    assert shifted(3, VALUES, 0) == 3


def test_it_counts_seed_003_s_table():
    distribution = build_distribution(seed_003_members(), year=2008, source="final")
    overall = distribution.overall
    assert overall is not None
    assert overall.counts == {1: 0, 2: 6, 3: 6, 4: 1}
    assert overall.at_or_above == 7
    assert overall.at_or_above_share == Decimal("53.8")  # 7 of 13
    assert overall.mean == Decimal("2.62")  # 34 / 13
    assert distribution.members_counted == 13


def test_it_projects_seed_003_s_table_one_level_lower():
    # "Under the new more demanding assessment ... scores will reduce by one level."
    distribution = build_distribution(seed_003_members(), year=2008, source="final", shift=-1)
    overall = distribution.overall
    assert overall is not None
    assert overall.counts == {1: 6, 2: 6, 3: 1, 4: 0}
    assert overall.at_or_above_share == Decimal("7.7")  # 1 of 13
    assert overall.mean == Decimal("1.62")  # 21 / 13
    assert distribution.shift == -1


def test_it_keeps_a_1_at_1_when_projecting_lower():
    row = distribution_row(
        label="1.1",
        kind="criterion",
        code="1.1",
        group="1",
        values=[shifted(v, VALUES, -1) for v in [1, 1, 2]],
        levels=LEVELS,
        threshold=2,
    )
    assert row.counts == {1: 3, 2: 0, 3: 0, 4: 0}


def test_it_leaves_members_not_scored_out_of_the_share_and_mean():
    row = distribution_row(
        label="1.2",
        kind="criterion",
        code="1.2",
        group="1",
        values=[3, None, 2, None],
        levels=LEVELS,
        threshold=3,
    )
    assert row.not_scored == 2
    assert row.members_counted == 4
    assert row.at_or_above_share == Decimal("50.0")
    assert row.mean == Decimal("2.50")


def test_it_has_no_share_or_mean_when_nobody_is_scored():
    row = distribution_row(
        label="2.1",
        kind="criterion",
        code="2.1",
        group="2",
        values=[None],
        levels=LEVELS,
        threshold=3,
    )
    assert (row.at_or_above_share, row.mean) == (None, None)


def test_it_uses_the_chosen_threshold():
    distribution = build_distribution(seed_003_members(), year=2008, source="final", threshold=2)
    assert distribution.threshold == 2
    assert distribution.overall is not None
    assert distribution.overall.at_or_above_share == Decimal("100.0")


def test_it_falls_back_to_level_3_for_a_threshold_off_the_scale():
    assert effective_threshold(7, LEVELS) == 3
    assert effective_threshold(None, [LevelColumn(v, "") for v in (1, 2)]) == 2


def test_it_orders_criteria_then_themes_then_overall():
    distribution = build_distribution(seed_003_members(), year=2008, source="final")
    assert [(r.kind, r.group) for r in distribution.rows] == [
        ("criterion", "1 Managing finances"),
        ("theme", "Themes"),
        ("overall", "Overall"),
    ]


def test_it_tables_the_rows_for_download():
    distribution = build_distribution(seed_003_members(), year=2008, source="final")
    headers, rows = distribution_table(distribution)
    assert headers[3] == "Level 1: Label 1"
    assert rows[-1] == [
        "Overall",
        "",
        "Overall",
        0,
        6,
        6,
        1,
        0,
        13,
        7,
        Decimal("53.8"),
        Decimal("2.62"),
    ]


def test_it_charts_the_overall_counts_with_a_description():
    distribution = build_distribution(seed_003_members(), year=2008, source="final")
    chart = overall_chart(distribution, title="Overall")
    assert chart is not None
    assert chart.rows == [
        ("Level 1", 0),
        ("Level 2", 6),
        ("Level 3", 6),
        ("Level 4", 1),
        ("Not scored", 0),
    ]
    assert "Level 2: 6" in chart.description
    assert 'role="img"' in chart.svg and "<desc" in chart.svg
