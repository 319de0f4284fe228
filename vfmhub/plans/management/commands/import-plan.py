"""vfmhub import-plan PATH --organisation GSS_CODE [--plan ID] [--dry-run] [--json]"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vfmhub.organisations.models import Organisation
from vfmhub.plans.importing import ImportResult, plan_import, plan_import_new
from vfmhub.plans.models import Plan

NO_ORGANISATION = "No organisation has the GSS code {code!r}."
NO_PLAN = "Organisation {code} has no plan {pk}."
NO_FILE = "There is no file at {path}."


class Command(BaseCommand):
    help = (
        "Import an improvement plan from XLSX, CSV or Word (.docx): themes and KLOEs, items, "
        "actions, update rounds and updates. All or nothing; importing the same file again adds "
        "nothing. Without --plan a new plan is created, titled from the file name."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The XLSX, CSV or DOCX file.")
        parser.add_argument("--organisation", required=True, help="The body's GSS code.")
        parser.add_argument("--plan", type=int, help="Import into this plan (its id).")
        parser.add_argument("--sheet", help="The worksheet to read (the first by default).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be created; save nothing."
        )
        parser.add_argument("--json", action="store_true", help="Print the summary as JSON.")

    def handle(self, *args, path: str, organisation: str, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(NO_FILE.format(path=path))
        body = Organisation.objects.filter(gss_code=organisation).first()
        if body is None:
            raise CommandError(NO_ORGANISATION.format(code=organisation))
        common = {
            "acting_user": None,
            "content": file.read_bytes(),
            "filename": file.name,
            "dry_run": options["dry_run"],
            "sheet": options.get("sheet"),
        }
        if options.get("plan"):
            plan = Plan.objects.filter(pk=options["plan"], organisation=body).first()
            if plan is None:
                raise CommandError(NO_PLAN.format(code=organisation, pk=options["plan"]))
            result = plan_import(plan=plan, **common)
        else:
            title = file.stem.replace("_", " ").replace("-", " ").strip() or "Imported plan"
            result = plan_import_new(organisation=body, title=title, **common)
        self._report(result, as_json=options["json"])
        if result.errors:
            raise SystemExit(1)

    def _report(self, result: ImportResult, *, as_json: bool) -> None:
        if as_json:
            summary = result.summary()
            summary["plan"] = result.plan_id
            summary["dry_run"] = result.dry_run
            self.stdout.write(json.dumps(summary, indent=2, default=str))
            return
        for error in result.errors:
            self.stderr.write(str(error))
        counts = (
            f"{result.items} items, {result.actions} actions, {result.rounds} rounds, "
            f"{result.updates} updates, {result.corrections} corrections"
        )
        if result.errors:
            self.stderr.write(f"Nothing was imported: {len(result.errors)} errors.")
        elif result.dry_run:
            self.stdout.write(f"Dry run, nothing saved. Importing would create {counts}.")
        else:
            self.stdout.write(f"Imported into plan {result.plan_id}: created {counts}.")
