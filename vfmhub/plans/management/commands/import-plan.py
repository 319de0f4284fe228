"""vfmhub import-plan PATH --organisation GSS_CODE [--plan ID | --new-plan]
[--framework-version FRAMEWORK/VERSION] [--sheet NAME] [--ignore-column C] [--use-column H=NAME]
[--mapping NAME] [--dry-run] [--json]"""

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from vfmhub.core.importing import ImportCommand
from vfmhub.frameworks.models import FrameworkVersion
from vfmhub.imports.commands import add_mapping_argument, command_choices
from vfmhub.organisations.models import Organisation
from vfmhub.plans.importing import (
    MATCHED_BY_FILE,
    ImportResult,
    plan_import,
    plan_import_new,
)
from vfmhub.plans.models import Plan

NO_ORGANISATION = "No organisation has the GSS code {code!r}."
NO_PLAN = "Organisation {code} has no plan {pk}."
NO_VERSION = "No framework version {name!r}: give it as FRAMEWORK/VERSION, such as {example}."
PLAN_AND_NEW = "Give --plan or --new-plan, not both."
VERSION_EXAMPLE = "use-of-resources/2009-10"
KIND = "plan"  # the column choices remembered for a body's plan imports
INTO_PLAN = "Into plan {pk}."
SHEET_READ = "Read from the ‘{sheet}’ sheet."
FOUND_BY_FILE = (
    "This file was imported into plan {pk} ‘{title}’ before: importing into that plan "
    "(give --new-plan for a new one)."
)
FOUND_BY_TITLE = (
    "Plan {pk} ‘{title}’ has the same title and framework version: importing into that plan "
    "(give --new-plan for a new one)."
)
NOTHING_CHANGED = "Nothing changed: everything in the file is already in the plan."
NOTHING_WOULD_CHANGE = "Nothing would change: everything in the file is already in the plan."


class Command(ImportCommand):
    help = (
        "Import an improvement plan from XLSX, XLS, CSV or Word (.docx): themes and KLOEs, "
        "items, actions, update rounds and updates. All or nothing; importing the same file "
        "again changes nothing. Without --plan the file goes into the plan it was imported into "
        "before, or the plan of the same title (the file's name) and framework version; else a "
        "new plan is created, titled from the file name."
    )
    file_help = "The XLSX, XLS, CSV or DOCX file."

    def add_target_arguments(self, parser: Any) -> None:
        parser.add_argument("--organisation", required=True, help="The body's GSS code.")
        parser.add_argument("--plan", type=int, help="Import into this plan (its id).")
        parser.add_argument(
            "--new-plan",
            action="store_true",
            help="Create a new plan even if the file was imported before.",
        )
        add_mapping_argument(parser)
        parser.add_argument(
            "--framework-version",
            metavar="FRAMEWORK/VERSION",
            help=f"The new plan's framework version, such as {VERSION_EXAMPLE}.",
        )

    def handle(self, *args: Any, path: str, organisation: str, **options: Any) -> None:
        content, filename = self.file_read(path)
        body = Organisation.objects.filter(gss_code=organisation).first()
        if body is None:
            raise CommandError(NO_ORGANISATION.format(code=organisation))
        if options.get("plan") and options.get("new_plan"):
            raise CommandError(PLAN_AND_NEW)
        common = {
            "acting_user": None,
            "content": content,
            "filename": filename,
            "dry_run": options["dry_run"],
            "sheet": options.get("sheet"),
            "choices": command_choices(
                self.column_choices(options), owner=body, kind=KIND, name=options.get("mapping")
            ),
        }
        if options.get("plan"):
            plan = Plan.objects.filter(pk=options["plan"], organisation=body).first()
            if plan is None:
                raise CommandError(NO_PLAN.format(code=organisation, pk=options["plan"]))
            result = plan_import(plan=plan, **common)
        else:
            title = Path(filename).stem.replace("_", " ").replace("-", " ").strip()
            result = plan_import_new(
                organisation=body,
                title=title or "Imported plan",
                version=_version(options.get("framework_version")),
                new_plan=options["new_plan"],
                **common,
            )
        self._finish(result, as_json=options["json"])

    def _finish(self, result: ImportResult, *, as_json: bool) -> None:
        counts = (
            f"{result.items} items, {result.actions} actions, {result.rounds} rounds, "
            f"{result.updates} updates, {result.corrections} corrections"
        )
        summary = result.summary() | {
            "plan": result.plan_id,
            "dry_run": result.dry_run,
            "matched": result.matched,
            "changed": result.changed,
            "sheet": result.sheet,
        }
        self.finish(
            result.errors,
            summary=summary,
            as_json=as_json,
            dry_run=result.dry_run,
            counts=counts,
            lines=_before(result),
            after=_after(result),
        )


def _version(name: str | None) -> FrameworkVersion | None:
    if not name:
        return None
    framework, _, code = name.partition("/")
    version = FrameworkVersion.objects.filter(framework__code=framework, code=code).first()
    if version is None:
        raise CommandError(NO_VERSION.format(name=name, example=VERSION_EXAMPLE))
    return version


def _before(result: ImportResult) -> list[str]:
    lines = [SHEET_READ.format(sheet=result.sheet)] if result.sheet else []
    if result.matched and result.plan_id is not None:
        plan = Plan.objects.get(pk=result.plan_id)
        found = FOUND_BY_FILE if result.matched == MATCHED_BY_FILE else FOUND_BY_TITLE
        lines.append(found.format(pk=plan.pk, title=plan.title))
    return lines


def _after(result: ImportResult) -> list[str]:
    if result.dry_run:
        return [] if result.changed or result.plan_id is None else [NOTHING_WOULD_CHANGE]
    if not result.changed and not result.plan_created:
        return [NOTHING_CHANGED]
    return [INTO_PLAN.format(pk=result.plan_id)]
