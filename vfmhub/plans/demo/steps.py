"""Generator steps: improvement plans shaped like seed 002, and a peer review of one of them.

Every plan is the Use of Resources 2009/10 action plan of `content.py`: items under theme and
KLOE headings, one to four actions each with officer initials (HoF, SFM, IPM, CMT, SMT, BIPM,
listed as the body's officer titles; HoF is the body's manager and IPM its editor), the three
round columns of seed 002 with most actions updated in each, actions added from the 2010
assessment, one "no action proposed" with its reason, and a few actions still open or deferred.
Every date lies in the plan's own years (2009 to 2011): the open actions were due in the autumn of
2010 or during 2011, so today they are overdue and "my actions" and reminders have work.

At `demo` scale the home body's plan holds every row (40 actions) and ten other member bodies
hold part of it; at `region` and `national` scale every body has the full plan. The home body's
plan is shared with its partnership and carries a submitted peer review with a response.

Rows are written with `create_missing` by natural key (plan: organisation and title; round: plan
and label; item and action: parent and order; update: action, round and whether it is current),
never through the services, so generated data records no history (docs/demo-and-scale.md).
"""

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from vfmhub.assessments.models import AssessmentKind, Finding
from vfmhub.demo.generator import DemoContext, create_missing, demo_step
from vfmhub.demo.personas import ACCOUNT
from vfmhub.frameworks.models import Criterion, FrameworkVersion
from vfmhub.organisations.models import (
    Organisation,
    OrganisationMembership,
    OrganisationRole,
    PartnershipMember,
)
from vfmhub.plans.demo import content
from vfmhub.plans.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    ItemSource,
    OfficerTitle,
    PeerReview,
    PeerReviewComment,
    Plan,
    PlanItem,
    Rag,
    ReviewStatus,
    UpdateRound,
)
from vfmhub.plans.selectors.reviews import rating_scale

VERSION = ("use-of-resources", "2009-10")
DEMO_OTHER_BODIES = 10
DEMO_ITEM_SHARE = 0.6  # of the catalogue's items, at the demo's other bodies
FILL_EMPTY_ROUND = 0.35  # an empty seed cell that a body did fill in
OFFICER_ROLES = {"HoF": OrganisationRole.MANAGER, "IPM": OrganisationRole.EDITOR}
FINDING_FROM = "Auditor's 2009/10 findings"
REVIEW_RATING = 3  # "Adequate" on the default scale
CORRECTION_REASON = "Typing errors in the first version."
OPEN_AUTUMN = datetime.date(2010, 9, 1)  # open actions due after the July 2010 round …
OPEN_LATER = datetime.date(2011, 4, 1)  # … or in the plan's follow-up year
CORRECTED_FROM = (
    "2011/12 Service Plan Template includes finncial implcations of all service plan initiatives."
)


def _utc(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)), datetime.UTC)


ROUND_LABELS_AND_DATES = [(label, datetime.date(*ymd)) for label, ymd in content.ROUNDS]
ROUND_DATES = [day for _, day in ROUND_LABELS_AND_DATES]
PLAN_CREATED = _utc(datetime.date(2009, 11, 16))


@dataclass
class Setting:
    """What every body's plan draws on, read once."""

    rng: random.Random
    home_id: int
    criteria: dict[str, int]  # KLOE code -> criterion id of UoR 2009/10
    criterion_codes: dict[int, str]
    findings: dict[int, Finding]  # organisation id -> a 2009/10 auditor finding
    people: dict[tuple[int, str], int]  # (organisation id, role) -> user id
    version_id: int | None


@dataclass
class PlannedAction:
    action: Action
    updates: list[ActionUpdate] = field(default_factory=list)  # round index in `round_id`
    corrected: str = ""  # a July update to write first as this typo, then correct


@dataclass
class PlannedItem:
    item: PlanItem
    actions: list[PlannedAction] = field(default_factory=list)


@dataclass
class PlannedPlan:
    plan: Plan
    items: list[PlannedItem] = field(default_factory=list)


@demo_step(
    order=400,
    label="Improvement plans",
    models=(OfficerTitle, Plan, PlanItem, UpdateRound, Action, ActionUpdate),
)
def improvement_plans(ctx: DemoContext) -> None:
    bodies = plan_bodies(ctx)
    setting = _setting(ctx, bodies)
    _write_officer_titles(bodies, setting)
    planned = [_plan_body(setting, body, full=_full(ctx, body)) for body in bodies]
    _write(planned)


