"""Who may be struggling (seed 001: the partnership "works closely with partners to identify
which authorities are, or likely to be, struggling"): each current member's signals side by side,
each with its figure, its comparison and a plain rule saying when it is of concern. Members are
sorted by how many signals are of concern; there is deliberately no composite score: the signals
measure different things and a weighted sum would hide which one matters.

Only what the partnership may see of its members is read, whoever the reader:

- scores: auditors' final overall scores the partnership may see (`partnership_assessments`:
  final and past any embargo); the class median is of published scores on the platform (as
  `partnership_scores`), never of unpublished ones;
- NI 179: the rating on the member's latest *submitted* return to the partnership's efficiency
  programmes (drafts are the body's own);
- indicators: the member's scorecard as anyone outside the body sees it (values approved for
  publication only) at the last quarter ended;
- financial resilience: revenue outturn, public reference data, as its files gave it.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max, Q

from vfmhub.assessments.access import partnership_assessments
from vfmhub.assessments.models import Assessment, AssessmentKind, RolledUpScore, ScoreStage
from vfmhub.benchmarking.calculations.distribution import distribution, median
from vfmhub.benchmarking.models import AreaClass, ReferenceArea, ReferenceValue, area_class_of
from vfmhub.benchmarking.selectors.groups import CLASS_PLURALS
from vfmhub.benchmarking.selectors.partnership_scores import class_of_body_type, published_filter
from vfmhub.benchmarking.selectors.red_indicators import red_and_worsening_counts
from vfmhub.efficiency.models import Rating, ReturnRating, ReturnStatus
from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.models import Organisation, Partnership, PartnershipMember

SCORE, NI179, INDICATORS, RESERVES, COUNCIL_TAX = (
    "score",
    "ni179",
    "indicators",
    "reserves",
    "council_tax",
)
LABELS = {
    SCORE: "Use of Resources / VFM score",
    NI179: "NI 179 rating",
    INDICATORS: "Indicators red and worsening",
    RESERVES: "Reserves against net spend",
    COUNCIL_TAX: "Council tax dependency",
}
LOW_SCORE = 2
RED_AND_WORSENING = 3
RESERVES_FALL = Decimal("-0.25")
RULES = {
    SCORE: (
        f"Of concern when the latest auditor's overall score is {LOW_SCORE} or lower, or lower "
        "than the score the year before."
    ),
    NI179: "Of concern when the latest submitted NI 179 return rates the year's forecast Red.",
    INDICATORS: (
        f"Of concern when {RED_AND_WORSENING} or more published indicators are red (the worst band "
        "of their rule) and worse than the period before, at the last quarter ended."
    ),
    RESERVES: (
        "Unallocated and other earmarked reserves at 31 March against net revenue expenditure "
        "(net current expenditure where there is none). Of concern when in the lowest quarter of "
        "the body's class (below the lower quartile), or when it fell by more than a quarter "
        "from the year before."
    ),
    COUNCIL_TAX: (
        "Council tax requirement against net revenue expenditure. Of concern when in the highest "
        "quarter of the body's class (above the upper quartile)."
    ),
}
MEASURES = {
    "unallocated": "outturn.reserves_unallocated_end",
    "earmarked": "outturn.reserves_earmarked_end",
    "net_revenue": "outturn.net_revenue",
    "net_current": "outturn.net_current",
    "council_tax": "outturn.council_tax_requirement",
}
PLACES = Decimal("0.1")


@dataclass(frozen=True)
class Signal:
    key: str
    figure: str
    comparison: str
    concern: bool | None
    """True: of concern by its rule; False: not; None: no figure to judge."""

    @property
    def label(self) -> str:
        return LABELS[self.key]

    @property
    def rule(self) -> str:
        return RULES[self.key]

    @property
    def verdict(self) -> str:
        return {True: "Of concern", False: "Not of concern", None: "No figure"}[self.concern]


@dataclass(frozen=True)
class MemberSignals:
    organisation: Organisation
    class_label: str
    signals: list[Signal]

    @property
    def concerns(self) -> int:
        return sum(1 for s in self.signals if s.concern)

    @property
    def judged(self) -> int:
        return sum(1 for s in self.signals if s.concern is not None)


@dataclass(frozen=True)
class Struggling:
    members: list[MemberSignals]
    outturn_year: int | None
    quarter: tuple[int, int]

    @property
    def outturn_label(self) -> str:
        return financial_year_label(self.outturn_year) if self.outturn_year else ""

    @property
    def quarter_label(self) -> str:
        year, quarter = self.quarter
        return f"Q{quarter} {financial_year_label(year)}"


def last_quarter_ended(today: datetime.date) -> tuple[int, int]:
    """The financial year and quarter (1: April to June) last ended before `today`."""
    year = today.year if today.month >= 4 else today.year - 1
    current = (today.month - 4) % 12 // 3 + 1
    return (year, current - 1) if current > 1 else (year - 1, 4)


def current_members(partnership: Partnership, today: datetime.date) -> list[Organisation]:
    rows = (
        PartnershipMember.objects.filter(partnership=partnership, joined__lte=today)
        .filter(Q(left__isnull=True) | Q(left__gte=today))
        .select_related("organisation")
        .order_by("organisation__name", "organisation_id")
    )
    found: dict[int, Organisation] = {}
    for row in rows:
        found.setdefault(row.organisation_id, row.organisation)
    return list(found.values())


# -- scores -----------------------------------------------------------------------------------


def _published_scores(
    wanted: set[tuple[int, int]], today: datetime.date
) -> dict[tuple[int, int, str], list[Decimal]]:
    """The platform's published final overall scores by (year, version, class), for the years
    and versions wanted (one query; none when nothing is wanted)."""
    public: dict[tuple[int, int, str], list[Decimal]] = defaultdict(list)
    if not wanted:
        return public
    condition = Q(pk__in=[])
    for year, version_id in wanted:
        condition |= Q(year=year, version_id=version_id)
    public_assessments = Assessment.objects.filter(published_filter(today)).filter(condition)
    for year, version_id, body_type, value in RolledUpScore.objects.filter(
        assessment__in=public_assessments,
        stage=ScoreStage.FINAL,
        theme__isnull=True,
        value__isnull=False,
    ).values_list(
        "assessment__year",
        "assessment__version_id",
        "assessment__organisation__body_type",
        "value",
    ):
        if value is not None:
            public[(year, version_id, class_of_body_type(body_type))].append(Decimal(value))
    return public


def _score_signals(
    partnership: Partnership, members: list[Organisation], today: datetime.date
) -> dict[int, Signal]:
    """Two queries: the members' visible final overall scores, the platform's published ones."""
    visible = partnership_assessments(partnership, today).filter(
        kind=AssessmentKind.AUDITOR, organisation_id__in=[m.pk for m in members]
    )
    history: dict[int, list[tuple[int, int, str, int]]] = defaultdict(list)
    for org_id, year, version_id, version_name, value in (
        RolledUpScore.objects.filter(
            assessment__in=visible, stage=ScoreStage.FINAL, theme__isnull=True, value__isnull=False
        )
        .order_by("assessment__year")
        .values_list(
            "assessment__organisation_id",
            "assessment__year",
            "assessment__version_id",
            "assessment__version__name",
            "value",
        )
    ):
        if value is not None:
            history[org_id].append((year, version_id, version_name, value))
    latest = {org_id: rows[-1] for org_id, rows in history.items()}
    wanted = {(year, version_id) for year, version_id, _, _ in latest.values()}
    public = _published_scores(wanted, today)
    signals = {}
    for member in members:
        rows = history.get(member.pk)
        if not rows:
            signals[member.pk] = Signal(SCORE, "No final score the partnership may see", "", None)
            continue
        year, version_id, version_name, value = rows[-1]
        before = rows[-2][3] if len(rows) > 1 else None
        figure = f"{value} ({version_name}, {financial_year_label(year)})"
        if before is not None:
            figure += f"; {before} the time before"
        group = public.get((year, version_id, class_of_body_type(member.body_type)), [])
        comparison = (
            f"Class median {_plain(median(group))} of {len(group)} published scores"
            if group
            else "No published scores of its class for that year"
        )
        concern = value <= LOW_SCORE or (before is not None and value < before)
        signals[member.pk] = Signal(SCORE, figure, comparison, concern)
    return signals


# -- NI 179 -----------------------------------------------------------------------------------


def _ni179_signals(partnership: Partnership, members: list[Organisation]) -> dict[int, Signal]:
    """One query: the ratings on members' current submitted returns to the partnership's
    programmes; the latest return's rating for its own year (else its first)."""
    rows = (
        ReturnRating.objects.filter(
            efficiency_return__programme__partnership=partnership,
            efficiency_return__status=ReturnStatus.SUBMITTED,
            efficiency_return__is_current=True,
            efficiency_return__organisation_id__in=[m.pk for m in members],
        )
        .order_by("efficiency_return__year", "efficiency_return__submitted_at", "year")
        .values_list(
            "efficiency_return__organisation_id",
            "efficiency_return_id",
            "efficiency_return__year",
            "year",
            "rating",
        )
    )
    returns: dict[int, tuple[int, int, dict[int, str]]] = {}
    for org_id, return_id, return_year, year, rating in rows:
        current = returns.get(org_id)
        if current is None or current[0] != return_id:
            current = (return_id, return_year, {})
            returns[org_id] = current
        current[2][year] = rating
    latest: dict[int, tuple[int, str]] = {}
    for org_id, (_, return_year, ratings) in returns.items():
        year = return_year if return_year in ratings else min(ratings)
        latest[org_id] = (year, ratings[year])
    reds = sum(1 for _, rating in latest.values() if rating == Rating.RED)
    comparison = f"Red for {reds} of the {len(latest)} members with a submitted return"
    signals = {}
    for member in members:
        if member.pk not in latest:
            signals[member.pk] = Signal(NI179, "No submitted return", "", None)
            continue
        year, rating = latest[member.pk]
        figure = f"{Rating(rating).label} for {financial_year_label(year)}"
        signals[member.pk] = Signal(NI179, figure, comparison, rating == Rating.RED)
    return signals


