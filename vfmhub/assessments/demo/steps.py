"""Generator steps: Use of Resources assessments of the partnerships' member bodies, and targets.

For every member body and every year of the shipped Use of Resources versions (2005–07 on the
2005–08 CPA version, 2008 and 2009 on the CAA versions): a self-assessment (submitted; in the
latest year some still draft) and an auditor assessment (provisional, then final and published on
9 December the year after), with gaps (a body that skipped a year), scores mostly 2–3 with the
auditor at or a level below the body's own view, theme and overall scores rolled up by the
version's rule, and a few findings. The demo partnership gets three score targets.

Rows are planned in memory and written with `create_missing`, never through the services: the
services audit every write, and generated data records no history (docs/demo-and-scale.md).
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from vfmhub.assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Finding,
    RolledUpScore,
    Score,
    ScoreStage,
    ScoreTarget,
    TargetKind,
)
from vfmhub.demo.generator import DemoContext, create_missing, demo_step
from vfmhub.frameworks import rollup
from vfmhub.frameworks.models import (
    Criterion,
    FindingType,
    FrameworkVersion,
    RollupScope,
    Theme,
    VersionStatus,
)
from vfmhub.frameworks.selectors import applicable_criteria
from vfmhub.organisations.models import (
    AuditorAssignment,
    Organisation,
    OrganisationMembership,
    OrganisationRole,
    PartnershipMember,
)

FRAMEWORK_CODES = ("use-of-resources-2005", "use-of-resources")
NO_FRAMEWORKS = (
    "No Use of Resources framework is loaded: skipping assessments "
    "(run `vfmhub load-frameworks` first, then `vfmhub generate` again)."
)
ASSESSMENT_KEY = ["organisation_id", "version_id", "year", "kind"]
MISSING_SELF, MISSING_AUDITOR = 0.07, 0.04  # a body that skipped a year
STILL_DRAFT, STILL_PROVISIONAL, NOT_YET_PUBLISHED = 0.15, 0.10, 0.05  # the latest year only
SELF_OPTIMISM, AUDITOR_LOWER, FINAL_CHANGED, FINDING_RATE = 0.25, 0.3, 0.08, 0.35

NARRATIVE = {
    1: "Arrangements for {topic} are not yet adequate; key elements are missing.",
    2: "Arrangements for {topic} meet the minimum requirements and are consistently applied.",
    3: "Arrangements for {topic} are embedded, and outcomes are improving across services.",
    4: "Arrangements for {topic} are excellent and recognised as notable practice by peers.",
}
STRENGTHS = (
    "Clear ownership at cabinet and corporate management team level.",
    "Good use of benchmarking with comparable authorities.",
    "Members receive timely, accessible reports.",
    "Partnership working is well established.",
)
IMPROVEMENTS = (
    "Link the medium-term plan more closely to service outcomes.",
    "Evidence the impact of actions, not only the activity.",
    "Extend scrutiny of value for money to partnership spending.",
    "Make more use of user feedback in setting priorities.",
)


@dataclass
class VersionPlan:
    """One version with what every assessment under it needs, read once."""

    version: FrameworkVersion
    themes: list[Theme]
    criteria_by_type: dict[str, list[Criterion]]
    theme_rule: rollup.RuleSpec | None
    overall_rule: rollup.RuleSpec | None
    finding_type: FindingType | None

    def criteria(self, body_type: str) -> list[Criterion]:
        if body_type not in self.criteria_by_type:
            self.criteria_by_type[body_type] = list(applicable_criteria(self.version, body_type))
        return self.criteria_by_type[body_type]


@dataclass(frozen=True)
class Setting:
    """What every body's plan draws on: who scores, the latest year, the home body."""

    rng: random.Random
    home_id: int
    latest_year: int
    people: dict[int, int]  # organisation id -> the user who scores its self-assessment
    auditors: dict[int, list[tuple[int, int | None, int]]]


@dataclass
class Planned:
    """An assessment to create, with its criterion values at each stage."""

    assessment: Assessment
    plan: VersionPlan
    values: dict[str, dict[int, int | None]] = field(default_factory=dict)  # stage -> criterion
    user_id: int | None = None


def uor_versions() -> list[VersionPlan]:
    versions = FrameworkVersion.objects.filter(
        framework__code__in=FRAMEWORK_CODES, status=VersionStatus.PUBLISHED
    ).order_by("first_year", "code")
    return [_version_plan(v) for v in versions]