def plan_bodies(ctx: DemoContext) -> list[Organisation]:
    """At demo scale the home body and ten other members of its partnership; else every body."""
    everyone = sorted(ctx.organisations.values(), key=lambda o: o.gss_code or "")
    if ctx.scale.name != "demo":
        return everyone
    members = set(
        PartnershipMember.objects.filter(partnership=ctx.partnerships[0]).values_list(
            "organisation_id", flat=True
        )
    )
    others = [o for o in everyone if o.pk in members and o.pk != ctx.home.pk]
    return [ctx.home, *others[:DEMO_OTHER_BODIES]]


def _full(ctx: DemoContext, body: Organisation) -> bool:
    return ctx.scale.name != "demo" or body.pk == ctx.home.pk


def _setting(ctx: DemoContext, bodies: list[Organisation]) -> Setting:
    framework, code = VERSION
    version = FrameworkVersion.objects.filter(framework__code=framework, code=code).first()
    criteria: dict[str, int] = {}
    findings: dict[int, Finding] = {}
    if version is not None:
        criteria = dict(Criterion.objects.filter(version=version).values_list("code", "pk"))
        rows = Finding.objects.filter(
            assessment__version=version, assessment__kind=AssessmentKind.AUDITOR
        ).order_by("pk")
        for finding in rows.select_related("assessment"):
            findings.setdefault(finding.assessment.organisation_id, finding)
    memberships = OrganisationMembership.objects.filter(organisation__in=bodies).order_by("pk")
    people: dict[tuple[int, str], int] = {}
    for organisation_id, role, user_id in memberships.values_list(
        "organisation_id", "role", "user_id"
    ):
        people.setdefault((organisation_id, role), user_id)
    return Setting(
        rng=ctx.rng("plans"),
        home_id=ctx.home.pk,
        criteria=criteria,
        criterion_codes={pk: code for code, pk in criteria.items()},
        findings=findings,
        people=people,
        version_id=version.pk if version else None,
    )


def _officer_user(setting: Setting, body: Organisation, officer: str) -> int | None:
    """The user of the first initials in "BIPM/HoF" that stand for someone with a sign-in."""
    for initials in officer.split("/"):
        role = OFFICER_ROLES.get(initials)
        if role and (body.pk, role) in setting.people:
            return setting.people[(body.pk, role)]
    return None


def _write_officer_titles(bodies: list[Organisation], setting: Setting) -> None:
    wanted = [
        OfficerTitle(
            organisation=body,
            abbreviation=abbreviation,
            title=title,
            user_id=_officer_user(setting, body, abbreviation),
        )
        for body in bodies
        for abbreviation, title in content.OFFICER_TITLES
    ]
    create_missing(OfficerTitle, wanted, ["organisation_id", "abbreviation"])


def _plan_body(setting: Setting, body: Organisation, *, full: bool) -> PlannedPlan:
    rng = setting.rng
    manager = setting.people.get((body.pk, OrganisationRole.MANAGER))
    plan = Plan(
        organisation=body,
        title=content.PLAN_TITLE,
        version_id=setting.version_id,
        year=2009,
        owner_id=manager,
        description=content.PLAN_DESCRIPTION,
        created_by_id=manager,
        created_at=PLAN_CREATED,
    )
    texts = [t for t in content.ITEMS if full or rng.random() < DEMO_ITEM_SHARE]
    planned = PlannedPlan(plan, [_plan_item(setting, body, n, t) for n, t in enumerate(texts)])
    finding = setting.findings.get(body.pk)
    if finding is not None:
        planned.items.append(_finding_item(setting, body, len(planned.items), finding))
    _open_some(setting, body, [a for i in planned.items for a in i.actions])
    return planned


def _plan_item(setting: Setting, body: Organisation, order: int, text) -> PlannedItem:
    item = PlanItem(
        criterion_id=setting.criteria.get(text.kloe),
        theme_heading=content.THEMES[text.kloe[0]],
        criterion_heading=text.kloe_heading,
        text=text.issue,
        source=ItemSource.AUDITOR_FINDING,
        order=order,
        created_at=PLAN_CREATED,
    )
    planned = PlannedItem(item)
    for number, action_text in enumerate(text.actions):
        planned.actions.append(_plan_action(setting, body, number, action_text))
    return planned


def _plan_action(setting: Setting, body: Organisation, order: int, text) -> PlannedAction:
    rng = setting.rng
    action = Action(
        description=text.description,
        officer=text.officer,
        officer_user_id=_officer_user(setting, body, text.officer),
        status=ActionStatus.COMPLETED,
        rag=Rag.GREEN,
        target_date=datetime.date(2010, rng.randint(3, 9), rng.randint(1, 28)),
        added_from=content.FROM_2010 if text.new_in_2010 else "",
        order=order,
        created_at=_utc(
            datetime.date(2010, 4, 20) if text.new_in_2010 else datetime.date(2009, 11, 16)
        ),
    )
    if text.no_action:
        action.status, action.rag = ActionStatus.NO_ACTION, ""
        action.no_action_reason = content.NO_ACTION_REASON
        action.target_date = None
    planned = PlannedAction(action)
    for index, position in enumerate(text.positions):
        if not position and not text.new_in_2010 and rng.random() < FILL_EMPTY_ROUND:
            position = rng.choice(content.UPDATE_FILLERS)
        if position:
            planned.updates.append(_update(setting, action, index, position))
    if text.positions[2].startswith("2011/12 service plan template"):
        planned.corrected = CORRECTED_FROM
    return planned


