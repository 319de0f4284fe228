"""Importing a risk register's risks, and a partnership's projects with their milestones, from
XLSX, XLS or CSV: all or nothing, idempotent, every problem by sheet, row and column (as
`core.importing.ImportIssue`s)."""

from vfmhub.programme.importing.registers.common import ImportResult, ReadOptions, RowChange
from vfmhub.programme.importing.registers.risks import register_owner
from vfmhub.programme.importing.registers.workbooks import (
    projects_template_xlsx,
    risks_template_xlsx,
)
from vfmhub.programme.importing.registers.writing.projects import projects_import
from vfmhub.programme.importing.registers.writing.risks import risks_import

__all__ = [
    "ImportResult",
    "ReadOptions",
    "RowChange",
    "projects_import",
    "projects_template_xlsx",
    "register_owner",
    "risks_import",
    "risks_template_xlsx",
]