def _version_plan(version: FrameworkVersion) -> VersionPlan:
    rules = {r.scope: r.as_spec() for r in version.rollup_rules.prefetch_related("rows")}
    return VersionPlan(
        version=version,
        themes=list(version.themes.order_by("order", "code")),
        criteria_by_type={},
        theme_rule=rules.get(RollupScope.THEME),
        overall_rule=rules.get(RollupScope.OVERALL),
        finding_type=version.finding_types.order_by("order", "pk").first(),
    )


def version_years(version: FrameworkVersion) -> range:
    return range(version.first_year, (version.last_year or version.first_year) + 1)


@demo_step(
    order=300,
    label="Assessments",
    models=(Assessment, Score, RolledUpScore, Finding),
)
def assessments(ctx: DemoContext) -> None:
    plans = uor_versions()
    if not plans:
        print(NO_FRAMEWORKS)
        return
    bodies = member_bodies(ctx)
    setting = Setting(
        rng=ctx.rng("assessments"),
        home_id=ctx.home.pk,
        latest_year=max(year for plan in plans for year in version_years(plan.version)),
        people=_body_people(bodies),
        auditors=_auditors(bodies),
    )
    planned: list[Planned] = []
    for body in bodies:
        strength = setting.rng.gauss(2.6, 0.35)
        for plan in plans:
            for year in version_years(plan.version):
                if _exists_in(body, year):
                    planned += _plan_body_year(setting, body, plan, year, strength)
    _write(planned, setting.rng)


def member_bodies(ctx: DemoContext) -> list[Organisation]:
    """The generated bodies that belong (or belonged) to a partnership, in a stable order."""
    ids = set(
        PartnershipMember.objects.filter(partnership__in=ctx.partnerships).values_list(
            "organisation_id", flat=True
        )
    )
    return sorted(
        (o for o in ctx.organisations.values() if o.pk in ids), key=lambda o: o.gss_code or ""
    )


def _exists_in(body: Organisation, year: int) -> bool:
    """A body formed on 1 April 2009 has nothing to assess for 2008/09 or before."""
    return body.active_from is None or body.active_from <= datetime.date(year + 1, 3, 31)


def _body_people(bodies: list[Organisation]) -> dict[int, int]:
    """Each body's scorer: its editor if it has one, else its manager."""
    rank: dict[str, int] = {
        OrganisationRole.EDITOR: 0,
        OrganisationRole.MANAGER: 1,
        OrganisationRole.VIEWER: 2,
    }
    found: dict[int, tuple[int, int]] = {}
    rows = OrganisationMembership.objects.filter(organisation__in=bodies).order_by("pk")
    for organisation_id, role, user_id in rows.values_list("organisation_id", "role", "user_id"):
        best = found.get(organisation_id)
        if best is None or rank[role] < best[0]:
            found[organisation_id] = (rank[role], user_id)
    return {organisation_id: user_id for organisation_id, (_, user_id) in found.items()}


def _auditors(bodies: list[Organisation]) -> dict[int, list[tuple[int, int | None, int]]]:
    found: dict[int, list[tuple[int, int | None, int]]] = defaultdict(list)
    rows = AuditorAssignment.objects.filter(organisation__in=bodies).order_by("first_year", "pk")
    for organisation_id, first, last, user_id in rows.values_list(
        "organisation_id", "first_year", "last_year", "user_id"
    ):
        found[organisation_id].append((first, last, user_id))
    return found


def _auditor_for(spells: list[tuple[int, int | None, int]], year: int) -> int | None:
    """The auditor appointed for `year`; before the first appointment on record, the first one."""
    for first, last, user_id in spells:
        if first <= year and (last is None or year <= last):
            return user_id
    return spells[0][2] if spells else None


def _plan_body_year(
    setting: Setting, body: Organisation, plan: VersionPlan, year: int, strength: float
) -> list[Planned]:
    criteria = plan.criteria(body.body_type)
    if not criteria:
        return []
    rng = setting.rng
    latest = year == setting.latest_year
    home = body.pk == setting.home_id
    # The truth the scores circle round: better each year of a version, varying by criterion.
    progress = 0.15 * (year - plan.version.first_year)
    truth = {c.pk: _clamp(round(strength + progress + rng.gauss(0, 0.45))) for c in criteria}
    # The body's own view is a little kinder; the auditor's is that or a level lower.
    view = {c: _clamp(v + (1 if rng.random() < SELF_OPTIMISM else 0)) for c, v in truth.items()}
    result = []
    if home or rng.random() >= MISSING_SELF:
        draft = latest and (home or rng.random() < STILL_DRAFT)
        result.append(_plan_self(rng, body, plan, year, view, draft, setting.people.get(body.pk)))
    if not (home and latest) and rng.random() >= MISSING_AUDITOR:
        status = _auditor_status(rng, latest)
        user = _auditor_for(setting.auditors.get(body.pk, []), year)
        result.append(_plan_auditor(rng, body, plan, year, view, status, user))
    return result