# -- indicators -------------------------------------------------------------------------------


def _indicator_signals(members: list[Organisation], quarter: tuple[int, int]) -> dict[int, Signal]:
    counts = red_and_worsening_counts(members, *quarter)
    middle = median([Decimal(n) for n in counts.values()]) if counts else Decimal(0)
    comparison = f"Members' median {_plain(middle)}"
    return {
        pk: Signal(INDICATORS, str(n), comparison, n >= RED_AND_WORSENING)
        for pk, n in counts.items()
    }


# -- financial resilience ---------------------------------------------------------------------


def outturn_year() -> int | None:
    """The latest year with net revenue expenditure loaded (one query)."""
    return ReferenceValue.objects.filter(measure__code=MEASURES["net_revenue"]).aggregate(
        latest=Max("year")
    )["latest"]


Figures = dict[tuple[str, str, int], Decimal]


def _figures(year: int) -> Figures:
    found: Figures = {}
    for code, gss, y, value in ReferenceValue.objects.filter(
        measure__code__in=MEASURES.values(), year__in=[year, year - 1]
    ).values_list("measure__code", "gss_code", "year", "value"):
        found[(code, gss, y)] = value
    return found


def _denominator(figures: Figures, gss: str, year: int) -> Decimal | None:
    for key in ("net_revenue", "net_current"):
        value = figures.get((MEASURES[key], gss, year))
        if value is not None and value > 0:
            return value
    return None


