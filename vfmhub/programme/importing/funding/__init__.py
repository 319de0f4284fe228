"""Importing an allocation list (indented or levelled, in £k), with the year's funding streams
from a second sheet of a workbook, into a partnership's year."""

from vfmhub.programme.importing.funding.draft import AllocationDraft, ImportedNode, StreamLine
from vfmhub.programme.importing.funding.reading import allocation_read
from vfmhub.programme.importing.funding.service import allocation_import

__all__ = ["AllocationDraft", "ImportedNode", "StreamLine", "allocation_import", "allocation_read"]
