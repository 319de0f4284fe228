"""Importing an allocation list (indented or levelled, in £k) into a partnership's year."""

from vfmhub.programme.importing.funding.service import (
    AllocationDraft,
    ImportedNode,
    allocation_import,
    allocation_read,
)

__all__ = ["AllocationDraft", "ImportedNode", "allocation_import", "allocation_read"]
