"""Importing indicator values from CSV, XLSX or XLS files, long or wide (see `service`)."""

from vfmhub.performance.importing.values.service import values_import
from vfmhub.performance.importing.values.types import ValuesImportResult

__all__ = ["ValuesImportResult", "values_import"]
