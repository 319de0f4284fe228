"""Importing an improvement plan from XLSX, CSV or Word: read, compare, then write all or nothing.

`plan_import` is the service the upload page, the `import-plan` command and the benchmark call:

    result = plan_import(acting_user=user, plan=plan, content=data, filename="plan.xlsx")

`plan_import_new` imports into the body's plan the file went into before (or of the same title
and framework version), else a new plan.

It reads the file into a draft (`parse`), compares it with the plan (`validate`), and, when there
are no errors and it is not a dry run, writes it in one transaction (`apply`).
"""

from vfmhub.plans.importing.service import (
    draft_read_file,
    plan_for_file,
    plan_import,
    plan_import_new,
)
from vfmhub.plans.importing.types import (
    MATCHED_BY_FILE,
    MATCHED_BY_TITLE,
    ImportIssue,
    ImportResult,
    Location,
    PlanDraft,
)

__all__ = [
    "MATCHED_BY_FILE",
    "MATCHED_BY_TITLE",
    "ImportIssue",
    "ImportResult",
    "Location",
    "PlanDraft",
    "draft_read_file",
    "plan_for_file",
    "plan_import",
    "plan_import_new",
]
