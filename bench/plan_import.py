"""Time a 5,000-row plan import for `make bench` (the acceptance budget is 10 s).

The file is shaped like seed 002 as a council keeps it in Excel and saves it as CSV: theme and KLOE
heading rows, the header repeated at every page break, items with one to three actions (a
continuation row has an empty issue cell), the three dated round columns, and the "Action Plan
from 2010 Assessment" column whose entries become new actions owned by a trailing "- HoF". It is
imported into a new plan of the home body, then imported again (which must add nothing).
"""

import csv
import io
import random
import tempfile
import time
from pathlib import Path

ROWS = 5000
BUDGET_SECONDS = 10.0
TITLE = "Benchmark import (5,000 rows)"
HEADER = [
    "Issue",
    "Action",
    "Responsible Officer",
    "December 2009 Position",
    "March 2010 update",
    "Action Plan from 2010 Assessment",
    "July 2010 update",
]
KLOES = [
    ("1", "Theme 1 - Managing finances", "1.1", "Financial planning"),
    ("1", "Theme 1 - Managing finances", "1.2", "Understanding costs and achieving efficiencies"),
    ("1", "Theme 1 - Managing finances", "1.3", "Financial reporting"),
    ("2", "Theme 2 - Governing the business", "2.1", "Commissioning and procurement"),
    ("2", "Theme 2 - Governing the business", "2.2", "Data quality and use of information"),
    ("2", "Theme 2 - Governing the business", "2.3", "Good governance"),
    ("2", "Theme 2 - Governing the business", "2.4", "Risk management and internal control"),
    ("3", "Theme 3 - Managing resources", "3.1", "Natural resources"),
    ("3", "Theme 3 - Managing resources", "3.2", "Strategic asset management"),
    ("3", "Theme 3 - Managing resources", "3.3", "Workforce"),
]
OFFICERS = ("HoF", "SFM", "IPM", "CMT", "SMT", "BIPM", "HoF/IPM", "BIPM/HoF")
PAGE_ROWS = 40  # a page break repeats the header


def plan_rows(rows: int = ROWS, seed: int = 2008) -> list[list[str]]:
    """`rows` rows after the first header, every one of them counted (headings included)."""
    rng = random.Random(seed)
    table: list[list[str]] = []
    per_kloe = rows // len(KLOES)
    theme = ""
    for kloe_number, (_, theme_heading, code, title) in enumerate(KLOES):
        if theme_heading != theme:
            table.append([theme_heading, *[""] * 6])
            theme = theme_heading
        table.append([f"KLOE {code} - {title}", *[""] * 6])
        end = rows if kloe_number == len(KLOES) - 1 else (kloe_number + 1) * per_kloe
        item = 0
        while len(table) < end:
            item += 1
            table += _item_rows(rng, code, item)
        del table[end:]
    return _with_page_breaks(table)


def _item_rows(rng: random.Random, code: str, item: int) -> list[list[str]]:
    issue = f"Issue {code}.{item}: strengthen arrangements for area {item} of KLOE {code}."
    rows = []
    for number in range(rng.randint(1, 3)):
        rows.append(
            [
                issue if number == 0 else "",
                f"Action {code}.{item}.{number + 1}: report progress to SMT and members.",
                rng.choice(OFFICERS),
                rng.choice(("Ongoing", "March 2010", "Achieved", "")),
                rng.choice(("On track.", "Paper to SMT 3 March 2010.", "")),
                "",
                rng.choice(("Completed.", "Reported to Finance and Audit.", "Slipped to Q3.")),
            ]
        )
    if rng.random() < 0.3:
        new = f"New action {code}.{item} from the 2010 assessment - HoF"
        rows.append(["", "", "", "", "", new, "Being progressed."])
    return rows


def _with_page_breaks(table: list[list[str]]) -> list[list[str]]:
    """Repeat the header at each page break, as seed 002 does, before a continuation row (an
    item running on to the next page); the last rows give way so the count stays."""
    out: list[list[str]] = []
    next_break = PAGE_ROWS
    for row in table:
        if len(out) >= next_break and row[0] == "" and (row[1] or row[5]):
            out.append(list(HEADER))
            next_break += PAGE_ROWS
        out.append(row)
    return out[: len(table)]


def write_csv(folder: Path, rows: int = ROWS) -> Path:
    """The file as Excel saves CSV on Windows (Windows-1252, CRLF)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(plan_rows(rows))
    path = folder / "plan-5000-rows.csv"
    path.write_bytes(buffer.getvalue().encode("cp1252"))
    return path


def time_plan_import(rows: int = ROWS) -> dict:
    """Import the file into a new plan of the home body, twice; the times and what each did."""
    from bench.measure import bench_ids
    from vfmhub.accounts.models import User
    from vfmhub.demo.personas import ACCOUNT
    from vfmhub.frameworks.models import FrameworkVersion
    from vfmhub.organisations.models import Organisation
    from vfmhub.plans.importing import plan_import
    from vfmhub.plans.services import plan_create

    manager = User.objects.get(email=ACCOUNT["manager"].email)
    organisation = Organisation.objects.get(pk=bench_ids()["organisation"])
    version = FrameworkVersion.objects.filter(
        framework__code="use-of-resources", code="2009-10"
    ).first()
    plan = plan_create(
        acting_user=manager, organisation=organisation, title=TITLE, version=version, year=2009
    )
    with tempfile.TemporaryDirectory(prefix="vfmhub-bench-import-") as folder:
        path = write_csv(Path(folder), rows)
        content = path.read_bytes()
        report = {"rows": rows, "file": "CSV (Windows-1252)", "bytes": len(content)}
        for run in ("first", "again"):
            started = time.perf_counter()
            result = plan_import(
                acting_user=manager, plan=plan, content=content, filename=path.name, dry_run=False
            )
            report[run] = {
                "seconds": round(time.perf_counter() - started, 2),
                **{k: v for k, v in result.summary().items() if k != "errors"},
                "errors": len(result.errors),
                "first_errors": [str(e) for e in result.errors[:5]],
            }
    report["budget_seconds"] = BUDGET_SECONDS
    report["ok"] = not report["first"]["errors"]
    report["over_budget"] = report["first"]["seconds"] > BUDGET_SECONDS
    return report


def print_import(report: dict) -> None:
    first, again = report["first"], report["again"]
    print(
        f"Plan import, {report['rows']:,} rows ({report['file']}): {first['seconds']:.2f} s "
        f"(budget {report['budget_seconds']:.0f} s): {first['items']} items, {first['actions']} "
        f"actions, {first['rounds']} rounds, {first['updates']} updates, {first['errors']} errors"
        f"{'  OVER BUDGET' if report['over_budget'] else ''}{'' if report['ok'] else '  FAILED'}"
    )
    print(
        f"Plan import again (idempotent): {again['seconds']:.2f} s, added "
        f"{again['items'] + again['actions'] + again['rounds'] + again['updates']} rows"
    )
    for text in first["first_errors"]:
        print(f"  {text}")
