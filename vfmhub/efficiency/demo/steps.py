"""Generator step: an NI 179 efficiency programme per partnership, shaped like seed 003.

Every partnership gets a programme "… LAA/MAA efficiency target 2008/09–2011/12": baseline year
2007/08, years 2008–2011, yearly targets 3, 3, 3.4 and 3% (added), deadlines (forecast 30 September
of the year, outturn 31 July after it ends), five gain categories, and its members as participants
with baselines (a county's split into fire and non-fire), council tax bases and, for a few, an SR04
carry-forward.

At `demo` scale the home partnership's programme has seed 003's thirteen bodies (a county, two
unitaries, the fire authority, the home district and eight other districts), each with a register
of three to five gains a year; seven return their 2009/10 forecast with seed 003's ratings (2009/10:
6 Amber, 1 Red; 2010/11: 5 Amber, 2 Red; 2011/12: 4 Amber, 1 Red, two without a rating), the home
body's as a second version, and six do not (one has a draft); eleven submit their 2008/09 outturn.
Which of the seven gets which rating follows its register against the target: each year's Red
ratings go to the bodies furthest below it, the unrated 2011/12 ones to the two furthest above.
At `region` and `national` scale every member takes part with about fifty gains a body and year,
and the bodies beyond those thirteen return at random. A few gains are not cash-releasing, a few
were removed for not persisting, and a few 2008 and 2009 gains still await the persistence check.

Rows are written with `create_missing` by natural key, never through the services (no history).
"""

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from vfmhub.demo.generator import DemoContext, create_missing, demo_step
from vfmhub.efficiency.calculations import cumulative_value
from vfmhub.efficiency.demo import content
from vfmhub.efficiency.models import (
    Baseline,
    BaselineKind,
    EfficiencyProgramme,
    EfficiencyReturn,
    Gain,
    GainCategory,
    Participant,
    ReturnDeadline,
    ReturnKind,
    ReturnRating,
    ReturnStatus,
    TargetMethod,
    TaxBase,
    YearTarget,
)
from vfmhub.organisations.models import (
    BodyType,
    Organisation,
    OrganisationMembership,
    OrganisationRole,
    PartnershipMember,
)

SEED_BODIES = 13
SEED = content.SEED_RATINGS
RATING_WORDS = {"R": "Red", "A": "Amber", "G": "Green", None: "no rating"}
DEMO_GAINS = (3, 5)  # per body and year, at demo scale
SCALE_GAINS = (45, 55)  # at region and national scale
NON_CASH_SHARE = 0.05
REMOVED_SHARE = 0.04
UNCHECKED_SHARE = 0.08  # of 2008 and 2009 gains: still due for the persistence check
PROJECT_SHARE = 0.1
CARRY_FORWARD_SHARE = 0.2
RIEP_START = datetime.date(2008, 4, 1)
MILLION = 1_000_000


@dataclass
class Body:
    """One participant as the step plans it: the seed 003 role it plays (if any) and its gains."""

    organisation: Organisation
    baseline: Decimal
    seed_index: int | None = None  # position in seed 003's pattern, for the first thirteen
    gains: list[Gain] = field(default_factory=list)


@demo_step(
    order=500,
    label="Efficiency programmes",
    models=(
        EfficiencyProgramme,
        YearTarget,
        ReturnDeadline,
        Participant,
        Baseline,
        TaxBase,
        GainCategory,
        Gain,
        EfficiencyReturn,
        ReturnRating,
    ),
)
def efficiency_programmes(ctx: DemoContext) -> None:
    rng = ctx.rng("efficiency")
    managers = _managers()
    for number, partnership in enumerate(ctx.partnerships):
        programme = _programme(partnership)
        organisations = _participants(ctx, partnership, seeded=number == 0)
        bodies = [
            Body(o, _baseline(rng, o), n if number == 0 and n < SEED_BODIES else None)
            for n, o in enumerate(organisations)
        ]
        _write_setup(rng, programme, bodies)
        _write_gains(ctx, rng, programme, bodies)
        _write_returns(rng, programme, bodies, managers)


