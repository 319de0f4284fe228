"""vfmhub import-finance PATH --organisation GSS_CODE --year YYYY [--quarter N] [--sheet NAME]
[--ignore-column C] [--use-column H=NAME] [--mapping NAME] [--dry-run] [--json]"""

from typing import Any

from django.core.management.base import CommandError

from vfmhub.core.importing import ImportCommand
from vfmhub.imports.commands import add_mapping_argument, command_choices
from vfmhub.lib.years import MAX_YEAR, MIN_YEAR, financial_year_label
from vfmhub.organisations.models import Organisation
from vfmhub.performance.importing.finance import FINANCE_KIND, finance_import

NO_ORGANISATION = "No organisation has the GSS code {code!r}."
BAD_YEAR = f"The year must be between {MIN_YEAR} and {MAX_YEAR}, such as 2024 for 2024/25."
NOTHING_CHANGED = "Nothing changed: everything in the file is already recorded."


class Command(ImportCommand):
    help = (
        "Import an organisation's finance position for a year from XLSX, XLS or CSV: a revenue "
        "budget (service or cost centre, budget, Q1-Q4 forecast outturn or a Quarter column "
        "with one forecast outturn, actual to date) and a capital programme (scheme, reference, "
        "budget, spend to date, forecast). A workbook with both tables imports both. Totals "
        "rows are checked, not imported. All or nothing; the same file twice changes nothing."
    )

    def add_target_arguments(self, parser: Any) -> None:
        parser.add_argument("--organisation", required=True, help="The body's GSS code.")
        parser.add_argument("--year", type=int, required=True, help="2024 for 2024/25.")
        parser.add_argument(
            "--quarter",
            type=int,
            choices=(1, 2, 3, 4),
            help="The quarter of figures in a table that does not say which.",
        )
        add_mapping_argument(parser)

    def handle(self, *args: Any, path: str, organisation: str, year: int, **options: Any):
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise CommandError(BAD_YEAR)
        content, filename = self.file_read(path)
        body = Organisation.objects.filter(gss_code=organisation).first()
        if body is None:
            raise CommandError(NO_ORGANISATION.format(code=organisation))
        choices = command_choices(
            self.column_choices(options), owner=body, kind=FINANCE_KIND, name=options["mapping"]
        )
        as_json = options["json"]
        result = finance_import(
            acting_user=None,
            organisation=body,
            year=year,
            content=content,
            filename=filename,
            dry_run=options["dry_run"],
            sheet=options["sheet"],
            choices=choices,
            quarter=options["quarter"],
            progress=None if as_json else lambda step: self.stderr.write(f"{step}…"),
        )
        counts = ", ".join(
            f"{n['created']} new, {n['updated']} changed, {n['unchanged']} unchanged "
            f"{name.replace('_', ' ')}"
            for name, n in result.counts().items()
        )
        lines = [f"Read {sheet}." for sheet in result.sheets]
        lines += [f"Not read (no revenue or capital headings): {s}." for s in result.skipped]
        after = [f"{financial_year_label(year)}, {body.name}."]
        if result.totals_checked:
            after.append(f"{result.totals_checked} totals rows checked against their lines.")
        if not result.changed:
            after.append(NOTHING_CHANGED)
        self.finish(
            result.errors,
            summary={**result.summary(), "changed": result.changed},
            as_json=as_json,
            dry_run=result.dry_run,
            counts=counts or "nothing",
            lines=lines,
            after=after,
        )
