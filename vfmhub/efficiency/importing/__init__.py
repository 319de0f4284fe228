"""Importing a partnership's returns (and a body's gains register) from XLSX or CSV: read,
compare, then write all or nothing, in the plans import's manner.

    result = returns_import(acting_user=user, programme=programme, content=data,
                            filename="returns.xlsx", dry_run=False)

Every error names its row and column; a file imported twice adds nothing the second time.
"""

from vfmhub.efficiency.importing.gains import gains_import
from vfmhub.efficiency.importing.service import returns_import
from vfmhub.efficiency.importing.types import ImportIssue, ImportResult, Location

__all__ = ["ImportIssue", "ImportResult", "Location", "gains_import", "returns_import"]