def _update(setting: Setting, action: Action, index: int, text: str) -> ActionUpdate:
    last = index == len(ROUND_DATES) - 1
    status = action.status if last or action.status == ActionStatus.NO_ACTION else "in_progress"
    return ActionUpdate(
        round_id=index,  # the round's index until the rounds are written
        text=text,
        status=status,
        rag="" if status == ActionStatus.NO_ACTION else Rag.GREEN if last else Rag.AMBER,
        author_id=action.officer_user_id,
        author_label=action.officer,
        created_at=_utc(ROUND_DATES[index] + datetime.timedelta(days=setting.rng.randint(1, 12))),
    )


def _finding_item(setting: Setting, body: Organisation, order: int, finding) -> PlannedItem:
    """The auditor's own finding for the body, turned into an item (as the one-click page does)."""
    code = setting.criterion_codes.get(finding.criterion_id or 0, "")
    text = next((t for t in content.ITEMS if t.kloe == code), None)
    item = PlanItem(
        criterion_id=finding.criterion_id,
        theme_heading=content.THEMES.get(code[:1], ""),
        criterion_heading=text.kloe_heading if text else "",
        text=finding.title,
        source=ItemSource.AUDITOR_FINDING,
        finding_id=finding.pk,
        order=order,
        created_at=_utc(datetime.date(2010, 12, 20)),
    )
    officer = "HoF"
    action = Action(
        description=finding.detail or f"Respond to the finding: {finding.title}",
        officer=officer,
        officer_user_id=_officer_user(setting, body, officer),
        status=ActionStatus.NOT_STARTED,
        target_date=datetime.date(2011, 3, 31),
        added_from=FINDING_FROM,
        created_at=item.created_at,
    )
    return PlannedItem(item, [PlannedAction(action)])


def _open_some(setting: Setting, body: Organisation, actions: list[PlannedAction]) -> None:
    """Leave a few actions open (HoF's first, so that the body's manager has some in "my
    actions"): some due in the autumn after the July 2010 round, some during 2011, and one
    deferred to the end of 2010/11. All are dated in the plan's years, never from today."""
    rng = setting.rng
    candidates = [
        p for p in actions if p.action.status == ActionStatus.COMPLETED and not p.corrected
    ]
    rng.shuffle(candidates)
    candidates.sort(key=lambda p: not p.action.officer.startswith("HoF"))
    overdue, soon = rng.randint(3, 5), rng.randint(2, 3)
    hof = [p for p in candidates if p.action.officer.startswith("HoF")][:2]
    others = [p for p in candidates if p not in hof]
    picked = hof[:1] + others[: overdue - 1] + hof[1:] + others[overdue - 1 : overdue + soon]
    for number, planned in enumerate(picked):
        action = planned.action
        action.status = ActionStatus.IN_PROGRESS
        if number < overdue:
            action.target_date = OPEN_AUTUMN + datetime.timedelta(days=rng.randint(0, 90))
            action.rag = rng.choice((Rag.RED, Rag.AMBER))
        elif number < overdue + soon:
            action.target_date = OPEN_LATER + datetime.timedelta(days=rng.randint(0, 180))
            action.rag = rng.choice((Rag.AMBER, Rag.GREEN))
        else:
            action.status, action.rag = ActionStatus.DEFERRED, ""
            action.target_date = datetime.date(2011, 3, 31)
        for update in planned.updates:
            update.status = ActionStatus.IN_PROGRESS
            update.rag = action.rag or Rag.AMBER