def _programme(partnership) -> EfficiencyProgramme:
    name = f"{partnership.short_name or partnership.name} LAA/MAA efficiency target 2008/09–2011/12"
    wanted = EfficiencyProgramme(
        partnership=partnership,
        name=name,
        baseline_year=content.BASELINE_YEAR,
        first_year=content.FIRST_YEAR,
        last_year=content.LAST_YEAR,
        method=TargetMethod.ADDED,
        description=content.DESCRIPTION,
    )
    create_missing(EfficiencyProgramme, [wanted], ["partnership_id", "name"])
    programme = EfficiencyProgramme.objects.get(partnership=partnership, name=name)
    years = list(programme.years)
    create_missing(
        YearTarget,
        [
            YearTarget(programme=programme, year=y, percent=p)
            for y, p in zip(years, content.PERCENTS, strict=True)
        ],
        ["programme_id", "year"],
    )
    deadlines = [
        ReturnDeadline(programme=programme, year=y, kind=kind, due_on=content.due(y, kind))
        for y in years
        for kind in (ReturnKind.FORECAST, ReturnKind.OUTTURN)
    ]
    create_missing(ReturnDeadline, deadlines, ["programme_id", "year", "kind"])
    categories = [GainCategory(programme=programme, name=name) for name in content.CATEGORIES]
    create_missing(GainCategory, categories, ["programme_id", "name"])
    return programme


def _participants(ctx: DemoContext, partnership, *, seeded: bool) -> list[Organisation]:
    """Members at the start of the programme (police bodies and later unitaries aside), seed
    003's thirteen first in the home partnership; only those thirteen at demo scale."""
    member_ids = set(
        PartnershipMember.objects.filter(
            partnership=partnership, joined__lte=RIEP_START, left__isnull=True
        ).values_list("organisation_id", flat=True)
    )
    members = sorted(
        (
            o
            for o in ctx.organisations.values()
            if o.pk in member_ids
            and o.body_type != BodyType.POLICE
            and (o.active_from is None or o.active_from <= RIEP_START)
        ),
        key=lambda o: o.gss_code or "",
    )
    if not seeded:
        return members
    thirteen = _seed_thirteen(ctx.home, members)
    if ctx.scale.name == "demo":
        return thirteen
    return thirteen + [o for o in members if o not in thirteen]


def _seed_thirteen(home: Organisation, members: list[Organisation]) -> list[Organisation]:
    """In seed 003's order: the seven that return (county, two unitaries, four districts with the
    home body), then the six that do not (the fire authority and five districts)."""

    def of(body_type: str) -> list[Organisation]:
        return [o for o in members if o.body_type == body_type and o.pk != home.pk]

    counties = sorted(of(BodyType.COUNTY), key=lambda o: o.pk != home.parent_id)
    districts = sorted(of(BodyType.DISTRICT), key=lambda o: o.parent_id != home.parent_id)
    chosen = [*counties[:1], *of(BodyType.UNITARY)[:2], home, *districts[:3]]
    return [*chosen, *of(BodyType.FIRE)[:1], *districts[3:8]]


def _baseline(rng: random.Random, organisation: Organisation) -> Decimal:
    low, high = content.BASELINE_MILLIONS.get(organisation.body_type, (20, 60))
    return Decimal(rng.randint(low * 100, high * 100) * 10_000)  # to £10,000


def _write_setup(rng: random.Random, programme: EfficiencyProgramme, bodies: list[Body]) -> None:
    participants, baselines, tax_bases = [], [], []
    for body in bodies:
        organisation = body.organisation
        carry = rng.random() < CARRY_FORWARD_SHARE
        participants.append(
            Participant(
                programme=programme,
                organisation=organisation,
                carry_forward=Decimal(rng.randint(5, 40) * 10_000) if carry else Decimal(0),
                carry_forward_source="SR04 gains above the 7.5% target" if carry else "",
            )
        )
        baselines += _baselines(programme, body)
        tax_bases += _tax_bases(rng, organisation)
    create_missing(Participant, participants, ["programme_id", "organisation_id"])
    create_missing(Baseline, baselines, ["programme_id", "organisation_id", "kind"])
    create_missing(TaxBase, tax_bases, ["organisation_id", "year"])


