"""A national returns file at any size, in the shape the returns import page asks for.

NI 179 was collected from every English body. A 100,000-row file is a national collection over a
ten-year programme (2008/09 to 2017/18): about 3,300 bodies (the principal councils and the
larger town and parish councils, each with its GSS code) each giving a forecast, a mid-year and an
outturn return every year. Columns are the page's: Body (mostly the name, a GSS code for one row in
five), Year, Kind, Cumulative value (growing year on year, as "£1,234,000"), a rating column for
each year (each return rates its own year and the next two, G/A/R or Green/Amber/Red) and a
Narrative for about one row in four. Saved as Excel saves CSV on Windows (Windows-1252, CRLF).
"""

import csv
import io
import math
import random
from pathlib import Path

FIRST_YEAR = 2008
YEARS = 10
KINDS = ("Forecast", "Mid-year", "Outturn")
RATINGS = ("G", "A", "R", "Green", "Amber", "Red")
NARRATIVES = (
    "On track with the shared services programme.",
    "Procurement savings lower than forecast; recovery plan agreed by Cabinet.",
    "Includes the full-year effect of the senior management restructure.",
    "Only projecting 1.5% rather than the full 3%.",
)
PROGRAMME = "National efficiency returns 2008/09–2017/18 (benchmark)"


def _bodies(rows: int) -> int:
    return math.ceil(rows / (YEARS * len(KINDS)))


def _year(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def prepare() -> dict:
    """A ten-year programme of the home partnership with enough participating bodies."""
    from bench.measure import bench_ids
    from vfmhub.efficiency.models import EfficiencyProgramme, Participant, TargetMethod
    from vfmhub.organisations.models import BodyType, Organisation

    ids = bench_ids()
    programme = EfficiencyProgramme.objects.create(
        partnership_id=ids["partnership"],
        name=PROGRAMME,
        baseline_year=FIRST_YEAR - 1,
        first_year=FIRST_YEAR,
        last_year=FIRST_YEAR + YEARS - 1,
        method=TargetMethod.ADDED,
    )
    count = _bodies(200_000)  # enough for any size the harness asks for
    bodies = Organisation.objects.bulk_create(
        Organisation(
            name=f"Benchmark Parish Council {n:05d}",
            short_name=f"Benchmark {n:05d}",
            body_type=BodyType.DISTRICT,
            gss_code=f"E04{n:06d}",
            is_demo=True,
        )
        for n in range(1, count + 1)
    )
    Participant.objects.bulk_create(
        Participant(programme=programme, organisation=body) for body in bodies
    )
    manager = _manager()
    return {"programme": programme.pk, "user": manager}


def _manager() -> int:
    from vfmhub.accounts.models import User
    from vfmhub.demo.personas import ACCOUNT

    return User.objects.get(email=ACCOUNT["partnership_manager"].email).pk


def return_rows(rows: int, seed: int = 179) -> list[list[str]]:
    """`rows` returns: body by body, year by year, forecast then mid-year then outturn."""
    rng = random.Random(seed)
    table: list[list[str]] = []
    for n in range(1, _bodies(rows) + 1):
        name, code = f"Benchmark Parish Council {n:05d}", f"E04{n:06d}"
        value = rng.randint(2, 40) * 5_000
        for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
            value += rng.randint(0, 30) * 5_000
            for kind in KINDS:
                ratings = [
                    rng.choice(RATINGS) if year <= rated <= year + 2 else ""
                    for rated in range(FIRST_YEAR, FIRST_YEAR + YEARS)
                ]
                narrative = rng.choice(NARRATIVES) if rng.random() < 0.25 else ""
                body = code if rng.random() < 0.2 else name
                table.append([body, _year(year), kind, f"£{value:,}", *ratings, narrative])
                if len(table) == rows:
                    return table
    return table


def header() -> list[str]:
    ratings = [f"{_year(y)} rating" for y in range(FIRST_YEAR, FIRST_YEAR + YEARS)]
    return ["Body", "Year", "Kind", "Cumulative value", *ratings, "Narrative"]


def write_file(folder: Path, rows: int, context: dict) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header())
    writer.writerows(return_rows(rows))
    path = folder / f"returns-{rows}-rows.csv"
    path.write_bytes(buffer.getvalue().encode("cp1252"))
    return path


def run(path: Path, context: dict, dry_run: bool) -> dict:
    from vfmhub.accounts.models import User
    from vfmhub.efficiency.importing import returns_import
    from vfmhub.efficiency.models import EfficiencyProgramme

    result = returns_import(
        acting_user=User.objects.get(pk=context["user"]),
        programme=EfficiencyProgramme.objects.get(pk=context["programme"]),
        content=path.read_bytes(),
        filename=path.name,
        dry_run=dry_run,
    )
    summary = {k: v for k, v in result.summary().items() if k != "errors"}
    return {**summary, "errors": len(result.errors)}