def _auditor_status(rng: random.Random, latest: bool) -> str:
    if latest:
        draw = rng.random()
        if draw < STILL_PROVISIONAL:
            return AssessmentStatus.PROVISIONAL
        if draw < STILL_PROVISIONAL + NOT_YET_PUBLISHED:
            return AssessmentStatus.FINAL
    return AssessmentStatus.PUBLISHED


def _clamp(value: int) -> int:
    return max(1, min(4, value))


def _moment(year: int, month: int, rng: random.Random, hour: int = 10) -> datetime.datetime:
    day = datetime.datetime(year, month, rng.randint(1, 28), hour, rng.randint(0, 59))
    return timezone.make_aware(day, datetime.UTC)


def _plan_self(rng, body, plan, year, view, draft, user_id) -> Planned:
    # A draft has about half its criteria scored so far.
    values = {c: None if draft and rng.random() < 0.5 else v for c, v in view.items()}
    created = _moment(year + 1, 4, rng)
    assessment = Assessment(
        organisation=body,
        version=plan.version,
        year=year,
        kind=AssessmentKind.SELF,
        status=AssessmentStatus.DRAFT if draft else AssessmentStatus.SUBMITTED,
        created_by_id=user_id,
        created_at=created,
        submitted_by_id=None if draft else user_id,
        submitted_at=None if draft else _moment(year + 1, 6, rng),
    )
    return Planned(assessment, plan, {ScoreStage.ASSESSED: values}, user_id)


def _plan_auditor(rng, body, plan, year, view, status, user_id) -> Planned:
    provisional = {
        c: _clamp(v - (1 if rng.random() < AUDITOR_LOWER else 0)) for c, v in view.items()
    }
    values: dict[str, dict[int, int | None]] = {ScoreStage.PROVISIONAL: dict(provisional)}
    assessment = Assessment(
        organisation=body,
        version=plan.version,
        year=year,
        kind=AssessmentKind.AUDITOR,
        status=status,
        created_by_id=user_id,
        created_at=_moment(year + 1, 7, rng),
    )
    if status != AssessmentStatus.PROVISIONAL:
        values[ScoreStage.FINAL] = {
            c: _clamp(v + rng.choice((-1, 1))) if rng.random() < FINAL_CHANGED else v
            for c, v in provisional.items()
        }
        assessment.finalised_by_id = user_id
        assessment.finalised_at = _moment(year + 1, 11, rng)
        assessment.publish_on = datetime.date(year + 1, 12, 9)
    if status == AssessmentStatus.PUBLISHED:
        published = datetime.datetime(year + 1, 12, 9, 9, 0)
        assessment.published_at = timezone.make_aware(published, datetime.UTC)
    return Planned(assessment, plan, values, user_id)


def _write(planned: list[Planned], rng: random.Random) -> None:
    create_missing(Assessment, [p.assessment for p in planned], ASSESSMENT_KEY)
    versions = {p.plan.version.pk for p in planned}
    stored = {
        tuple(row[:-1]): row[-1]
        for row in Assessment.objects.filter(version_id__in=versions).values_list(
            *ASSESSMENT_KEY, "pk"
        )
    }
    scores, rolled, findings = [], [], []
    for item in planned:
        a = item.assessment
        pk = stored[(a.organisation_id, a.version_id, a.year, a.kind)]
        scores += _scores(item, pk, rng)
        rolled += _rolled_up(item, pk)
        findings += _findings(item, pk, rng)
    create_missing(Score, scores, ["assessment_id", "criterion_id", "stage"])
    create_missing(RolledUpScore, rolled, ["assessment_id", "stage", "theme_id"])
    create_missing(Finding, findings, ["assessment_id", "title"])


def _scores(item: Planned, pk: int, rng: random.Random) -> list[Score]:
    titles = {c.pk: c.title for c in item.plan.criteria(item.assessment.organisation.body_type)}
    rows = []
    for stage, values in item.values.items():
        for criterion_id, value in values.items():
            scored = value is not None
            rows.append(
                Score(
                    assessment_id=pk,
                    criterion_id=criterion_id,
                    stage=stage,
                    value=value,
                    narrative=NARRATIVE[value].format(topic=titles[criterion_id].lower())
                    if value is not None
                    else "",
                    strengths=rng.choice(STRENGTHS) if scored else "",
                    areas_for_improvement=rng.choice(IMPROVEMENTS) if scored else "",
                    scored_by_id=item.user_id if scored else None,
                    scored_at=item.assessment.created_at if scored else None,
                )
            )
    return rows


