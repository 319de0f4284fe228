"""The generator's risk step: every partnership gets seed 001's 3 × 3 register; idempotent."""

from collections import Counter

import pytest

from vfmhub.demo.generator import generate
from vfmhub.frameworks.loader import load_frameworks
from vfmhub.programme.demo.risks import REGISTER_NAME, SEED_001_RISKS
from vfmhub.programme.models import Risk, RiskRating, RiskRegister
from vfmhub.programme.selectors.risks import heat_map

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            load_frameworks()
            generate(scale="demo")
            second = generate(scale="demo")
            yield second
            transaction.set_rollback(True)


def test_each_partnership_has_seed_001s_register_once(demo):
    registers = list(RiskRegister.objects.filter(name=REGISTER_NAME).select_related("matrix"))
    assert registers and all(r.matrix.key == "3x3" and r.matrix.is_locked for r in registers)
    assert not any(demo.created.get(k) for k in demo.created if "risk" in k.lower())
    register = registers[0]
    risks = list(Risk.objects.filter(register=register))
    assert len(risks) == len(SEED_001_RISKS) == 7
    counts = Counter((r.current_likelihood, r.current_impact) for r in risks)
    assert counts == {(1, 3): 3, (2, 3): 4}
    assert {k: v for k, v in heat_map(register.matrix, risks).counts().items() if v} == counts
    assert RiskRating.objects.filter(risk__register=register).count() == 3 * 7


def test_every_body_and_a_project_per_partnership_have_registers(demo):
    from vfmhub.organisations.models import Organisation
    from vfmhub.programme.demo.risks import BODY_REGISTER, BODY_RISKS, PROJECT_REGISTER

    bodies = RiskRegister.objects.filter(name=BODY_REGISTER).select_related("matrix")
    assert bodies.count() == Organisation.objects.filter(risk_registers__isnull=False).count() > 0
    assert {r.matrix.key for r in bodies} == {"5x5"}
    register = bodies.first()
    assert register is not None
    assert register.risks.count() == len(BODY_RISKS)
    assert all(1 <= r.current_likelihood <= 5 for r in register.risks.all())
    assert RiskRegister.objects.filter(name=PROJECT_REGISTER, project__isnull=False).exists()
    linked = Risk.objects.filter(register__name=BODY_REGISTER, plan_actions__isnull=False)
    assert linked.exists()
    for risk in linked.prefetch_related("plan_actions__item__plan"):
        owner = risk.register.organisation_id
        assert {a.item.plan.organisation_id for a in risk.plan_actions.all()} == {owner}


def test_risk_reviews_fall_in_the_years_the_risks_were_rated(demo):
    """The 2009/10 ratings are reviewed in 2009 to 2011, not in the year the demo was made."""
    import datetime

    from vfmhub.programme.models import Risk

    reviews = list(Risk.objects.exclude(review_date=None).values_list("review_date", flat=True))
    assert reviews
    first, last = datetime.date(2009, 4, 1), datetime.date(2011, 12, 31)
    assert all(day is not None and first <= day <= last for day in reviews)
