"""Demo steps for the programme's risks (registered through demo_steps.py).

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

from django.db.models import Q
from django.utils import timezone

from vfmhub.demo.generator import DemoContext, create_missing, demo_step
from vfmhub.organisations.models import Partnership
from vfmhub.programme.models import RatingKind, Risk, RiskMatrix, RiskRating, RiskRegister
from vfmhub.programme.services.risks import ensure_default_matrices

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


@demo_step(
    order=630,
    label="Programme risk registers",
    models=(RiskRegister, Risk, RiskRating),
)
def risk_registers(ctx: DemoContext) -> None:
    matrix = ensure_default_matrices()["3x3"]
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
    risks = []
    for register in registers:
        for index, (title, likelihood, impact, actions) in enumerate(SEED_001_RISKS):
            review = REVIEW_DUE - datetime.timedelta(days=90 - 7 * index)
            if index not in OVERDUE:
                review = REVIEW_DUE + datetime.timedelta(days=7 * index)
            risks.append(
                Risk(
                    register=register,
                    title=title,
                    owner="Programme manager" if index % 2 else "Chair of the Advisory Group",
                    inherent_likelihood=min(likelihood + 1, 3),
                    inherent_impact=impact,
                    current_likelihood=likelihood,
                    current_impact=impact,
                    current_score=likelihood * impact,
                    target_likelihood=L,
                    target_impact=impact - 1 if impact > 1 else impact,
                    mitigating_actions=actions,
                    review_date=review,
                )
            )
    create_missing(Risk, risks, ("register_id", "title"))
    rated_at = timezone.make_aware(datetime.datetime.combine(RATED_ON, datetime.time(9)))
    stored = Risk.objects.filter(register__in=registers)
    create_missing(
        RiskRating,
        (
            RiskRating(
                risk=risk,
                kind=kind,
                likelihood=getattr(risk, f"{kind}_likelihood"),
                impact=getattr(risk, f"{kind}_impact"),
                rated_at=rated_at,
                note="Delivery plan 2009/10.",
            )
            for risk in stored
            for kind in RatingKind.values
        ),
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


@demo_step(
    order=635,
    label="Body and project risk registers",
    models=(RiskRegister, Risk, RiskRating),
)
def body_and_project_registers(ctx: DemoContext) -> None:
    """Every body gets a corporate register on the 5 × 5 matrix, its top risk linked to the first
    action of its first improvement plan; each partnership's first project gets a 3 × 3 register."""
    from vfmhub.plans.models import Action
    from vfmhub.programme.models import Project

    matrices = ensure_default_matrices()
    RiskMatrix.objects.filter(pk__in=[m.pk for m in matrices.values()]).update(is_locked=True)
    bodies = list(ctx.organisations.values())
    create_missing(
        RiskRegister,
        (RiskRegister(name=BODY_REGISTER, organisation=o, matrix=matrices["5x5"]) for o in bodies),
        ("organisation_id", "name"),
    )
    projects: dict[int, Project] = {}
    for project in Project.objects.filter(partnership__in=ctx.partnerships).order_by("name", "pk"):
        projects.setdefault(project.partnership_id, project)
    create_missing(
        RiskRegister,
        (
            RiskRegister(name=PROJECT_REGISTER, project=p, matrix=matrices["3x3"])
            for p in projects.values()
        ),
        ("project_id", "name"),
    )
    rng = ctx.rng("body-risk-registers")
    risks = []
    for register in RiskRegister.objects.filter(name=BODY_REGISTER, organisation__in=bodies):
        for index, (title, cause, effect, (low, high), impact, actions) in enumerate(BODY_RISKS):
            likelihood = rng.randint(low, high)
            risks.append(
                Risk(
                    register=register,
                    title=title,
                    cause=cause,
                    effect=effect,
                    owner="Section 151 officer" if index % 2 == 0 else "Head of Service",
                    inherent_likelihood=min(likelihood + 1, 5),
                    inherent_impact=impact,
                    current_likelihood=likelihood,
                    current_impact=impact,
                    current_score=likelihood * impact,
                    mitigating_actions=actions,
                    review_date=REVIEW_DUE + datetime.timedelta(days=rng.randint(-40, 90)),
                )
            )
    for register in RiskRegister.objects.filter(name=PROJECT_REGISTER, project__isnull=False):
        for title, likelihood, impact, actions in PROJECT_RISKS:
            risks.append(
                Risk(
                    register=register,
                    title=title,
                    owner="Project manager",
                    current_likelihood=likelihood,
                    current_impact=impact,
                    current_score=likelihood * impact,
                    mitigating_actions=actions,
                    review_date=REVIEW_DUE + datetime.timedelta(days=60),
                )
            )
    create_missing(Risk, risks, ("register_id", "title"))
    rated_at = timezone.make_aware(datetime.datetime.combine(RATED_ON, datetime.time(9)))
    stored = Risk.objects.filter(
        Q(register__name=BODY_REGISTER, register__organisation__in=bodies)
        | Q(register__name=PROJECT_REGISTER, register__project__in=projects.values())
    )
    create_missing(
        RiskRating,
        (
            RiskRating(
                risk=risk,
                kind=kind,
                likelihood=getattr(risk, f"{kind}_likelihood"),
                impact=getattr(risk, f"{kind}_impact"),
                rated_at=rated_at,
                note="First rating.",
            )
            for risk in stored
            for kind in RatingKind.values
            if getattr(risk, f"{kind}_likelihood") is not None
        ),
        ("risk_id", "kind", "rated_at"),
    )
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
