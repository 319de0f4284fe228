"""An improvement plan's import (seed 002's shape, as bench/plan_import.py builds it), any size."""

from pathlib import Path

from bench.plan_import import write_csv


def prepare() -> dict:
    from bench.measure import bench_ids
    from vfmhub.accounts.models import User
    from vfmhub.demo.personas import ACCOUNT
    from vfmhub.frameworks.models import FrameworkVersion
    from vfmhub.organisations.models import Organisation
    from vfmhub.plans.services import plan_create

    manager = User.objects.get(email=ACCOUNT["manager"].email)
    version = FrameworkVersion.objects.filter(
        framework__code="use-of-resources", code="2009-10"
    ).first()
    plan = plan_create(
        acting_user=manager,
        organisation=Organisation.objects.get(pk=bench_ids()["organisation"]),
        title="Benchmark import (large)",
        version=version,
        year=2009,
    )
    return {"plan": plan.pk, "user": manager.pk}


def write_file(folder: Path, rows: int, context: dict) -> Path:
    return write_csv(folder, rows)


def run(path: Path, context: dict, dry_run: bool) -> dict:
    from vfmhub.accounts.models import User
    from vfmhub.plans.importing import plan_import
    from vfmhub.plans.models import Plan

    result = plan_import(
        acting_user=User.objects.get(pk=context["user"]),
        plan=Plan.objects.get(pk=context["plan"]),
        content=path.read_bytes(),
        filename=path.name,
        dry_run=dry_run,
    )
    summary = {k: v for k, v in result.summary().items() if k != "errors"}
    return {**summary, "errors": len(result.errors)}
