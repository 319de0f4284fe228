"""The partnership score dashboard: distribution of members' scores and progress against targets.

`compute` and `progress` count in memory; `queries` reads the database; `chart` lays out the SVG.
"""

from vfmhub.assessments.dashboard.compute import (
    CRITERION,
    DEFAULT_THRESHOLD,
    OVERALL,
    SHIFTS,
    SOURCE_FINAL,
    SOURCE_SELF,
    SOURCES,
    THEME,
    Distribution,
    DistributionRow,
    LevelColumn,
    distribution_table,
)
from vfmhub.assessments.dashboard.members import MemberScores, member_scores_table
from vfmhub.assessments.dashboard.progress import TargetLine, TargetProgress
from vfmhub.assessments.dashboard.queries import (
    SOURCE_LABELS,
    assessed_version_years,
    partnership_dashboard,
    partnership_dashboard_tables,
    partnership_distribution,
    partnership_target_progress,
)

__all__ = [
    "CRITERION",
    "DEFAULT_THRESHOLD",
    "OVERALL",
    "SHIFTS",
    "SOURCES",
    "SOURCE_FINAL",
    "SOURCE_LABELS",
    "SOURCE_SELF",
    "THEME",
    "Distribution",
    "DistributionRow",
    "LevelColumn",
    "MemberScores",
    "TargetLine",
    "TargetProgress",
    "assessed_version_years",
    "distribution_table",
    "member_scores_table",
    "partnership_dashboard",
    "partnership_dashboard_tables",
    "partnership_distribution",
    "partnership_target_progress",
]
