"""Demo steps for the programme's risks (registered through `demo/steps.py`).

Every partnership gets a strategic risk register on the default 3 × 3 matrix shaped like seed 001's:
seven risks (leadership from the Member Panel and the Advisory Board, senior management ownership,
Member engagement, the strategy meeting regional needs, clarity of role, expectations) with seed
001's probability and impact as the current rating, an inherent rating one step likelier, a target
rating and the actions required. Review dates follow the 2009/10 delivery plan that rated them
(April 2009): two in the summer of 2009, the rest in the autumn; body and project registers, rated
at the same time, are reviewed in 2009/10 too. Each risk's history holds
its first (inherent and current) ratings. Rows are written with `create_missing` by natural key,
never through the services (no history in the audit log).
"""

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from vfmhub.demo.generator import DemoContext, create_missing, demo_step
from vfmhub.organisations.models import Organisation, Partnership
from vfmhub.plans.models import Action
from vfmhub.programme.models import (
    Project,
    RatingKind,
    Risk,
    RiskMatrix,
    RiskRating,
    RiskRegister,
)
from vfmhub.programme.services.risks import default_matrices

REGISTER_NAME = "Strategic risk register 2009/10"
H, M, L = 3, 2, 1
# Seed 001: risk, probability (H M L), impact (H M L), action required.
SEED_001_RISKS = [
    (
        "Lack of leadership from Member Panel",
        L,
        H,
        "Consolidate and maintain politically led governance model adopted by the partnership.",
    ),
    ("Lack of leadership from Advisory Board", L, H, "Regulation through the Member Panel."),
    (
        "Lack of senior management ownership from authorities (not represented on Advisory Group)",
        M,
        H,
        "Chief Executives on the Advisory Group to fully engage with their peers through the "
        "county/fire meetings and Society of Local Authority Chief Executives.\n"
        "Invite senior officers to seminars and conferences.",
    ),
    (
        "Lack of Member engagement",
        M,
        H,
        "Members on the Panel to fully engage with their peers within their political groupings "
        "and their own authorities.\nInvite Members to seminars and conferences.",
    ),
    (
        "Strategy fails to meet regional needs and/or achieve anticipated impact",
        L,
        H,
        "Panel and Advisory Group to be alert to new challenges.\n"
        "Advisory Group to keep the programme under close review.",
    ),
    (
        "Lack of clarity about role and purpose of the partnership",
        M,
        H,
        "Panel, Advisory Group and support staff to place a strong focus on effective "
        "communication and marketing.\nCommunications post to be appointed in May 2009.",
    ),
    (
        "Expectations on the partnership are too high and this leads to disappointment",
        M,
        H,
        "Need for clear priorities in the strategy and for these to be translated into a "
        "challenging but realistic work programme that is well communicated.",
    ),
]
OVERDUE = {2, 5}  # indexes of the risks reviewed first (in the summer of 2009)
RATED_ON = datetime.date(2009, 4, 1)  # the 2009/10 delivery plan: the first ratings
REVIEW_DUE = datetime.date(2009, 10, 1)  # the half-year review that follows it


def demo_matrices() -> dict[str, RiskMatrix]:
    """The shipped matrices by key, made (if missing) as the demo makes its rows: in bulk, with
    no history in the audit log."""
    shipped = default_matrices()
    create_missing(RiskMatrix, (RiskMatrix(**data) for data in shipped), ("key",))
    stored = RiskMatrix.objects.filter(key__in=[data["key"] for data in shipped])
    return {matrix.key: matrix for matrix in stored}


def _first_ratings(risks: Iterable[Risk], note: str) -> Iterator[RiskRating]:
    """Each risk's ratings (of each kind it has) as first rated, by the delivery plan."""
    rated_at = timezone.make_aware(datetime.datetime.combine(RATED_ON, datetime.time(9)))
    for risk in risks:
        for kind in RatingKind.values:
            if getattr(risk, f"{kind}_likelihood") is not None:
                yield RiskRating(
                    risk=risk,
                    kind=kind,
                    likelihood=getattr(risk, f"{kind}_likelihood"),
                    impact=getattr(risk, f"{kind}_impact"),
                    rated_at=rated_at,
                    note=note,
                )


