"""Demo steps for the programme's risks (registered through demo_steps.py).

Every partnership gets a strategic risk register on the default 3 × 3 matrix shaped like seed 001's:
seven risks (leadership from the Member Panel and the Advisory Board, senior management ownership,
Member engagement, the strategy meeting regional needs, clarity of role, expectations) with seed
001's probability and impact as the current rating, an inherent rating one step likelier, a target
rating and the actions required. Two open risks are overdue for review. Each risk's history holds
its first (inherent and current) ratings. Rows are written with `create_missing` by natural key,
never through the services (no history in the audit log).
"""

import datetime

from django.utils import timezone

from vfmhub.demo.generator import DemoContext, create_missing, demo_step
from vfmhub.organisations.models import Partnership
from vfmhub.programme.models import RatingKind, Risk, RiskRating, RiskRegister
from vfmhub.programme.services_risks import ensure_default_matrices

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
OVERDUE = {2, 5}  # indexes of the risks whose review date has passed


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
                description="The risks to delivering the partnership's programme (seed 001).",
            )
            for p in partnerships
        ),
        ("partnership_id", "name"),
    )
    registers = list(RiskRegister.objects.filter(name=REGISTER_NAME, partnership__isnull=False))
    today = timezone.localdate()
    risks = []
    for register in registers:
        for index, (title, likelihood, impact, actions) in enumerate(SEED_001_RISKS):
            review = today - datetime.timedelta(days=14 * index + 7)
            if index not in OVERDUE:
                review = today + datetime.timedelta(days=30 + 7 * index)
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
    rated_at = timezone.make_aware(datetime.datetime(2009, 4, 1, 9, 0))
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
