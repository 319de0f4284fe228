"""Which reference file a file is, told by its content alone (a renamed file is still known).

- a JS module (`export default [...]`) whose records have LAD17CD and GROWTH: Census growth;
  LAD and POP_RANK_21: Census population ranks;
- a CSV headed LAD21CD … Shape__Area: the districts' areas and centroids;
- a CSV headed lad19cd or area_code, with index_domain: the Indices of Deprivation;
- a CSV whose first line is a disclaimer and whose header, below it, starts AREACD: the ONS
  subnational indicators;
- a CSV headed Financial year, Local authority code … MADs_from_median: Oflog's adult social care
  measures;
- a revenue outturn workbook, as `loading.outturn.is_outturn` tells it.
"""

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from vfmhub.benchmarking.loading.areas import lad_areas_read
from vfmhub.benchmarking.loading.census import census_growth_read, census_rank_read
from vfmhub.benchmarking.loading.common import text_head
from vfmhub.benchmarking.loading.imd import imd_read
from vfmhub.benchmarking.loading.outturn import is_outturn, outturn_read
from vfmhub.benchmarking.loading.types import ReferenceFile
from vfmhub.benchmarking.models import SourceKind
from vfmhub.lib.tabular import heading_key

NOT_RECOGNISED = (
    "{name} is not a file VFM Hub recognises. It can load the Census population files (growth.js, "
    "poprank.js), the districts' areas (Local_Authority_Districts_2021.csv), the Indices of "
    "Deprivation (IoD2019_lad.csv, indices_of_deprivation_2025_lad.csv), the ONS subnational "
    "indicators (machine_readable.csv), Oflog's adult social care measures (ASC_data.csv) and "
    "MHCLG revenue outturn workbooks, each as published."
)
ONS_SUBNATIONAL = "ons_subnational"
OFLOG_ASC = "oflog_asc"
INDICATOR_KINDS = {
    ONS_SUBNATIONAL: "ONS subnational indicators",
    OFLOG_ASC: "Oflog adult social care measures",
}
LABELS = {
    SourceKind.CENSUS_GROWTH: "Census population and growth",
    SourceKind.CENSUS_RANK: "Census population ranks (area names)",
    SourceKind.LAD_AREAS: "Districts' areas and centroids",
    SourceKind.IMD: "English Indices of Deprivation",
    SourceKind.OUTTURN: "Revenue outturn",
    **INDICATOR_KINDS,
}


@dataclass(frozen=True)
class Recognised:
    """A file and what it is: a `SourceKind` (read into a ReferenceFile) or one of the
    indicator files the performance app imports (`INDICATOR_KINDS`)."""

    path: Path
    kind: str

    @property
    def label(self) -> str:
        return LABELS.get(self.kind, self.kind)

    @property
    def is_indicator_file(self) -> bool:
        return self.kind in INDICATOR_KINDS


def recognise(path: Path) -> Recognised | None:
    """What `path` is, by its content; None when it is none of the files VFM Hub loads."""
    head = text_head(path)
    kind = _js_kind(head) if head.lstrip().startswith("export") else _csv_kind(head)
    if kind is None and is_outturn(path):
        kind = SourceKind.OUTTURN
    return Recognised(path, kind) if kind else None


def reference_read(found: Recognised, *, year: int | None = None) -> ReferenceFile:
    """The file read by the reader of its kind (not for the indicator files)."""
    readers: dict[str, Callable[[Path], ReferenceFile]] = {
        SourceKind.CENSUS_GROWTH: census_growth_read,
        SourceKind.CENSUS_RANK: census_rank_read,
        SourceKind.LAD_AREAS: lad_areas_read,
        SourceKind.IMD: imd_read,
    }
    if found.kind == SourceKind.OUTTURN:
        return outturn_read(found.path, year=year)
    return readers[found.kind](found.path)


def _js_kind(head: str) -> str | None:
    if '"LAD17CD"' in head and '"GROWTH"' in head:
        return SourceKind.CENSUS_GROWTH
    if '"LAD"' in head and '"POP_RANK_21"' in head:
        return SourceKind.CENSUS_RANK
    return None


def _csv_kind(head: str) -> str | None:
    lines = head.splitlines()[:10]
    if not lines:
        return None
    first = _keys(lines[0])
    if {"lad21cd", "shapearea"} <= first:
        return SourceKind.LAD_AREAS
    if "indexdomain" in first and first & {"lad19cd", "areacode"}:
        return SourceKind.IMD
    if {"financialyear", "localauthoritycode", "madsfrommedian"} <= first:
        return OFLOG_ASC
    below = next((line for line in lines[1:] if line.strip()), "")
    headed = _cells(below)
    if "areacd" not in first and headed[:1] == ["areacd"]:
        return (
            ONS_SUBNATIONAL if {"areanm", "indicator", "period", "value"} <= set(headed) else None
        )
    return None


def _cells(line: str) -> list[str]:
    try:
        row = next(csv.reader([line]), [])
    except csv.Error:
        return []
    return [heading_key(cell) for cell in row]


def _keys(line: str) -> set[str]:
    return set(_cells(line))
