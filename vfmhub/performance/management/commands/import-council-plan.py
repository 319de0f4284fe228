"""vfmhub import-council-plan PATH --organisation GSS_CODE [--title T] [--first-year Y
--last-year Y] [--sheet NAME] [--ignore-column C] [--use-column H=NAME] [--dry-run] [--json]"""

from typing import Any

from django.core.management.base import CommandError

from vfmhub.core.importing import ImportCommand
from vfmhub.lib import clock
from vfmhub.lib.years import financial_year_of, parse_financial_year
from vfmhub.organisations.models import Organisation
from vfmhub.performance.importing.plan import PlanImportResult, council_plan_import

NO_ORGANISATION = "No organisation has the GSS code {code!r}."
BAD_YEAR = "{option} must be a financial year such as 2008 or 2008/09, not {value!r}."
DEFAULT_TITLE = "Council Plan"
PLAN_YEARS = 3  # seed 004's plan looks "over the next 3 years"
INTO_PLAN = "Into council plan {pk}."
NEW_PLAN = "A new council plan would be created."
REPLACING = (
    "Replacing the plan's {priorities} priorities, {deliverables} deliverables, "
    "{measures} measures and {actions} actions."
)
NOTHING_CHANGED = "Nothing changed: the plan already holds everything in the file."
ROWS_READ = (
    "Read {rows} rows ({joined} wrapped rows joined to the row above, {repeats} repeated headers)."
)


class Command(ImportCommand):
    help = (
        "Import a council plan table (Priority, Key Deliverable, Outcome Measure, How Do We "
        "Know We Are Getting There?, Project/Action, Completion Date, Resource, Lead Member) "
        "from Word (.docx), XLSX, XLS or CSV into the organisation's plan of the same title and "
        "years, replacing what it holds. All or nothing; importing the same file again changes "
        "nothing."
    )
    file_help = "The DOCX, XLSX, XLS or CSV file."

    def add_target_arguments(self, parser: Any) -> None:
        parser.add_argument("--organisation", required=True, help="The body's GSS code.")
        parser.add_argument("--title", default=DEFAULT_TITLE, help="The plan's title.")
        parser.add_argument("--first-year", help="First financial year (default: this one).")
        parser.add_argument("--last-year", help="Last financial year (default: first + 2).")

    def handle(self, *args: Any, path: str, organisation: str, **options: Any) -> None:
        content, filename = self.file_read(path)
        body = Organisation.objects.filter(gss_code=organisation).first()
        if body is None:
            raise CommandError(NO_ORGANISATION.format(code=organisation))
        first = _year("--first-year", options.get("first_year"))
        if first is None:
            first = financial_year_of(clock.today())
        last = _year("--last-year", options.get("last_year"))
        result = council_plan_import(
            acting_user=None,
            organisation=body,
            content=content,
            filename=filename,
            title=" ".join(options["title"].split())[:200] or DEFAULT_TITLE,
            first_year=first,
            last_year=first + PLAN_YEARS - 1 if last is None else last,
            dry_run=options["dry_run"],
            sheet=options.get("sheet"),
            choices=self.column_choices(options),
        )
        self._finish(result, as_json=options["json"])

    def _finish(self, result: PlanImportResult, *, as_json: bool) -> None:
        c = result.counts
        counts = (
            f"{c.get('priorities', 0)} priorities, {c.get('deliverables', 0)} deliverables, "
            f"{c.get('measures', 0)} measures, {c.get('actions', 0)} actions"
        )
        lines = [
            ROWS_READ.format(
                rows=result.rows, joined=result.joined_rows, repeats=result.repeated_headers
            )
        ]
        if result.replaced:
            lines.append(REPLACING.format(**result.replaced))
        self.finish(
            result.errors,
            summary=result.summary(),
            as_json=as_json,
            dry_run=result.dry_run,
            counts=counts,
            lines=lines,
            after=_after(result),
        )


def _year(option: str, value: str | None) -> int | None:
    if value in (None, ""):
        return None
    try:
        return parse_financial_year(value)
    except (ValueError, TypeError):
        raise CommandError(BAD_YEAR.format(option=option, value=value)) from None


def _after(result: PlanImportResult) -> list[str]:
    if not result.changed:
        return [NOTHING_CHANGED]
    if result.plan_id is None:
        return [NEW_PLAN]
    return [] if result.dry_run else [INTO_PLAN.format(pk=result.plan_id)]
