"""A risk register's import at any size: the workbook the register's import page offers to
download (a Risks sheet with the template's headings, then a Guidance sheet), filled in as a
partnership keeps it: ratings as the matrix's labels, initials or numbers, inherent and target
ratings for most risks, several lines of mitigating actions, review dates as dates or text, and
some risks closed."""

import datetime
import random
from pathlib import Path

CAUSES = (
    "Reduced grant settlement from central government",
    "Key officers leave the partnership",
    "Member bodies do not share data on time",
    "Supplier market is thin for shared services",
    "Competing priorities in member bodies' corporate plans",
    "Procurement rules differ between member bodies",
    "ICT systems are not compatible between councils",
    "Consultants' costs rise above the budget",
)
EFFECTS = (
    "Savings targets in the LAA are not met",
    "Projects are delayed and lose political support",
    "Reputational damage with the Audit Commission",
    "Funding has to be returned to the department",
    "Member bodies withdraw from the programme",
    "Service users see no improvement",
)
OWNERS = (
    "Programme Director",
    "Head of Finance",
    "Chair of the Member Panel",
    "Advisory Board",
    "Chief Executive, Northmoor CC",
    "Head of Procurement",
    "Project Manager",
)
ACTIONS = (
    "• Report progress to the Member Panel every quarter",
    "• Agree a data-sharing protocol with every member body",
    "• Keep a register of interim staff who can step in",
    "• Review the savings profile with each body's section 151 officer",
    "• Market-test the service before the business case",
    "• Hold a seminar for Members on the programme's aims",
    "• Escalate slippage to the Advisory Board",
)
SUBJECTS = (
    "shared revenues and benefits",
    "joint procurement",
    "the capital programme",
    "workforce planning",
    "data quality",
    "asset rationalisation",
    "the LAA refresh",
    "the efficiency programme",
    "waste collection partnership",
    "customer access",
)
STATUSES = ("", "", "", "Open", "open", "Closed")


def prepare() -> dict:
    from bench.measure import bench_ids
    from vfmhub.accounts.models import User
    from vfmhub.demo.personas import ACCOUNT
    from vfmhub.organisations.models import Partnership
    from vfmhub.programme.services.risks import ensure_default_matrices, register_create

    manager = User.objects.get(email=ACCOUNT["partnership_manager"].email)
    register = register_create(
        acting_user=manager,
        partnership=Partnership.objects.get(pk=bench_ids()["partnership"]),
        name="Benchmark risk register (large)",
        matrix=ensure_default_matrices()["5x5"],
    )
    return {"register": register.pk, "user": manager.pk}


def _rating(rng: random.Random, labels: list[str], value: int) -> object:
    """A rating as a council types it: the label, its first letters, any case, or the number."""
    label = labels[value - 1]
    return rng.choice((label, label.upper(), label.lower(), value, str(value), label[:4]))


def _pair(rng: random.Random, likelihoods: list[str], impacts: list[str]) -> list:
    likelihood, impact = rng.randint(1, 5), rng.randint(1, 5)
    return [_rating(rng, likelihoods, likelihood), _rating(rng, impacts, impact)]


def risk_rows(rows: int, likelihoods: list[str], impacts: list[str], seed: int = 2009):
    """`rows` rows of the Risks sheet, below its headings."""
    rng = random.Random(seed)
    review = datetime.date(2010, 3, 31)
    for number in range(1, rows + 1):
        subject = SUBJECTS[number % len(SUBJECTS)]
        title = f"R{number:06d} {rng.choice(CAUSES).split(' ', 1)[1].capitalize()} ({subject})"
        inherent = _pair(rng, likelihoods, impacts) if rng.random() < 0.8 else ["", ""]
        target = _pair(rng, likelihoods, impacts) if rng.random() < 0.6 else ["", ""]
        actions = "\n".join(rng.sample(ACTIONS, rng.randint(1, 3)))
        day = review + datetime.timedelta(days=rng.randrange(0, 730, 7))
        yield [
            title,
            rng.choice(CAUSES),
            rng.choice(EFFECTS),
            rng.choice(OWNERS),
            *inherent,
            *_pair(rng, likelihoods, impacts),
            *target,
            actions,
            day if rng.random() < 0.7 else f"{day:%d/%m/%Y}",
            rng.choice(STATUSES),
        ]


def write_file(folder: Path, rows: int, context: dict) -> Path:
    """The register's template filled in and saved from Excel (written a row at a time)."""
    from bench.import_kinds.workbook import write_workbook
    from vfmhub.programme.importing.registers.risks import COLUMNS
    from vfmhub.programme.models import RiskRegister

    matrix = RiskRegister.objects.select_related("matrix").get(pk=context["register"]).matrix
    guidance = [
        ["Risks", column.heading, "Yes" if column.required else "", column.hint]
        for column in COLUMNS
    ]
    return write_workbook(
        folder / "risk-register.xlsx",
        [
            (
                "Risks",
                [column.heading for column in COLUMNS],
                risk_rows(rows, matrix.likelihood_labels, matrix.impact_labels),
            ),
            ("Guidance", ["Sheet", "Column", "Needed", "What it holds"], guidance),
        ],
    )


def run(path: Path, context: dict, dry_run: bool) -> dict:
    from bench.import_kinds.workbook import register_summary
    from vfmhub.accounts.models import User
    from vfmhub.programme.importing.registers import risks_import
    from vfmhub.programme.models import RiskRegister

    result = risks_import(
        acting_user=User.objects.get(pk=context["user"]),
        register=RiskRegister.objects.get(pk=context["register"]),
        content=path.read_bytes(),
        filename=path.name,
        dry_run=dry_run,
    )
    return register_summary(result)
