"""The core generator steps: regions, organisations, partnerships, people and auditors.

Generated rows record no audit events: they are invented, and the history pages start empty.
"""

import datetime

from vfmhub.accounts.models import User
from vfmhub.demo.generator import DemoContext, create_missing, demo_step
from vfmhub.demo.personas import ACCOUNT, DEMO_DOMAIN, demo_email
from vfmhub.demo.plan import BodyPlan
from vfmhub.organisations.models import (
    AuditorAssignment,
    BodyType,
    Organisation,
    OrganisationMembership,
    OrganisationRole,
    Partnership,
    PartnershipKind,
    PartnershipMember,
    PartnershipRole,
    PartnershipRoleKind,
    Region,
)

RIEP_START = datetime.date(2008, 4, 1)
LEFT = datetime.date(2011, 3, 31)
REJOINED = datetime.date(2013, 4, 1)
AUDIT_FIRMS = ("Marrowfield Tallis LLP", "Quenby Audit Partnership", "Brackwell Public Audit")
OFFICER_TITLES: dict[str, str] = {
    OrganisationRole.MANAGER: "Head of Finance",
    OrganisationRole.EDITOR: "Performance and Improvement Officer",
    OrganisationRole.VIEWER: "Policy Officer",
}
FIRST_NAMES = [
    "Ada",
    "Bram",
    "Cerys",
    "Dov",
    "Elin",
    "Fergal",
    "Gwen",
    "Hal",
    "Isolde",
    "Jory",
    "Kit",
    "Lowri",
    "Mabli",
    "Nye",
    "Orla",
    "Piran",
    "Rhys",
    "Tamsin",
    "Wynn",
    "Yara",
]
LAST_NAMES = [
    "Ashdown",
    "Brightwell",
    "Corrin",
    "Dunmore",
    "Esk",
    "Fairlie",
    "Garrow",
    "Hennick",
    "Ivory",
    "Jessop",
    "Kerrow",
    "Lusk",
    "Meriden",
    "Nance",
    "Orchard",
    "Pellow",
    "Quarrie",
    "Rudd",
    "Tregear",
    "Venn",
]


@demo_step(order=100, label="Regions and organisations", models=(Region, Organisation))
def regions_and_organisations(ctx: DemoContext) -> None:
    create_missing(Region, [Region(code=r.code, name=r.name) for r in ctx.plan.regions], ["code"])
    ctx.regions = {r.code: r for r in Region.objects.filter(code__in=_codes(ctx.plan.regions))}
    bodies = ctx.plan.bodies
    tops = [_organisation(ctx, body, None) for body in bodies if not body.parent_gss]
    create_missing(Organisation, tops, ["gss_code"])
    parents = dict(
        Organisation.objects.filter(gss_code__in=[b.parent_gss for b in bodies]).values_list(
            "gss_code", "pk"
        )
    )
    children = [
        _organisation(ctx, body, parents[body.parent_gss]) for body in bodies if body.parent_gss
    ]
    create_missing(Organisation, children, ["gss_code"])
    held = Organisation.objects.filter(gss_code__in=[b.gss_code for b in bodies])
    ctx.organisations = {o.gss_code: o for o in held.select_related("region")}


def _codes(regions) -> list[str]:
    return [region.code for region in regions]


def _organisation(ctx: DemoContext, body: BodyPlan, parent_id: int | None) -> Organisation:
    return Organisation(
        name=body.name,
        short_name=body.short_name,
        body_type=body.body_type,
        gss_code=body.gss_code,
        region=ctx.regions[body.region_code],
        parent_id=parent_id,
        active_from=body.active_from,
        is_demo=True,
    )


@demo_step(order=110, label="Partnerships", models=(Partnership, PartnershipMember))
def partnerships(ctx: DemoContext) -> None:
    wanted = [
        Partnership(
            name=f"Improvement {region.name}",
            short_name=region.name,
            kind=PartnershipKind.RIEP,
            lead_organisation=ctx.organisations[_lead(region.bodies).gss_code],
            description=f"The regional improvement and efficiency partnership for {region.name}.",
            active_from=RIEP_START,
            is_demo=True,
        )
        for region in ctx.plan.regions
    ]
    create_missing(Partnership, wanted, ["name"])
    by_name = {p.name: p for p in Partnership.objects.filter(name__in=[p.name for p in wanted])}
    ctx.partnerships = [by_name[p.name] for p in wanted]
    rng = ctx.rng("partnership members")
    members = []
    for region, partnership in zip(ctx.plan.regions, ctx.partnerships, strict=True):
        bodies = [b for b in region.bodies if b.body_type != BodyType.POLICE]
        keep = {ctx.plan.home.gss_code, ctx.plan.peer_body.gss_code, _lead(bodies).gss_code}
        movable = [b for b in bodies if b.gss_code not in keep and not b.active_from]
        leavers = rng.sample(movable, min(2, len(movable)))
        for body in bodies:
            members += _memberships(ctx, partnership, body, leavers)
    create_missing(PartnershipMember, members, ["partnership_id", "organisation_id", "joined"])


def _lead(bodies: list[BodyPlan]) -> BodyPlan:
    """A county leads the partnership where there is one, else the first council."""
    councils = [b for b in bodies if b.body_type not in (BodyType.FIRE, BodyType.POLICE)]
    return next((b for b in councils if b.body_type == BodyType.COUNTY), councils[0])