def _risk(
    register: RiskRegister,
    title: str,
    owner: str,
    rating: tuple[int, int],
    actions: str,
    review: datetime.date,
    **more: Any,
) -> Risk:
    """A risk rated (likelihood, impact) now, with its mitigation and next review."""
    likelihood, impact = rating
    return Risk(
        register=register,
        title=title,
        owner=owner,
        current_likelihood=likelihood,
        current_impact=impact,
        current_score=likelihood * impact,
        mitigating_actions=actions,
        review_date=review,
        **more,
    )


def _seed_001_risks(register: RiskRegister) -> Iterator[Risk]:
    """Seed 001's risks on one strategic register, reviewed in the summer or autumn of 2009."""
    for index, (title, likelihood, impact, actions) in enumerate(SEED_001_RISKS):
        review = REVIEW_DUE - datetime.timedelta(days=90 - 7 * index)
        if index not in OVERDUE:
            review = REVIEW_DUE + datetime.timedelta(days=7 * index)
        owner = "Programme manager" if index % 2 else "Chair of the Advisory Group"
        inherent_and_target = {
            "inherent_likelihood": min(likelihood + 1, 3),
            "inherent_impact": impact,
            "target_likelihood": L,
            "target_impact": impact - 1 if impact > 1 else impact,
        }
        rating = (likelihood, impact)
        yield _risk(register, title, owner, rating, actions, review, **inherent_and_target)


@demo_step(
    order=630,
    label="Programme risk registers",
    models=(RiskRegister, Risk, RiskRating),
)
def risk_registers(ctx: DemoContext) -> None:
    matrix = demo_matrices()["3x3"]
    if not matrix.is_locked:
        matrix.is_locked = True
        matrix.save(update_fields=["is_locked"])
    partnerships = list(Partnership.objects.filter(pk__in=[p.pk for p in ctx.partnerships]))
    create_missing(
        RiskRegister,
        (
            RiskRegister(
                name=REGISTER_NAME,
                partnership=p,
                matrix=matrix,
                description="The risks to delivering the partnership's programme.",
            )
            for p in partnerships
        ),
        ("partnership_id", "name"),
    )
    registers = list(RiskRegister.objects.filter(name=REGISTER_NAME, partnership__isnull=False))
    risks = [risk for register in registers for risk in _seed_001_risks(register)]
    create_missing(Risk, risks, ("register_id", "title"))
    stored = Risk.objects.filter(register__in=registers)
    create_missing(
        RiskRating,
        _first_ratings(stored, "Delivery plan 2009/10."),
        ("risk_id", "kind", "rated_at"),
    )


BODY_REGISTER = "Corporate risk register"
PROJECT_REGISTER = "Project risk register"
# Risks a council's corporate register commonly holds, rated on the 5 × 5 matrix: title, cause,
# effect, the range of current likelihood drawn, current impact, the mitigation.
BODY_RISKS = [
    (
        "Savings programme not delivered in full",
        "Efficiency projects slip or deliver less than planned.",
        "The budget gap is closed from reserves.",
        (2, 4),
        4,
        "Monthly savings tracker to Corporate Management Team; projects rated Red or Amber are "
        "reviewed by the Section 151 officer.",
    ),
    (
        "Loss of key finance staff",
        "A small team with single points of knowledge.",
        "Statutory accounts and returns are late.",
        (1, 3),
        3,
        "Succession plans for key posts; procedure notes kept current.",
    ),
    (
        "Shared service partner withdraws",
        "A partner council's priorities change.",
        "Costs of the shared service fall on fewer partners.",
        (1, 3),
        3,
        "Partnership agreement with a notice period and exit costs.",
    ),
    (
        "Personal data breach",
        "Data sent to the wrong recipient or systems compromised.",
        "Harm to residents, fines and loss of trust.",
        (2, 3),
        5,
        "Mandatory training; secure email; annual penetration test.",
    ),
]
PROJECT_RISKS = [
    (
        "Partners do not agree the business case",
        M,
        H,
        "Early engagement with each partner's "
        "Section 151 officer; options appraisal shared before the Board.",
    ),
    ("Transition disrupts service to residents", M, M, "Phased transfer with parallel running."),
    (
        "Savings take longer to realise than planned",
        H,
        M,
        "Savings profile agreed and tracked against the efficiency gains register.",
    ),
]