def _baselines(programme: EfficiencyProgramme, body: Body) -> list[Baseline]:
    """One whole-body baseline; a county's split into its fire service and the rest."""
    common = {
        "programme": programme,
        "organisation": body.organisation,
        "year": content.BASELINE_YEAR,
        "source": content.BASELINE_SOURCE,
    }
    if body.organisation.body_type != BodyType.COUNTY:
        return [Baseline(kind=BaselineKind.TOTAL, amount=body.baseline, **common)]
    fire = (body.baseline * content.FIRE_SHARE).quantize(Decimal(10_000))
    return [
        Baseline(kind=BaselineKind.FIRE, amount=fire, **common),
        Baseline(kind=BaselineKind.NON_FIRE, amount=body.baseline - fire, **common),
    ]


def _tax_bases(rng: random.Random, organisation: Organisation) -> list[TaxBase]:
    span = content.TAX_BASE.get(organisation.body_type)
    if span is None:  # fire and police bodies: no tax base of their own here
        return []
    base = Decimal(rng.randint(*span))
    return [
        TaxBase(
            organisation=organisation,
            year=year,
            band_d_equivalents=(base * Decimal("1.008") ** n).quantize(Decimal("0.01")),
            source=content.TAX_BASE_SOURCE,
        )
        for n, year in enumerate(range(content.FIRST_YEAR, content.LAST_YEAR + 1))
    ]


def _write_gains(ctx: DemoContext, rng, programme: EfficiencyProgramme, bodies) -> None:
    categories = dict(GainCategory.objects.filter(programme=programme).values_list("name", "pk"))
    low, high = DEMO_GAINS if ctx.scale.name == "demo" else SCALE_GAINS
    wanted = []
    for body in bodies:
        for year in programme.years:
            count = rng.randint(low, high)
            # Each year's gains come to about that year's target share of the baseline.
            share = content.PERCENTS[year - programme.first_year] / 100
            pot = body.baseline * share * Decimal(rng.uniform(0.75, 1.2))
            for number in range(count):
                body.gains.append(
                    _gain(rng, programme, body, year, number, pot / count, categories)
                )
        wanted += body.gains
    create_missing(Gain, wanted, ["programme_id", "organisation_id", "description"])


def _gain(rng, programme, body: Body, year: int, number: int, size: Decimal, categories) -> Gain:
    category = rng.choice(list(content.CATEGORIES))
    text = rng.choice(content.CATEGORIES[category]).format(
        thing=rng.choice(content.THINGS),
        service=rng.choice(content.SERVICES),
        building=rng.choice(content.BUILDINGS),
    )
    cash = rng.random() >= NON_CASH_SHARE
    if not cash:
        text = rng.choice(content.NON_CASH)
    gross = (size * Decimal(rng.uniform(0.6, 1.4))).quantize(Decimal(100))
    gain = Gain(
        programme=programme,
        organisation=body.organisation,
        description=f"{year % 100:02d}-{number + 1:02d} {text}",
        category_id=categories.get(category),
        project_label=rng.choice(content.PROJECTS) if rng.random() < PROJECT_SHARE else "",
        first_year=year,
        gross_annual_value=gross,
        investment_cost=(gross * Decimal(rng.randint(0, 12)) / 100).quantize(Decimal(100)),
        ongoing_cost=(gross * Decimal(rng.randint(0, 8)) / 100).quantize(Decimal(100)),
        is_cash_releasing=cash,
        evidence=rng.choice(content.EVIDENCE),
        created_at=_utc(datetime.date(year, rng.randint(4, 12), rng.randint(1, 28))),
    )
    if year + 2 <= programme.last_year:  # 2008 and 2009: the two full years have passed
        _persistence(rng, gain, programme.last_year)
    return gain