def _memberships(ctx, partnership, body: BodyPlan, leavers: list[BodyPlan]) -> list:
    organisation = ctx.organisations[body.gss_code]
    joined = body.active_from or RIEP_START
    if body not in leavers:
        return [
            PartnershipMember(partnership=partnership, organisation=organisation, joined=joined)
        ]
    spells = [
        PartnershipMember(
            partnership=partnership, organisation=organisation, joined=joined, left=LEFT
        )
    ]
    if body is leavers[0]:  # the first to leave came back two years later
        spells.append(
            PartnershipMember(partnership=partnership, organisation=organisation, joined=REJOINED)
        )
    return spells


@demo_step(
    order=120,
    label="People and roles",
    models=(User, OrganisationMembership, PartnershipRole),
)
def people(ctx: DemoContext) -> None:
    rng = ctx.rng("people")
    users: dict[str, User] = {}
    memberships: list[tuple[str, BodyPlan, str]] = []
    grants: list[tuple[str, Partnership, str]] = []

    def person(email: str, full_name: str = "", **flags) -> str:
        full_name = full_name or f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        users[email] = User(email=email, full_name=full_name, password=ctx.password_hash, **flags)
        return email

    for key in ("manager", "editor", "viewer"):
        memberships.append((person(ACCOUNT[key].email, ACCOUNT[key].full_name), ctx.plan.home, key))
    reviewer = person(ACCOUNT["peer_reviewer"].email, ACCOUNT["peer_reviewer"].full_name)
    memberships.append((reviewer, ctx.plan.peer_body, OrganisationRole.EDITOR))
    person(ACCOUNT["staff"].email, ACCOUNT["staff"].full_name, is_staff=True, is_superuser=True)
    person(ACCOUNT["auditor"].email, ACCOUNT["auditor"].full_name)
    for body in ctx.plan.bodies:
        if body is not ctx.plan.home:
            for role in ctx.scale.roles_per_body:
                memberships.append((person(demo_email(f"{role}.{body.slug}")), body, role))
    _partnership_people(ctx, person, grants)
    create_missing(User, users.values(), ["email"])
    ctx.users = {u.email: u for u in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")}
    create_missing(
        OrganisationMembership,
        [
            OrganisationMembership(
                user=ctx.users[email],
                organisation=ctx.organisations[body.gss_code],
                role=role,
                officer_title=OFFICER_TITLES[role],
            )
            for email, body, role in memberships
        ],
        ["user_id", "organisation_id"],
    )
    roles = [PartnershipRole(user=ctx.users[e], partnership=p, role=r) for e, p, r in grants]
    create_missing(PartnershipRole, roles, ["user_id", "partnership_id", "role"])


def _partnership_people(ctx: DemoContext, person, grants: list) -> None:
    first = ctx.partnerships[0]
    for key, role in (
        ("partnership_manager", PartnershipRoleKind.MANAGER),
        ("partnership_viewer", PartnershipRoleKind.VIEWER),
        ("peer_reviewer", PartnershipRoleKind.PEER_REVIEWER),
    ):
        account = ACCOUNT[key]
        grants.append((person(account.email, account.full_name), first, role))
    for region, partnership in zip(ctx.plan.regions[1:], ctx.partnerships[1:], strict=True):
        for role in (PartnershipRoleKind.MANAGER, PartnershipRoleKind.VIEWER):
            email = demo_email(f"partnership.{role}.{region.slug}")
            grants.append((person(email), partnership, role))


@demo_step(order=130, label="Auditor appointments", models=(AuditorAssignment,))
def auditor_appointments(ctx: DemoContext) -> None:
    auditor = ctx.users[ACCOUNT["auditor"].email]
    wanted = [
        AuditorAssignment(
            user=auditor, organisation=ctx.home, firm=AUDIT_FIRMS[0], first_year=ctx.scale.years[0]
        )
    ]
    if ctx.scale.auditor_history:
        wanted += _auditor_history(ctx)
    create_missing(AuditorAssignment, wanted, ["user_id", "organisation_id", "first_year"])


def _auditor_history(ctx: DemoContext) -> list[AuditorAssignment]:
    """Every other body: an auditor from 2008, and for most a change of auditor part-way."""
    rng = ctx.rng("auditors")
    bodies = [b for b in ctx.plan.bodies if b is not ctx.plan.home]
    numbers = range(1, len(bodies) // 10 + 2)
    wanted_auditors = [
        User(
            email=demo_email(f"auditor.{n:02d}"),
            full_name=f"Auditor {n:02d}",
            password=ctx.password_hash,
        )
        for n in numbers
    ]
    create_missing(User, wanted_auditors, ["email"])
    emails = [user.email for user in wanted_auditors]
    auditors = list(User.objects.filter(email__in=emails).order_by("email"))
    first, last = ctx.scale.years[0], ctx.scale.years[-1]
    wanted = []
    for body in bodies:
        organisation = ctx.organisations[body.gss_code]
        earlier, later = rng.sample(auditors, 2) if len(auditors) > 1 else auditors * 2
        change = rng.choice((None, *range(first + 2, last - 1)))
        firms = rng.sample(AUDIT_FIRMS, 2)
        wanted.append(
            AuditorAssignment(
                user=earlier,
                organisation=organisation,
                firm=firms[0],
                first_year=first,
                last_year=change - 1 if change else None,
            )
        )
        if change:
            wanted.append(
                AuditorAssignment(
                    user=later, organisation=organisation, firm=firms[1], first_year=change
                )
            )
    return wanted