def _rolled_up(item: Planned, pk: int) -> list[RolledUpScore]:
    """Theme and overall scores by the version's rules; a manual rule's advice is taken as the
    assessor's entry, except in a draft (nobody has judged it yet)."""
    plan = item.plan
    if plan.theme_rule is None or plan.overall_rule is None:
        return []
    by_theme: dict[int, list[int]] = defaultdict(list)
    for criterion in plan.criteria(item.assessment.organisation.body_type):
        by_theme[criterion.theme_id].append(criterion.pk)
    judged = item.assessment.status != AssessmentStatus.DRAFT
    rows = []
    for stage, values in item.values.items():
        theme_values = []
        for theme in plan.themes:
            if not by_theme[theme.pk]:
                continue  # as the services do: no criteria scored in a theme, no theme score
            result = rollup.roll_up([values[c] for c in by_theme[theme.pk]], plan.theme_rule)
            row = _rolled_row(item, pk, stage, theme.pk, result, judged)
            theme_values.append(row.value)
            rows.append(row)
        overall = rollup.roll_up(theme_values, plan.overall_rule)
        rows.append(_rolled_row(item, pk, stage, None, overall, judged))
    return rows


def _rolled_row(item, pk, stage, theme_id, result: rollup.RollupResult, judged) -> RolledUpScore:
    manual = result.method == rollup.MANUAL
    value = (result.advisory if judged else None) if manual else result.value
    entered = manual and value is not None
    return RolledUpScore(
        assessment_id=pk,
        stage=stage,
        theme_id=theme_id,
        calculated=None if manual else result.value,
        advisory=result.advisory,
        value=value,
        entered_by_id=item.user_id if entered else None,
        entered_at=item.assessment.created_at if entered else None,
    )


def _findings(item: Planned, pk: int, rng: random.Random) -> list[Finding]:
    """Auditors raise an area for improvement on a weak criterion now and then."""
    a = item.assessment
    final = item.values.get(ScoreStage.FINAL)
    if not final or item.plan.finding_type is None or rng.random() >= FINDING_RATE:
        return []
    weakest = min(final, key=lambda c: (final[c] or 9, c))
    criterion = next(c for c in item.plan.criteria(a.organisation.body_type) if c.pk == weakest)
    responded = rng.random() < 0.7
    return [
        Finding(
            assessment_id=pk,
            criterion_id=weakest,
            finding_type=item.plan.finding_type,
            title=f"Strengthen arrangements for {criterion.title.lower()}",
            detail=rng.choice(IMPROVEMENTS),
            raised_by_id=item.user_id,
            raised_at=a.finalised_at or a.created_at,
            management_response="Agreed: an action is in the improvement plan for next year."
            if responded
            else "",
            response_at=(a.finalised_at or a.created_at) if responded else None,
        )
    ]


TARGET_VERSION = ("use-of-resources", "2009-10")
TARGET_DUE = datetime.date(2011, 3, 31)


@demo_step(order=310, label="Partnership score targets", models=(ScoreTarget,))
def score_targets(ctx: DemoContext) -> None:
    framework, code = TARGET_VERSION
    version = FrameworkVersion.objects.filter(framework__code=framework, code=code).first()
    if version is None or not ctx.partnerships:
        print(NO_FRAMEWORKS)
        return
    partnership = ctx.partnerships[0]
    common = {"partnership": partnership, "version": version, "due_date": TARGET_DUE}
    wanted = [
        ScoreTarget(
            kind=TargetKind.ALL_AT_LEVEL,
            level=3,
            description="All members at level 3 by 31 March 2011",
            **common,
        ),
        ScoreTarget(
            kind=TargetKind.AVERAGE_AT_LEAST,
            level=3,
            body_types=["district"],
            description="Districts to average at least 3 across KLOEs 1.1, 1.2 and 3.1",
            **common,
        ),
        ScoreTarget(
            kind=TargetKind.SHARE_AT_LEVEL,
            level=2,
            share_percent=75,
            description="75% of members at level 2 or above",
            **common,
        ),
    ]
    create_missing(ScoreTarget, wanted, ["partnership_id", "description"])
    average = ScoreTarget.objects.get(partnership=partnership, description=wanted[1].description)
    if not average.criteria.exists():
        average.criteria.set(version.criteria.filter(code__in=["1.1", "1.2", "3.1"]))
