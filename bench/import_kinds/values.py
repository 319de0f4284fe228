"""Indicator values at national scale, in the long form the values import reads.

100,000 values are ten monthly indicators for eight councils and two comparator areas (England
and a region) over about eighty years of months, one value each: the size of a year's
quarterly returns of sixty indicators from four hundred bodies, as one file. Built by
`vfmhub.performance.importing.values.bench.values_bench_file`; the import must take under 20 s
(issue 14), tighter than the 30 s every other import is given.
"""

from pathlib import Path

from vfmhub.organisations.models import Organisation
from vfmhub.performance.importing.values import values_import
from vfmhub.performance.importing.values.bench import bench_indicators, values_bench_file

BUDGET_SECONDS = 20.0
INDICATORS = 10
ORGANISATIONS = 8


def prepare() -> dict:
    organisations = list(
        Organisation.objects.exclude(gss_code=None).order_by("gss_code")[:ORGANISATIONS]
    )
    return {"indicators": bench_indicators(INDICATORS), "organisations": organisations}


def write_file(folder: Path, rows: int, context: dict) -> Path:
    path = folder / "indicator-values.csv"
    path.write_bytes(values_bench_file(context["indicators"], context["organisations"], rows))
    return path


def run(path: Path, context: dict, dry_run: bool) -> dict:
    result = values_import(
        acting_user=None, content=path.read_bytes(), filename=path.name, dry_run=dry_run
    )
    return {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "errors": len(result.errors),
    }
