"""One body's gains register at any size, in the columns the gains import reads.

A 100,000-row register is a large county's kept line by line over its own ten-year programme
(2008/09 to 2017/18): every budget line (cost centre) of sixty services with a gain in a year, so
about 10,000 lines a year under eight workstreams and forty projects. Columns as the import and its
fixture take them: Description, Category, First year, Gross value, Investment, Ongoing,
Cash-releasing, Project, Evidence. Two workstreams are new to the programme, so the import adds
them. Saved as Excel saves CSV on Windows (Windows-1252, CRLF).
"""

import csv
import io
import random
from pathlib import Path

FIRST_YEAR = 2008
YEARS = 10
HEADER = [
    "Description",
    "Category",
    "First year",
    "Gross value",
    "Investment",
    "Ongoing",
    "Cash-releasing",
    "Project",
    "Evidence",
]
KNOWN_CATEGORIES = (
    "Procurement",
    "Shared services",
    "Workforce and restructuring",
    "Assets and accommodation",
    "Process improvement and ICT",
    "Income and charging",
)
NEW_CATEGORIES = ("Demand management", "Energy and carbon")
VERBS = {
    "Procurement": "Re-let contracts",
    "Shared services": "Shared service",
    "Workforce and restructuring": "Restructure",
    "Assets and accommodation": "Accommodation savings",
    "Process improvement and ICT": "Lean review",
    "Income and charging": "Review of fees and charges",
    "Demand management": "Early intervention",
    "Energy and carbon": "Energy savings",
}
SERVICES = [
    f"{area} {part}"
    for area in (
        "Adult social care",
        "Children's services",
        "Highways",
        "Waste",
        "Libraries",
        "Trading standards",
        "Property",
        "Finance",
        "Human resources",
        "ICT",
        "Legal",
        "Transport",
    )
    for part in ("north", "south", "east", "west", "central")
]
EVIDENCE = ("Cabinet report", "Budget monitoring", "Contract award", "Outturn report", "")
PROGRAMME = "County efficiency programme 2008/09–2017/18 (benchmark)"


def prepare() -> dict:
    """The home body's own ten-year programme, with the body taking part."""
    from bench.measure import bench_ids
    from vfmhub.accounts.models import User
    from vfmhub.demo.personas import ACCOUNT
    from vfmhub.efficiency.models import (
        EfficiencyProgramme,
        GainCategory,
        Participant,
        TargetMethod,
    )

    organisation = bench_ids()["organisation"]
    programme = EfficiencyProgramme.objects.create(
        organisation_id=organisation,
        name=PROGRAMME,
        baseline_year=FIRST_YEAR - 1,
        first_year=FIRST_YEAR,
        last_year=FIRST_YEAR + YEARS - 1,
        method=TargetMethod.ADDED,
    )
    Participant.objects.create(programme=programme, organisation_id=organisation)
    GainCategory.objects.bulk_create(
        GainCategory(programme=programme, name=name) for name in KNOWN_CATEGORIES
    )
    manager = User.objects.get(email=ACCOUNT["manager"].email)
    return {"programme": programme.pk, "organisation": organisation, "user": manager.pk}


def _money(rng: random.Random, low: int, high: int) -> str:
    amount = rng.randint(low, high) * 500
    return rng.choice((f"£{amount:,}", f"{amount:,}", str(amount)))


def gain_rows(rows: int, seed: int = 2008) -> list[list[str]]:
    """`rows` gains, year by year, each a budget line of a service under one workstream."""
    rng = random.Random(seed)
    categories = KNOWN_CATEGORIES + NEW_CATEGORIES
    projects = [f"Programme {n}: {rng.choice(SERVICES)}" for n in range(1, 41)]
    per_year = -(-rows // YEARS)
    table = []
    for number in range(rows):
        year = FIRST_YEAR + number // per_year
        service = SERVICES[number % len(SERVICES)]
        category = categories[(number // len(SERVICES)) % len(categories)]
        line = f"{number % per_year:05d}"
        cash = rng.random() < 0.85
        table.append(
            [
                f"{VERBS[category]}: {service}, cost centre {line}",
                category,
                rng.choice((f"{year}/{(year + 1) % 100:02d}", str(year))),
                _money(rng, 2, 400),
                _money(rng, 0, 40) if rng.random() < 0.3 else "",
                _money(rng, 0, 20) if rng.random() < 0.2 else "0",
                rng.choice(("yes", "Yes", "y")) if cash else rng.choice(("no", "No")),
                rng.choice(projects) if rng.random() < 0.4 else "",
                f"{rng.choice(EVIDENCE)} {year}".strip() if rng.random() < 0.5 else "",
            ]
        )
    return table


def write_file(folder: Path, rows: int, context: dict) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(gain_rows(rows))
    path = folder / f"gains-{rows}-rows.csv"
    path.write_bytes(buffer.getvalue().encode("cp1252"))
    return path


def run(path: Path, context: dict, dry_run: bool) -> dict:
    from vfmhub.accounts.models import User
    from vfmhub.efficiency.importing import gains_import
    from vfmhub.efficiency.models import EfficiencyProgramme
    from vfmhub.organisations.models import Organisation

    result = gains_import(
        acting_user=User.objects.get(pk=context["user"]),
        programme=EfficiencyProgramme.objects.get(pk=context["programme"]),
        organisation=Organisation.objects.get(pk=context["organisation"]),
        content=path.read_bytes(),
        filename=path.name,
        dry_run=dry_run,
    )
    summary = {k: v for k, v in result.summary().items() if k != "errors"}
    return {**summary, "errors": len(result.errors)}