def _persistence(rng: random.Random, gain: Gain, last_year: int) -> None:
    """Most are confirmed; a few were removed (from a later year), a few still await the check."""
    draw = rng.random()
    if draw < REMOVED_SHARE:
        gain.removed_from_year = rng.randint(gain.first_year + 1, last_year)
        gain.removed_on = datetime.date(gain.removed_from_year, rng.randint(4, 9), 15)
        gain.removal_reason = rng.choice(content.REMOVAL_REASONS)
    elif draw >= REMOVED_SHARE + UNCHECKED_SHARE:
        gain.persistence_confirmed_on = datetime.date(gain.first_year + 3, 5, rng.randint(1, 28))


def _managers() -> dict[int, int]:
    """Organisation id -> its first manager's user id (who made and submitted the returns)."""
    people: dict[int, int] = {}
    rows = OrganisationMembership.objects.filter(role=OrganisationRole.MANAGER).order_by("pk")
    for organisation_id, user_id in rows.values_list("organisation_id", "user_id"):
        people.setdefault(organisation_id, user_id)
    return people


def _utc(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)), datetime.UTC)


# Returns ---------------------------------------------------------------------------------------


def _write_returns(rng, programme: EfficiencyProgramme, bodies: list[Body], managers) -> None:
    returns: list[EfficiencyReturn] = []
    ratings: list[tuple[EfficiencyReturn, int, str]] = []
    seed_marks = _seed_marks([b for b in bodies if b.seed_index is not None])
    for body in bodies:
        user = managers.get(body.organisation.pk)
        forecast = _forecast_plan(rng, body, seed_marks)
        if forecast is not None:
            status, versions = forecast
            for version, (marks, narrative) in enumerate(versions, start=1):
                made = _return(
                    rng, programme, body, user, ReturnKind.FORECAST, status, version, narrative
                )
                made.is_current = version == len(versions)
                returns.append(made)
                years = range(content.FORECAST_YEAR, content.FORECAST_YEAR + len(marks))
                ratings += [(made, y, m) for y, m in zip(years, marks, strict=True) if m]
        if _outturn_returned(rng, body):
            returns.append(
                _return(rng, programme, body, user, ReturnKind.OUTTURN, ReturnStatus.SUBMITTED)
            )
    key = ["programme_id", "organisation_id", "year", "kind", "version"]
    create_missing(EfficiencyReturn, returns, key)
    stored = {
        (o, y, k, v): pk
        for o, y, k, v, pk in EfficiencyReturn.objects.filter(programme=programme).values_list(
            "organisation_id", "year", "kind", "version", "pk"
        )
    }
    rows = [
        ReturnRating(
            efficiency_return_id=stored[(r.organisation_id, r.year, r.kind, r.version)],
            year=year,
            rating=mark,
        )
        for r, year, mark in ratings
    ]
    create_missing(ReturnRating, rows, ["efficiency_return_id", "year"])


Versions = list[tuple[tuple[str | None, ...], str]]


def _below_target(body: Body, year: int) -> Decimal:
    """How far the body's register is from the cumulative target for `year` (every body has the
    same target as a share of its baseline, so this orders them by position against it)."""
    years = range(content.FIRST_YEAR, year + 1)
    percents = [content.PERCENTS[y - content.FIRST_YEAR] for y in years]
    target = sum((Decimal(p) for p in percents), Decimal(0))
    value = cumulative_value(body.gains, year)
    return target - value * 100 / body.baseline


