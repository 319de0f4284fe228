"""Plain helpers shared by the programme app's tests (fixtures live in conftest.py): the audit
helper, seed 001's funding, and the seeded programme the overview and report tests check by hand
(`build_programme`)."""

import datetime
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from vfmhub.audit.models import AuditEvent
from vfmhub.efficiency import services as efficiency
from vfmhub.lib import clock
from vfmhub.programme.demo import funding as demo_funding
from vfmhub.programme.importing.funding import allocation_import
from vfmhub.programme.models import (
    AllocationNode,
    Event,
    FundingStreamKind,
    ImprovementProgramme,
    Project,
    Risk,
    RiskRegister,
)
from vfmhub.programme.services import events as services_events
from vfmhub.programme.services import funding as services_funding
from vfmhub.programme.services import projects as services_projects
from vfmhub.programme.services import risks as services_risks

FIXTURES = Path(__file__).parent / "fixtures"
K = Decimal(1000)
YEAR = 2009
TODAY = clock.today()  # the overview rates reviews as overdue against the real date
READERS = ["partnership_manager", "partnership_viewer", "peer_reviewer", "viewer", "staff"]
SEED_STREAMS = [
    ("Building Capacity East carry forward", FundingStreamKind.CARRY_FORWARD, "0.5"),
    ("Year One uncommitted", FundingStreamKind.UNCOMMITTED, "3.5"),
    ("Year Two funding", FundingStreamKind.GRANT, "7.0"),
    ("Capital Efficiency and Transformation Fund (2008/9)", FundingStreamKind.CAPITAL, "2.0"),
]


def latest_audit(action: str) -> AuditEvent:
    """The newest audit event recorded with this action (there must be one)."""
    event = AuditEvent.objects.filter(action=action).order_by("-pk").first()
    assert event is not None, f"no {action} event was recorded"
    return event


def make_register(personas, name="Strategic risks"):
    """A risk register of the personas' partnership, created by its manager."""
    return services_risks.register_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        name=name,
    )


# Funding -----------------------------------------------------------------------------------------


def add_seed_streams(personas, year: int = YEAR) -> None:
    """Seed 001's four streams: £13m."""
    for name, kind, millions in SEED_STREAMS:
        services_funding.stream_create(
            acting_user=personas.partnership_manager,
            partnership=personas.partnership,
            year=year,
            name=name,
            kind=kind,
            amount=Decimal(millions) * 1_000_000,
        )


def add_allocation(personas, year: int = YEAR) -> None:
    """Seed 001's allocation of £12,922k (the demo's), with its stated block totals."""
    draft = allocation_import(
        demo_funding.ALLOCATION.encode(),
        "seed001_allocation.csv",
        partnership=personas.partnership,
        year=year,
        acting_user=personas.partnership_manager,
    )
    assert not draft.errors


def add_stream(personas, name: str, amount: Decimal, kind=FundingStreamKind.GRANT, **fields):
    return services_funding.stream_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        year=fields.pop("year", YEAR),
        name=name,
        kind=kind,
        amount=amount,
        **fields,
    )


def add_line(personas, name: str, amount: Decimal | None = None, **fields):
    return services_funding.node_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        year=YEAR,
        name=name,
        amount=amount,
        **fields,
    )


def make_funding(personas) -> SimpleNamespace:
    """Two streams (one ring-fenced), a block with a line that has a commitment and spend, a line
    tagged with the ring-fence and a line with nothing against it."""
    manager = personas.partnership_manager
    grant = add_stream(personas, "Year Two funding", 7_000_000 * Decimal(1))
    defra = add_stream(
        personas,
        "DEFRA climate change",
        288 * K,
        kind=FundingStreamKind.RING_FENCED,
        funder="DEFRA",
        purpose="Climate Change",
    )
    block = add_line(personas, "Performance", level="outcome", stated_total=1297 * K)
    care = add_line(personas, "Adult Social Care", 1297 * K, parent=block)
    climate = add_line(personas, "Climate change", 288 * K, ring_fence=defra)
    equalities = add_line(personas, "Equalities", 65 * K)
    commitment = services_funding.commitment_create(
        acting_user=manager,
        node=care,
        date=datetime.date(2009, 6, 1),
        amount=400 * K,
        description="Care pathways review",
    )
    spend = services_funding.spend_create(
        acting_user=manager,
        node=care,
        date=datetime.date(2009, 9, 30),
        amount=150 * K,
        description="First quarter invoices",
    )
    return SimpleNamespace(
        grant=grant,
        defra=defra,
        block=block,
        care=care,
        climate=climate,
        equalities=equalities,
        commitment=commitment,
        spend=spend,
    )


# The seeded programme of the overview and report tests ------------------------------------------


def add_project(personas, name, stage, expected, rags=(), **fields) -> Project:
    project = services_projects.project_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        name=name,
        lead_organisation=fields.pop("lead_organisation", personas.org_a),
        partners=fields.pop("partners", [personas.org_c]),
        stage=stage,
        expected_annual_savings=Decimal(expected),
        **fields,
    )
    for day, rag in enumerate(rags, start=1):
        services_projects.project_update_add(
            acting_user=personas.partnership_manager,
            project=project,
            rag=rag,
            text=f"Update {day}.",
            date=datetime.date(2009, 10, day),
        )
    return project


