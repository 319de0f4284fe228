"""Importing a council plan table (seed 004's shape) from Word, Excel or CSV."""

from vfmhub.performance.importing.plan.reading import EXPECTED, HEADINGS
from vfmhub.performance.importing.plan.writing import (
    PlanImportResult,
    council_plan_import,
    plan_draft_read,
    saved_tree,
)

__all__ = [
    "EXPECTED",
    "HEADINGS",
    "PlanImportResult",
    "council_plan_import",
    "plan_draft_read",
    "saved_tree",
]
