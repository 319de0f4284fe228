"""The programme history steps: years of funding, projects, risks and events for every partnership
at region and national scale; nothing at demo scale; idempotent.

Generating national scale here would take too long, so the programme steps are run on the demo
database with the scale swapped for a small "region" one of three years, and a second partnership
added beside the demo one.
"""

import dataclasses
import datetime
import itertools
from decimal import Decimal

import pytest
from django.db.models import Model

from vfmhub.demo.generator import DEFAULT_SEED, DemoContext, demo_steps, generate
from vfmhub.demo.plan import plan_demo
from vfmhub.demo.scales import SCALES
from vfmhub.frameworks.loader import load_frameworks
from vfmhub.lib.years import financial_year_bounds
from vfmhub.organisations.models import (
    Organisation,
    Partnership,
    PartnershipKind,
    PartnershipMember,
)
from vfmhub.programme.demo import history as demo_history
from vfmhub.programme.demo.history import DELIVERY_REGISTER, PROJECTS
from vfmhub.programme.demo.risks import REGISTER_NAME, SEED_001_RISKS
from vfmhub.programme.models import (
    AllocationNode,
    AllocationPlan,
    Attendance,
    Commitment,
    Event,
    Feedback,
    FundingStream,
    FundingStreamKind,
    ImprovementProgramme,
    MilestoneStatus,
    PlanStatus,
    Project,
    ProjectFunding,
    ProjectMilestone,
    ProjectStageChange,
    ProjectUpdate,
    RatingKind,
    Risk,
    RiskRating,
    RiskRegister,
    Spend,
)
from vfmhub.programme.selectors.events import programme_figures
from vfmhub.programme.selectors.funding import funding_position

pytestmark = pytest.mark.django_db

YEARS = (2008, 2009, 2010)
SEED_YEAR = 2009
MODELS: list[type[Model]] = [
    FundingStream,
    AllocationPlan,
    AllocationNode,
    Commitment,
    Spend,
    Project,
    Project.partners.through,
    ProjectStageChange,
    ProjectFunding,
    ProjectMilestone,
    ProjectUpdate,
    RiskRegister,
    Risk,
    RiskRating,
    ImprovementProgramme,
    Event,
    Attendance,
    Feedback,
]
OUR_PROJECTS = {name for name, _ in PROJECTS}


def _counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in MODELS}


def _context(scale) -> DemoContext:
    return DemoContext(
        scale=scale,
        seed=DEFAULT_SEED,
        plan=plan_demo(SCALES["demo"], DEFAULT_SEED),
        password_hash="",
        organisations={o.gss_code: o for o in Organisation.objects.all()},
        partnerships=list(Partnership.objects.order_by("pk")),
    )


def _programme_steps(ctx: DemoContext) -> None:
    """The programme's steps (600 to 699) in the generator's order, as `generate` runs them."""
    for step in demo_steps():
        if 600 <= step.order < 700:
            step.run(ctx)