def _seed_marks(seeded: list[Body]) -> dict[int, tuple[str | None, ...]]:
    """Seed 003's ratings for the seven that return, as many of each a year as seed 003 has, given
    by position: Red to the bodies furthest below target, no rating to those furthest above."""
    returning = [b for b in seeded if b.seed_index is not None and b.seed_index < len(SEED)]
    marks: dict[int, list[str | None]] = {b.seed_index or 0: [] for b in returning}
    for column, year in enumerate(range(content.FORECAST_YEAR, content.FORECAST_YEAR + 3)):
        counts = Counter(row[column] for row in SEED)
        ranked = sorted(returning, key=lambda b: (-_below_target(b, year), b.seed_index))
        unrated = len(ranked) - counts[None]
        for position, body in enumerate(ranked):
            mark = "R" if position < counts["R"] else "A" if position < unrated else None
            marks[body.seed_index or 0].append(mark)
    return {index: tuple(row) for index, row in marks.items()}


def _forecast_plan(
    rng: random.Random, body: Body, seed_marks: dict[int, tuple[str | None, ...]]
) -> tuple[str, Versions] | None:
    """(status, [(ratings for 2009, 2010, 2011, narrative)] per version) or None for no return."""
    index = body.seed_index
    if index is not None:
        if index < len(SEED):
            marks = seed_marks[index]
            narrative = content.NARRATIVES["R" if "R" in marks else "A"]
            versions: Versions = [(marks, narrative)]
            if index == 3:  # the home body resubmitted
                first = (content.FIRST_VERSION_RATINGS, content.NARRATIVES["G"])
                resubmitted = content.RESUBMIT_NARRATIVE.format(rating=RATING_WORDS[marks[0]])
                versions = [first, (marks, resubmitted)]
            return ReturnStatus.SUBMITTED, versions
        if index == len(SEED):  # the first of the six missing has a draft
            return ReturnStatus.DRAFT, [(("A", "A", "R"), content.DRAFT_NARRATIVE)]
        return None
    draw = rng.random()
    if draw >= 0.8:
        return (
            (ReturnStatus.DRAFT, [(("A", "A", "A"), content.DRAFT_NARRATIVE)])
            if draw > 0.9
            else None
        )
    drawn: tuple[str | None, ...] = tuple(
        rng.choices("GAR", weights=(25, 55, 20))[0] for _ in range(3)
    )
    if rng.random() < 0.1:
        drawn = (*drawn[:2], None)
    return ReturnStatus.SUBMITTED, [(drawn, content.NARRATIVES["R" if "R" in drawn else "A"])]


def _outturn_returned(rng: random.Random, body: Body) -> bool:
    """Eleven of seed 003's thirteen (not the fire authority nor the last district); 90% else."""
    if body.seed_index is not None:
        return body.seed_index not in (len(content.SEED_RATINGS), SEED_BODIES - 1)
    return rng.random() < 0.9


def _return(
    rng, programme, body: Body, user, kind, status, version=1, narrative=""
) -> EfficiencyReturn:
    year = content.FORECAST_YEAR if kind == ReturnKind.FORECAST else content.OUTTURN_YEAR
    due = content.due(year, kind)
    late = rng.random() < 0.15
    submitted = due + datetime.timedelta(days=rng.randint(1, 20) if late else -rng.randint(1, 25))
    submitted += datetime.timedelta(days=14 * (version - 1))
    register = cumulative_value(body.gains, year).quantize(Decimal("0.01"))
    reported = None
    if body.seed_index == 1 or (body.seed_index is None and rng.random() < 0.1):
        # A body that also reports its own total, a little different from the register's.
        reported = (register * Decimal(rng.uniform(0.97, 1.05))).quantize(Decimal(1000))
    done = status == ReturnStatus.SUBMITTED
    return EfficiencyReturn(
        programme=programme,
        organisation=body.organisation,
        year=year,
        kind=kind,
        version=version,
        status=status,
        reported_value=reported,
        register_value=register,
        narrative=narrative or ("Outturn from the gains register." if kind == "outturn" else ""),
        created_by_id=user,
        created_at=_utc(submitted - datetime.timedelta(days=3)),
        submitted_by_id=user if done else None,
        submitted_at=_utc(submitted) if done else None,
    )
