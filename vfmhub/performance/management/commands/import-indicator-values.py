"""vfmhub import-indicator-values PATH [--organisation GSS_CODE] [--indicator CODE]
[--create-indicators] [--sheet NAME] [--ignore-column C] [--use-column H=NAME] [--mapping NAME]
[--dry-run] [--json]"""

from typing import Any

from django.core.management.base import CommandError

from vfmhub.core.importing import ImportCommand
from vfmhub.imports.commands import add_mapping_argument, command_choices
from vfmhub.organisations.models import Organisation
from vfmhub.performance.importing.values import ValuesImportResult, values_import

NO_ORGANISATION = "No organisation has the GSS code {code!r}."
NEEDS_ORGANISATION = "--mapping needs --organisation: column choices are kept per organisation."
VALUES_KIND = "performance-values"
NOTHING_CHANGED = "Nothing changed: every value in the file is already recorded."


class Command(ImportCommand):
    help = (
        "Import indicator values from XLSX, XLS or CSV: long (one row per area, indicator, "
        "period and value) or wide (one column per period). Areas are read by GSS code: an "
        "organisation in the register gets its value, any other GSS code (England, a region...) "
        "is kept as a comparator. With --organisation, only that organisation's values and the "
        "comparators are imported (and a file with no area column is all that organisation's). "
        "All or nothing; importing the same file again changes nothing; a changed value becomes "
        "a new version."
    )

    def add_target_arguments(self, parser: Any) -> None:
        parser.add_argument("--organisation", help="The organisation's GSS code.")
        parser.add_argument(
            "--indicator", default="", help="The indicator's code, for a file without one."
        )
        parser.add_argument(
            "--create-indicators",
            action="store_true",
            help="Create the indicators the library lacks as local indicators of --organisation.",
        )
        add_mapping_argument(parser)

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        content, filename = self.file_read(path)
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(gss_code=options["organisation"]).first()
            if organisation is None:
                raise CommandError(NO_ORGANISATION.format(code=options["organisation"]))
        choices = self.column_choices(options)
        if options.get("mapping"):
            if organisation is None:
                raise CommandError(NEEDS_ORGANISATION)
            choices = command_choices(
                choices, owner=organisation, kind=VALUES_KIND, name=options["mapping"]
            )
        result = values_import(
            acting_user=None,
            content=content,
            filename=filename,
            organisation=organisation,
            indicator=options["indicator"],
            create_indicators=options["create_indicators"],
            dry_run=options["dry_run"],
            sheet=options["sheet"],
            choices=choices,
        )
        self.report(result, as_json=options["json"])

    def report(self, result: ValuesImportResult, *, as_json: bool) -> None:
        counts = (
            f"{result.created} new, {result.updated} changed (new versions), "
            f"{result.unchanged} unchanged values ({result.comparators} for comparator areas)"
        )
        lines = [f"Read from the ‘{result.sheet}’ sheet."] if result.sheet else []
        lines += [f"Not imported: {column}." for column in result.not_imported]
        after = [f"Skipped: {skip}" for skip in result.skipped]
        if result.skipped_count > len(result.skipped):
            after.append(f"… and {result.skipped_count - len(result.skipped)} more skipped.")
        if result.other_organisations:
            after.append(f"Left out {result.other_organisations} values of other organisations.")
        if result.indicators_created:
            after.append(f"New local indicators: {', '.join(result.indicators_created)}.")
        if not result.changed:
            after.append(NOTHING_CHANGED)
        self.finish(
            result.errors,
            summary=result.summary(),
            as_json=as_json,
            dry_run=result.dry_run,
            counts=counts,
            lines=lines,
            after=after,
        )