@pytest.fixture(scope="module")
def history(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            load_frameworks()
            generate(scale="demo")
            seeded = _counts()
            demo = _context(SCALES["demo"])
            demo_history.history_funding_and_projects(demo)
            demo_history.history_risks_and_events(demo)
            after_demo = _counts()
            home = Partnership.objects.order_by("pk").first()
            assert home is not None
            other = Partnership.objects.create(
                name="Improvement Testvale",
                kind=PartnershipKind.RIEP,
                lead_organisation=home.lead_organisation,
            )
            bodies = list(Organisation.objects.order_by("pk"))[::2]
            PartnershipMember.objects.bulk_create(
                PartnershipMember(
                    partnership=other, organisation=body, joined=datetime.date(2008, 4, 1)
                )
                for body in bodies
            )
            region = _context(dataclasses.replace(SCALES["demo"], name="region", years=YEARS))
            _programme_steps(region)
            first = _counts()
            _programme_steps(region)
            again = _counts()
            yield {
                "seeded": seeded,
                "after_demo": after_demo,
                "first": first,
                "again": again,
                "partnerships": region.partnerships,
                "home": home,
            }
            transaction.set_rollback(True)


def test_demo_scale_is_left_exactly_as_seeded(history):
    assert history["after_demo"] == history["seeded"]
    assert history["seeded"]["FundingStream"] == 4
    assert history["seeded"]["Project"] == 7


def test_a_second_run_adds_nothing(history):
    assert history["again"] == history["first"]
    assert history["first"]["FundingStream"] > history["seeded"]["FundingStream"]


def test_every_partnership_has_funding_and_an_approved_allocation_each_year(history):
    for partnership in history["partnerships"]:
        for year in YEARS:
            streams = list(FundingStream.objects.filter(partnership=partnership, year=year))
            plan = AllocationPlan.objects.get(partnership=partnership, year=year)
            assert plan.status == PlanStatus.APPROVED
            assert 3 <= len(streams) <= 5
            for stream in streams:
                if stream.kind == FundingStreamKind.RING_FENCED:
                    assert stream.funder and stream.purpose


def test_the_home_partnerships_seed_year_is_untouched(history):
    position = funding_position(history["home"], SEED_YEAR)

    assert position.funding == Decimal(13_000_000)
    assert position.total.allocated == Decimal(12_922_000)
    assert position.committed == position.spent == 0
    assert not ImprovementProgramme.objects.filter(
        partnership=history["home"], year=SEED_YEAR
    ).exclude(name="Use of Resources improvement programme")


def test_trees_are_a_little_under_funding_and_their_checks_pass(history):
    for partnership in history["partnerships"]:
        for year in YEARS:
            if (partnership, year) == (history["home"], SEED_YEAR):
                continue
            position = funding_position(partnership, year)
            start, end = financial_year_bounds(year)
            assert Decimal(8_000_000) <= position.funding <= Decimal(15_000_000)
            assert position.funding * Decimal("0.95") <= position.total.allocated
            assert position.total.allocated < position.funding
            assert position.problems == []
            assert position.spent <= position.committed <= position.total.allocated
            outcomes = [row for row in position.rows if row.depth == 0]
            assert len(outcomes) == 5
            for outcome in outcomes:
                assert 2 <= len([r for r in position.rows if r.parent == outcome.key]) <= 6
            assert all(row.amount is None for row in position.rows if row.has_children)
            commitments = Commitment.objects.filter(node__partnership=partnership, node__year=year)
            spend = Spend.objects.filter(node__partnership=partnership, node__year=year)
            assert 20 <= commitments.count() <= 40 and 10 <= spend.count() <= 30
            leaves = {row.pk for row in position.rows if not row.has_children}
            movements: list[Commitment | Spend] = [*commitments, *spend]
            for movement in movements:
                assert start <= movement.date <= end and movement.amount > 0
                assert movement.node_id in leaves
            for row in position.rows:
                assert row.committed <= row.total


def test_projects_have_members_stages_milestones_and_quarterly_updates(history):
    for partnership in history["partnerships"]:
        members = set(
            PartnershipMember.objects.filter(partnership=partnership).values_list(
                "organisation_id", flat=True
            )
        )
        projects = Project.objects.filter(partnership=partnership, name__in=OUR_PROJECTS)
        assert 10 <= projects.count() <= 14
        for project in projects.prefetch_related("partners", "stage_changes", "milestones"):
            assert project.lead_organisation_id in members
            partners = {o.pk for o in project.partners.all()}
            assert partners and partners <= members - {project.lead_organisation_id}
            changes = sorted(project.stage_changes.all(), key=lambda c: c.changed_on)
            assert changes[0].from_stage == "" and changes[-1].to_stage == project.stage
            assert 4 <= len(project.milestones.all()) <= 8
            for milestone in project.milestones.all():
                assert (milestone.status == MilestoneStatus.DONE) == bool(milestone.completed_on)
            dates = sorted(
                ProjectUpdate.objects.filter(project=project).values_list("date", flat=True)
            )
            assert len(dates) >= 4
            assert 0 < (dates[0] - changes[0].changed_on).days <= 92
            assert all(89 <= (b - a).days <= 92 for a, b in itertools.pairwise(dates))
            assert project.funding.exists()
    stages = set(Project.objects.filter(name__in=OUR_PROJECTS).values_list("stage", flat=True))
    assert len(stages) >= 5


def test_strategic_registers_get_rated_history_and_some_projects_a_register(history):
    for partnership in history["partnerships"]:
        register = RiskRegister.objects.get(partnership=partnership, name=REGISTER_NAME)
        added = register.risks.exclude(title__in=[r[0] for r in SEED_001_RISKS])
        assert 10 <= added.count() <= 20
        for risk in added:
            current = list(
                RiskRating.objects.filter(risk=risk, kind=RatingKind.CURRENT).order_by("rated_at")
            )
            assert 2 <= len(current) <= 6
            latest = current[-1]
            assert (latest.likelihood, latest.impact) == (
                risk.current_likelihood,
                risk.current_impact,
            )
            assert risk.current_score == risk.current_likelihood * risk.current_impact
        delivery = RiskRegister.objects.filter(
            name=DELIVERY_REGISTER, project__partnership=partnership
        ).select_related("matrix")
        assert 2 <= delivery.count() <= 4
        for register in delivery:
            assert register.matrix.key == "3x3"
            assert 3 <= register.risks.count() <= 6


def test_every_year_has_an_improvement_programme_with_computable_figures(history):
    for partnership in history["partnerships"]:
        for year in YEARS:
            programme = ImprovementProgramme.objects.get(partnership=partnership, year=year)
            figures = programme_figures(programme)
            if (partnership, year) == (history["home"], SEED_YEAR):
                assert programme.name == "Use of Resources improvement programme"
                continue
            assert 4 <= len(figures.events) <= 8
            rows = Attendance.objects.filter(event__programme=programme).count()
            assert 90 <= rows <= 250
            assert 50 <= figures.total.feedback_returned <= 120
            assert Feedback.objects.filter(event__programme=programme).count() <= rows
            assert 0 < figures.total.people < rows  # people come to several events
            assert 0 < figures.total.bodies_reached <= figures.total.members
            assert figures.total.percent_good is not None and figures.total.percent_good > 70