def _body_and_project_registers(
    bodies: list[Organisation], partnerships: list[Partnership]
) -> dict[int, Project]:
    """A corporate register (5 × 5) for every body and a project register (3 × 3) for each
    partnership's first project by name; those projects by partnership."""
    matrices = demo_matrices()
    RiskMatrix.objects.filter(pk__in=[m.pk for m in matrices.values()]).update(is_locked=True)
    create_missing(
        RiskRegister,
        (RiskRegister(name=BODY_REGISTER, organisation=o, matrix=matrices["5x5"]) for o in bodies),
        ("organisation_id", "name"),
    )
    projects: dict[int, Project] = {}
    for project in Project.objects.filter(partnership__in=partnerships).order_by("name", "pk"):
        projects.setdefault(project.partnership_id, project)
    create_missing(
        RiskRegister,
        (
            RiskRegister(name=PROJECT_REGISTER, project=p, matrix=matrices["3x3"])
            for p in projects.values()
        ),
        ("project_id", "name"),
    )
    return projects


def _body_risks(ctx: DemoContext, bodies: list[Organisation]) -> Iterator[Risk]:
    """Every corporate register's risks, each body's current likelihoods and reviews drawn."""
    rng = ctx.rng("body-risk-registers")
    for register in RiskRegister.objects.filter(name=BODY_REGISTER, organisation__in=bodies):
        for index, (title, cause, effect, (low, high), impact, actions) in enumerate(BODY_RISKS):
            likelihood = rng.randint(low, high)
            review = REVIEW_DUE + datetime.timedelta(days=rng.randint(-40, 90))
            owner = "Section 151 officer" if index % 2 == 0 else "Head of Service"
            more = {
                "cause": cause,
                "effect": effect,
                "inherent_likelihood": min(likelihood + 1, 5),
                "inherent_impact": impact,
            }
            rating = (likelihood, impact)
            yield _risk(register, title, owner, rating, actions, review, **more)


def _project_risks() -> Iterator[Risk]:
    for register in RiskRegister.objects.filter(name=PROJECT_REGISTER, project__isnull=False):
        for title, likelihood, impact, actions in PROJECT_RISKS:
            review = REVIEW_DUE + datetime.timedelta(days=60)
            yield _risk(register, title, "Project manager", (likelihood, impact), actions, review)


def _top_risks_linked(bodies: list[Organisation]) -> None:
    """Each body's top corporate risk linked to the first action of its first plan."""
    top = Risk.objects.filter(
        register__name=BODY_REGISTER, register__organisation__in=bodies, title=BODY_RISKS[0][0]
    ).values_list("pk", "register__organisation_id")
    first_action: dict[int, int] = {}
    for action_id, organisation_id in (
        Action.objects.filter(item__plan__organisation__in=bodies)
        .order_by("item__plan__organisation_id", "item__plan_id", "item__order", "order", "pk")
        .values_list("pk", "item__plan__organisation_id")
    ):
        first_action.setdefault(organisation_id, action_id)
    link = Risk.plan_actions.through
    create_missing(
        link,
        (
            link(risk_id=risk_id, action_id=first_action[organisation_id])
            for risk_id, organisation_id in top
            if organisation_id in first_action
        ),
        ("risk_id", "action_id"),
    )


@demo_step(
    order=635,
    label="Body and project risk registers",
    models=(RiskRegister, Risk, RiskRating),
)
def body_and_project_registers(ctx: DemoContext) -> None:
    """Every body gets a corporate register on the 5 × 5 matrix, its top risk linked to the first
    action of its first improvement plan; each partnership's first project gets a 3 × 3 register."""
    bodies = list(ctx.organisations.values())
    projects = _body_and_project_registers(bodies, ctx.partnerships)
    risks = [*_body_risks(ctx, bodies), *_project_risks()]
    create_missing(Risk, risks, ("register_id", "title"))
    stored: QuerySet[Risk] = Risk.objects.filter(
        Q(register__name=BODY_REGISTER, register__organisation__in=bodies)
        | Q(register__name=PROJECT_REGISTER, register__project__in=projects.values())
    )
    create_missing(
        RiskRating, _first_ratings(stored, "First rating."), ("risk_id", "kind", "rated_at")
    )
    _top_risks_linked(bodies)