def reserves_ratio(figures: Figures, gss: str, year: int) -> Decimal | None:
    parts = [figures.get((MEASURES[k], gss, year)) for k in ("unallocated", "earmarked")]
    spend = _denominator(figures, gss, year)
    if spend is None or all(p is None for p in parts):
        return None
    return sum((p for p in parts if p is not None), Decimal(0)) / spend


def council_tax_dependency(figures: Figures, gss: str, year: int) -> Decimal | None:
    tax = figures.get((MEASURES["council_tax"], gss, year))
    spend = figures.get((MEASURES["net_revenue"], gss, year))
    if tax is None or spend is None or spend <= 0:
        return None
    return tax / spend


def _percent(ratio: Decimal) -> str:
    return f"{(ratio * 100).quantize(PLACES, ROUND_HALF_UP)}%"


def _plain(value: Decimal) -> str:
    return f"{value.quantize(PLACES, ROUND_HALF_UP).normalize():f}"


def _class_values(
    ratio: Callable[[Figures, str, int], Decimal | None],
    figures: Figures,
    codes: Iterable[str],
    year: int,
) -> list[Decimal]:
    return [v for v in (ratio(figures, code, year) for code in codes) if v is not None]


def _resilience_signals(
    members: list[Organisation], year: int | None
) -> tuple[dict[int, Signal], dict[int, Signal]]:
    """Two queries: the outturn figures of `year` and the year before, and the area classes."""
    reserves, tax = {}, {}
    figures = _figures(year) if year is not None else {}
    classes: dict[str, list[str]] = defaultdict(list)
    if figures:
        for gss, area_class in ReferenceArea.objects.filter(
            gss_code__in={gss for _, gss, _ in figures}
        ).values_list("gss_code", "area_class"):
            classes[area_class].append(gss)
    area_class_by_code = {code: c for c, codes in classes.items() for code in codes}
    for member in members:
        gss = member.gss_code or ""
        if not gss or year is None:
            why = "No GSS code" if not gss else "No revenue outturn loaded"
            reserves[member.pk] = Signal(RESERVES, why, "", None)
            tax[member.pk] = Signal(COUNCIL_TAX, why, "", None)
            continue
        area_class = area_class_by_code.get(gss, area_class_of(gss))
        peers = [code for code in classes.get(area_class, []) if code != gss]
        plural = CLASS_PLURALS.get(area_class, "other areas")
        reserves[member.pk] = _reserves_signal(figures, gss, year, peers, plural)
        tax[member.pk] = _tax_signal(figures, gss, year, peers, plural)
    return reserves, tax