def _write(planned: list[PlannedPlan]) -> None:
    create_missing(Plan, [p.plan for p in planned], ["organisation_id", "title"])
    organisations = [p.plan.organisation_id for p in planned]
    plan_ids = dict(
        Plan.objects.filter(organisation_id__in=organisations, title=content.PLAN_TITLE)
        .values_list("organisation_id", "pk")
        .order_by("pk")
    )
    rounds = [
        UpdateRound(plan_id=pk, label=label, as_at=day, order=n, created_at=_utc(day))
        for pk in plan_ids.values()
        for n, (label, day) in enumerate(ROUND_LABELS_AND_DATES)
    ]
    create_missing(UpdateRound, rounds, ["plan_id", "label"])
    round_ids = {
        (plan_id, order): pk
        for plan_id, order, pk in UpdateRound.objects.filter(
            plan_id__in=plan_ids.values()
        ).values_list("plan_id", "order", "pk")
    }
    items = []
    for p in planned:
        for i in p.items:
            i.item.plan_id = plan_ids[p.plan.organisation_id]
            items.append(i)
    item_ids = _create_children(PlanItem, [i.item for i in items], "plan_id", plan_ids.values())
    actions: list[tuple[int, PlannedAction]] = []  # (plan id, action)
    for i in items:
        for a in i.actions:
            a.action.item_id = item_ids[(i.item.plan_id, i.item.order)]
            actions.append((i.item.plan_id, a))
    action_ids = _create_children(
        Action, [a.action for _, a in actions], "item_id", item_ids.values()
    )
    _write_updates(actions, action_ids, round_ids)


def _create_children(model, rows: list, parent: str, parent_ids) -> dict[tuple[int, int], int]:
    """Create the rows missing by (parent, order); return (parent id, order) -> pk."""
    create_missing(model, rows, [parent, "order"])
    stored = model.objects.filter(**{f"{parent}__in": list(parent_ids)})
    return {(p, o): pk for p, o, pk in stored.values_list(parent, "order", "pk")}


def _write_updates(actions: list[tuple[int, PlannedAction]], action_ids, round_ids) -> None:
    """Every update (a corrected one first as its typo, no longer current), then corrections."""
    updates, corrections = [], []
    for plan_id, planned in actions:
        action_id = action_ids[(planned.action.item_id, planned.action.order)]
        for update in planned.updates:
            update.action_id = action_id
            update.round_id = round_ids[(plan_id, update.round_id)]
            if planned.corrected and update is planned.updates[-1]:
                corrections.append((update, ActionUpdate(**_fields(update))))
                update.text, update.is_current = planned.corrected, False
            updates.append(update)
    create_missing(ActionUpdate, updates, ["action_id", "round_id", "is_current"])
    originals = {
        (a, r): pk
        for a, r, pk in ActionUpdate.objects.filter(
            is_current=False, action_id__in=[u.action_id for u, _ in corrections]
        ).values_list("action_id", "round_id", "pk")
    }
    for original, correction in corrections:
        correction.corrects_id = originals[(original.action_id, original.round_id)]
        correction.created_at = original.created_at + datetime.timedelta(days=2)
        correction.correction_reason = CORRECTION_REASON
    create_missing(
        ActionUpdate, [c for _, c in corrections], ["action_id", "round_id", "is_current"]
    )


def _fields(update: ActionUpdate) -> dict:
    names = ("action_id", "round_id", "text", "status", "rag", "author_id", "author_label")
    return {name: getattr(update, name) for name in names} | {"created_at": update.created_at}


@demo_step(
    order=410,
    label="Plan peer reviews",
    models=(PeerReview, PeerReviewComment),
)
def plan_peer_reviews(ctx: DemoContext) -> None:
    plan = Plan.objects.filter(organisation=ctx.home, title=content.PLAN_TITLE).first()
    reviewer = ctx.users.get(ACCOUNT["peer_reviewer"].email)
    if plan is None or reviewer is None or not ctx.partnerships:
        return
    partnership = ctx.partnerships[0]
    shared = _utc(datetime.date(2010, 8, 2))
    Plan.objects.filter(pk=plan.pk, shared_with__isnull=True).update(
        shared_with=partnership, shared_at=shared
    )
    manager = ctx.users.get(ACCOUNT["manager"].email)
    scale = list(rating_scale(partnership))
    rating = next((r for r in scale if r.value == REVIEW_RATING), scale[-1] if scale else None)
    review = PeerReview(
        plan=plan,
        partnership=partnership,
        reviewer=reviewer,
        status=ReviewStatus.SUBMITTED,
        overall_comment=content.REVIEW_OVERALL,
        rating=rating,
        submitted_at=_utc(datetime.date(2010, 9, 10)),
        response=content.REVIEW_RESPONSE,
        response_by=manager,
        response_at=_utc(datetime.date(2010, 9, 24)),
        created_at=_utc(datetime.date(2010, 8, 20)),
    )
    create_missing(PeerReview, [review], ["plan_id", "reviewer_id"])
    stored = PeerReview.objects.get(plan=plan, reviewer=reviewer)
    items = list(plan.items.order_by("order", "pk"))
    picks = [items[n] for n in (2, 3, 5) if n < len(items)]
    picks += [i for i in items if "forecast outturn" in i.text][:1]
    comments = [
        PeerReviewComment(review=stored, item=item, comment=comment)
        for item, comment in zip(picks, content.REVIEW_ITEM_COMMENTS, strict=False)
    ]
    create_missing(PeerReviewComment, comments, ["review_id", "item_id"])