def add_register(personas, name="Strategic risk register 2009/10", **owner) -> RiskRegister:
    return services_risks.register_create(
        acting_user=personas.partnership_manager,
        name=name,
        **(owner or {"partnership": personas.partnership}),
    )


def add_risk(personas, register, title, likelihood, impact, review=None, **fields) -> Risk:
    return services_risks.risk_create(
        acting_user=personas.partnership_manager,
        register=register,
        title=title,
        current_likelihood=likelihood,
        current_impact=impact,
        review_date=review,
        **fields,
    )


def add_event(personas, programme, title, day, people, ratings) -> Event:
    """An event with `people` as (name, organisation or None, other body name) and feedback."""
    user = personas.partnership_manager
    event = services_events.event_create(
        acting_user=user, programme=programme, title=title, date=day
    )
    for name, organisation, other in people:
        services_events.attendance_add(
            acting_user=user,
            event=event,
            person_name=name,
            organisation=organisation,
            organisation_name=other,
        )
    for rating in ratings:
        services_events.feedback_add(acting_user=user, event=event, rating=rating)
    return event


def _seed_funding(personas) -> None:
    """Seed 001's funding and allocation, and a commitment against Use of Resources."""
    add_seed_streams(personas)
    add_allocation(personas)
    node = AllocationNode.objects.get(partnership=personas.partnership, name="Use of Resources")
    services_funding.commitment_create(
        acting_user=personas.partnership_manager,
        node=node,
        date=datetime.date(2009, 5, 1),
        amount=Decimal(120_000),
        description="Use of Resources workshops",
    )


def _seed_projects(personas) -> dict[str, Project]:
    """Four projects at three stages, one of them linked to an efficiency gain (realised £75k)."""
    winter = add_project(personas, "Winter Maintenance", "business_case", "100000", ["G", "A"])
    legal = add_project(personas, "Legal", "business_case", "50000", ["R"])
    add_project(personas, "Fleet", "feasibility", "0")
    revenues = add_project(personas, "Revenues and Benefits", "live", "300000", ["A", "G"])
    manager = personas.partnership_manager
    programme = efficiency.programme_create(
        acting_user=manager,
        partnership=personas.partnership,
        name="LAA NI 179 efficiency target",
        first_year=2008,
        last_year=2010,
        baseline_year=2007,
        method="added",
    )
    efficiency.participant_add(
        acting_user=manager, programme=programme, organisation=personas.org_a
    )
    gain = efficiency.gain_add(
        acting_user=personas.staff,
        programme=programme,
        organisation=personas.org_a,
        description="Shared revenues and benefits service",
        first_year=2009,
        gross_annual_value=Decimal("90000"),
        ongoing_cost=Decimal("15000"),
    )
    services_projects.project_gain_link(acting_user=manager, project=revenues, gain=gain)
    return {"winter": winter, "legal": legal, "revenues": revenues}


def _seed_risks(personas, legal: Project) -> None:
    """Four open risks and a closed one on a partnership register, one on the Legal project's
    register, and one on another body's register (left out of the programme's figures)."""
    register = add_register(personas)
    overdue = TODAY - datetime.timedelta(days=15)
    add_risk(
        personas,
        register,
        "Lack of Member engagement",
        2,
        3,
        review=overdue,
        owner="Chair of the Advisory Group",
    )
    add_risk(personas, register, "Lack of leadership from Member Panel", 1, 3)
    add_risk(
        personas,
        register,
        "Expectations on the partnership are too high",
        2,
        2,
        review=TODAY + datetime.timedelta(days=120),
        owner_user=personas.partnership_manager,
    )
    closed = add_risk(personas, register, "Funding is withdrawn", 3, 3)
    services_risks.risk_close(acting_user=personas.partnership_manager, risk=closed)
    legal_register = add_register(personas, "Legal project risks", project_id=legal.pk)
    add_risk(
        personas,
        legal_register,
        "Partners withdraw from the shared legal service",
        3,
        3,
        review=TODAY - datetime.timedelta(days=76),
        owner="Legal project board",
    )
    elsewhere = add_register(personas, "Bexwell risks", organisation=personas.org_b)
    add_risk(personas, elsewhere, "A risk of another body", 3, 3)


def _seed_events(personas) -> ImprovementProgramme:
    """A workshop programme of two days: four people from two member bodies and one other."""
    workshops = services_events.improvement_programme_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        name="Use of Resources improvement programme",
        year=YEAR,
    )
    add_event(
        personas,
        workshops,
        "Cohort 1: workshop day 1",
        datetime.date(2009, 6, 9),
        [
            ("Ann Cole", personas.org_a, ""),
            ("Sam Shaw", personas.org_a, ""),
            ("Lee Harper", None, "Elsewhere Fire and Rescue"),
        ],
        ["very_good", "good"],
    )
    add_event(
        personas,
        workshops,
        "Cohort 1: workshop day 2",
        datetime.date(2009, 7, 14),
        [("Ann Cole", personas.org_a, ""), ("Jo Reid", personas.org_c, "")],
        ["satisfactory"],
    )
    return workshops


def build_programme(personas) -> dict[str, Any]:
    """Seed 001's funding and allocation, four projects, risks on a partnership register and a
    project register, and a workshop programme: the figures each test checks by hand."""
    _seed_funding(personas)
    projects = _seed_projects(personas)
    _seed_risks(personas, projects["legal"])
    return {**projects, "workshops": _seed_events(personas)}
