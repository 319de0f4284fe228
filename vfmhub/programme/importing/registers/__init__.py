"""Importing a risk register's risks, and a partnership's projects with their milestones, from
XLSX or CSV: all or nothing, idempotent, every problem by row and column."""

from vfmhub.programme.importing.registers.common import ImportResult, Problem, RowChange
from vfmhub.programme.importing.registers.workbooks import (
    projects_template_xlsx,
    risks_template_xlsx,
)
from vfmhub.programme.importing.registers.writing.projects import projects_import
from vfmhub.programme.importing.registers.writing.risks import risks_import

__all__ = [
    "ImportResult",
    "Problem",
    "RowChange",
    "projects_import",
    "projects_template_xlsx",
    "risks_import",
    "risks_template_xlsx",
]
