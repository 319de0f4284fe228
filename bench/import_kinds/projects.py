"""A partnership's projects import at any size: the workbook the projects import page offers to
download (Projects, Milestones, Member bodies and Guidance sheets), filled in as a partnership
keeps it: bodies by name, short name or GSS code, partners separated by "; " or on lines of their
own, kinds and stages in any case, savings as "£120,000" or plain numbers (some blank), and a
milestone or two for one project in ten."""

import datetime
import random
from pathlib import Path

SERVICES = (
    "Revenues and benefits",
    "Legal",
    "Fleet",
    "Building control",
    "Land charges",
    "Payroll",
    "Internal audit",
    "Winter maintenance",
    "Passenger transport",
    "Procurement",
    "ICT service desk",
    "Trading standards",
)
KINDS = ("Shared service", "shared service", "Efficiency", "efficiency", "")
STAGES = ("Idea", "Feasibility", "Business case", "business case", "Implementation", "Live", "")
DESCRIPTIONS = (
    "Shared between the county and the districts.",
    "Funded from the LAA reward grant.",
    "A joint team hosted by the lead body.\nGoverned by the Advisory Board.",
    "",
)
MILESTONES = (
    "Options appraisal",
    "Business case to Advisory Board",
    "Staff consultation",
    "Contract let",
    "Service live",
)
MILESTONE_STATUSES = ("", "Not started", "In progress", "Done", "done", "Missed")


def prepare() -> dict:
    from bench.measure import bench_ids
    from vfmhub.accounts.models import User
    from vfmhub.demo.personas import ACCOUNT
    from vfmhub.organisations.models import Partnership
    from vfmhub.programme.models import Project

    manager = User.objects.get(email=ACCOUNT["partnership_manager"].email)
    partnership = Partnership.objects.get(pk=bench_ids()["partnership"])
    # Numbered after the projects already there, so a second run in the same database adds anew.
    start = Project.objects.filter(partnership=partnership).count()
    return {"partnership": partnership.pk, "user": manager.pk, "start": start}


def _names(body) -> list[str]:
    return [n for n in (body.name, body.short_name, body.gss_code) if n]


def _body(rng: random.Random, bodies: list) -> str:
    return rng.choice(_names(rng.choice(bodies)))


def _partners(rng: random.Random, bodies: list, lead) -> str:
    chosen = rng.sample([b for b in bodies if b != lead], min(len(bodies) - 1, rng.randint(0, 2)))
    return rng.choice(("; ", "\n")).join(rng.choice(_names(b)) for b in chosen)


def _savings(rng: random.Random) -> object:
    if rng.random() < 0.15:
        return ""
    amount = rng.randrange(5_000, 500_000, 1_000)
    return rng.choice((f"£{amount:,}", amount, str(amount)))


def project_rows(rows: int, bodies: list, start: int, seed: int = 2010):
    rng = random.Random(seed)
    for number in range(start + 1, start + rows + 1):
        lead = rng.choice(bodies)
        yield [
            f"{SERVICES[number % len(SERVICES)]} {number:06d}",
            rng.choice(KINDS),
            rng.choice(_names(lead)),
            _partners(rng, bodies, lead),
            rng.choice(STAGES),
            _savings(rng),
            rng.choice(DESCRIPTIONS),
        ]


def milestone_rows(rows: int, start: int, seed: int = 2011):
    """One or two milestones for every tenth project: about `rows` // 10 rows."""
    rng = random.Random(seed)
    due = datetime.date(2010, 3, 31)
    for number in range(start + 1, start + rows + 1, 10):
        name = f"{SERVICES[number % len(SERVICES)]} {number:06d}"
        for title in rng.sample(MILESTONES, rng.randint(1, 2)):
            day = due + datetime.timedelta(days=rng.randrange(0, 1000, 7))
            yield [
                name,
                title,
                day if rng.random() < 0.7 else f"{day:%d/%m/%Y}",
                rng.choice(MILESTONE_STATUSES),
            ]


def write_file(folder: Path, rows: int, context: dict) -> Path:
    """The partnership's template filled in and saved from Excel (written a row at a time)."""
    from bench.import_kinds.workbook import write_workbook
    from vfmhub.organisations.models import Partnership
    from vfmhub.programme.importing.registers import milestones, projects
    from vfmhub.programme.selectors.projects import member_organisations

    partnership = Partnership.objects.get(pk=context["partnership"])
    bodies = list(member_organisations(partnership))
    guidance = [
        [title, column.heading, "Yes" if column.required else "", column.hint]
        for title, columns in (("Projects", projects.COLUMNS), ("Milestones", milestones.COLUMNS))
        for column in columns
    ]
    return write_workbook(
        folder / "projects.xlsx",
        [
            (
                "Projects",
                [c.heading for c in projects.COLUMNS],
                project_rows(rows, bodies, context["start"]),
            ),
            (
                milestones.MILESTONES_SHEET,
                [c.heading for c in milestones.COLUMNS],
                milestone_rows(rows, context["start"]),
            ),
            (
                "Member bodies",
                ["Member body", "GSS code"],
                [[body.name, body.gss_code or ""] for body in bodies],
            ),
            ("Guidance", ["Sheet", "Column", "Needed", "What it holds"], guidance),
        ],
    )


def run(path: Path, context: dict, dry_run: bool) -> dict:
    from bench.import_kinds.workbook import register_summary
    from vfmhub.accounts.models import User
    from vfmhub.organisations.models import Partnership
    from vfmhub.programme.importing.registers import projects_import

    result = projects_import(
        acting_user=User.objects.get(pk=context["user"]),
        partnership=Partnership.objects.get(pk=context["partnership"]),
        content=path.read_bytes(),
        filename=path.name,
        dry_run=dry_run,
    )
    return register_summary(result)
