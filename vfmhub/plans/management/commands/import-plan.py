"""vfmhub import-plan PATH --organisation GSS_CODE [--plan ID] [--sheet NAME] [--dry-run]
[--json]"""

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from vfmhub.core.importing import ImportCommand
from vfmhub.organisations.models import Organisation
from vfmhub.plans.importing import ImportResult, plan_import, plan_import_new
from vfmhub.plans.models import Plan

NO_ORGANISATION = "No organisation has the GSS code {code!r}."
NO_PLAN = "Organisation {code} has no plan {pk}."
INTO_PLAN = "Into plan {pk}."


class Command(ImportCommand):
    help = (
        "Import an improvement plan from XLSX, CSV or Word (.docx): themes and KLOEs, items, "
        "actions, update rounds and updates. All or nothing; importing the same file again adds "
        "nothing. Without --plan a new plan is created, titled from the file name."
    )
    file_help = "The XLSX, CSV or DOCX file."

    def add_target_arguments(self, parser: Any) -> None:
        parser.add_argument("--organisation", required=True, help="The body's GSS code.")
        parser.add_argument("--plan", type=int, help="Import into this plan (its id).")
        parser.add_argument("--sheet", help="The worksheet to read (the first by default).")

    def handle(self, *args: Any, path: str, organisation: str, **options: Any) -> None:
        content, filename = self.file_read(path)
        body = Organisation.objects.filter(gss_code=organisation).first()
        if body is None:
            raise CommandError(NO_ORGANISATION.format(code=organisation))
        common = {
            "acting_user": None,
            "content": content,
            "filename": filename,
            "dry_run": options["dry_run"],
            "sheet": options.get("sheet"),
        }
        if options.get("plan"):
            plan = Plan.objects.filter(pk=options["plan"], organisation=body).first()
            if plan is None:
                raise CommandError(NO_PLAN.format(code=organisation, pk=options["plan"]))
            result = plan_import(plan=plan, **common)
        else:
            title = Path(filename).stem.replace("_", " ").replace("-", " ").strip()
            result = plan_import_new(organisation=body, title=title or "Imported plan", **common)
        self._finish(result, as_json=options["json"])

    def _finish(self, result: ImportResult, *, as_json: bool) -> None:
        counts = (
            f"{result.items} items, {result.actions} actions, {result.rounds} rounds, "
            f"{result.updates} updates, {result.corrections} corrections"
        )
        summary = result.summary() | {"plan": result.plan_id, "dry_run": result.dry_run}
        self.finish(
            result.errors,
            summary=summary,
            as_json=as_json,
            dry_run=result.dry_run,
            counts=counts,
            after=[] if result.dry_run else [INTO_PLAN.format(pk=result.plan_id)],
        )