def _reserves_signal(
    figures: Figures, gss: str, year: int, peers: list[str], plural: str
) -> Signal:
    value = reserves_ratio(figures, gss, year)
    if value is None:
        return Signal(RESERVES, f"No figures for {financial_year_label(year)}", "", None)
    before = reserves_ratio(figures, gss, year - 1)
    group = distribution(_class_values(reserves_ratio, figures, peers, year), value)
    figure = f"{_percent(value)} ({financial_year_label(year)})"
    fell = False
    if before is not None:
        figure += f"; {_percent(before)} the year before"
        fell = before > 0 and (value - before) / before < RESERVES_FALL
    low = group is not None and group.n > 1 and value < group.lower_quartile
    comparison = (
        f"{plural.capitalize()}: median {_percent(group.median)}, lower quartile "
        f"{_percent(group.lower_quartile)}, percentile {_plain(group.percentile)} "
        f"({group.n} bodies)"
        if group is not None and group.n > 1 and group.percentile is not None
        else f"No other {plural} with figures"
    )
    return Signal(RESERVES, figure, comparison, low or fell)


def _tax_signal(figures: Figures, gss: str, year: int, peers: list[str], plural: str) -> Signal:
    value = council_tax_dependency(figures, gss, year)
    if value is None:
        return Signal(COUNCIL_TAX, f"No figures for {financial_year_label(year)}", "", None)
    group = distribution(_class_values(council_tax_dependency, figures, peers, year), value)
    high = group is not None and group.n > 1 and value > group.upper_quartile
    comparison = (
        f"{plural.capitalize()}: median {_percent(group.median)}, upper quartile "
        f"{_percent(group.upper_quartile)}, percentile {_plain(group.percentile)} "
        f"({group.n} bodies)"
        if group is not None and group.n > 1 and group.percentile is not None
        else f"No other {plural} with figures"
    )
    return Signal(
        COUNCIL_TAX, f"{_percent(value)} ({financial_year_label(year)})", comparison, high
    )


# -- together ---------------------------------------------------------------------------------


def struggling(partnership: Partnership, *, today: datetime.date) -> Struggling:
    """Every current member's signals, most concerns first (then by name). Queries: members 1,
    scores 2, NI 179 1, indicators 4 (`red_and_worsening_counts`), outturn year 1, outturn
    figures and classes 2: eleven, whatever the number of members."""
    members = current_members(partnership, today)
    quarter = last_quarter_ended(today)
    scores = _score_signals(partnership, members, today)
    ni179 = _ni179_signals(partnership, members)
    indicators = _indicator_signals(members, quarter)
    year = outturn_year()
    reserves, tax = _resilience_signals(members, year)
    found = [
        MemberSignals(
            organisation=m,
            class_label=AreaClass(area_class_of(m.gss_code)).label
            if m.gss_code
            else m.get_body_type_display(),
            signals=[scores[m.pk], ni179[m.pk], indicators[m.pk], reserves[m.pk], tax[m.pk]],
        )
        for m in members
    ]
    found.sort(key=lambda m: (-m.concerns, m.organisation.name.casefold(), m.organisation.pk))
    return Struggling(members=found, outturn_year=year, quarter=quarter)


def struggling_table(result: Struggling) -> tuple[list[str], list[list]]:
    headers = ["Member", "Signals of concern", "Signals with a figure"]
    for key in (SCORE, NI179, INDICATORS, RESERVES, COUNCIL_TAX):
        headers += [LABELS[key], f"{LABELS[key]}: compared with", f"{LABELS[key]}: verdict"]
    rows = []
    for member in result.members:
        row: list = [member.organisation.name, member.concerns, member.judged]
        for signal in member.signals:
            row += [signal.figure, signal.comparison, signal.verdict]
        rows.append(row)
    return headers, rows
