"""What `vfmhub demo-accounts` prints: each demo sign-in and what it can see, read from the data."""

from vfmhub.accounts.models import User
from vfmhub.demo.personas import DEMO_DOMAIN, DEMO_PASSWORD, FIXED_ACCOUNTS
from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.models import (
    AuditorAssignment,
    OrganisationMembership,
    OrganisationRole,
    PartnershipRole,
    PartnershipRoleKind,
)

NOT_GENERATED = "There is no demo data yet: run `vfmhub generate --scale demo` first."
ORGANISATION_ROLE_CAN: dict[str, str] = {
    OrganisationRole.MANAGER: "reads, edits, signs off and manages people",
    OrganisationRole.EDITOR: "reads and edits",
    OrganisationRole.VIEWER: "reads",
}
PARTNERSHIP_ROLE_CAN: dict[str, str] = {
    PartnershipRoleKind.MANAGER: "runs the programme, reads every member body",
    PartnershipRoleKind.VIEWER: "reads every member body",
    PartnershipRoleKind.PEER_REVIEWER: "reviews plans members share",
}
STAFF_CAN = "Everything, and the Django admin at /admin/"


def demo_account_rows() -> list[tuple[str, str, str, str]]:
    """(role, email, password, what they can see) for each fixed sign-in that exists."""
    users = {u.email: u for u in User.objects.filter(email__in=[a.email for a in FIXED_ACCOUNTS])}
    rows = [
        (account.role, account.email, DEMO_PASSWORD, describe_access(users[account.email]))
        for account in FIXED_ACCOUNTS
        if account.email in users
    ]
    example = (
        OrganisationMembership.objects.filter(
            role=OrganisationRole.MANAGER, user__email__startswith="manager."
        )
        .select_related("user", "organisation")
        .order_by("organisation__name")
        .first()
    )
    if rows and example:
        pattern = f"manager.<body>@{DEMO_DOMAIN}"
        rows.append(
            ("Manager, every other body", pattern, DEMO_PASSWORD, f"e.g. {example.user.email}")
        )
    return rows


def describe_access(user: User) -> str:
    if user.is_superuser:
        return STAFF_CAN
    parts = [
        f"{m.get_role_display()} at {m.organisation.name}: {ORGANISATION_ROLE_CAN[m.role]}"
        for m in user.organisation_memberships.select_related("organisation")
    ]
    parts += [
        f"Auditor of {a.organisation.name} from {financial_year_label(a.first_year)}"
        for a in AuditorAssignment.objects.filter(user=user).select_related("organisation")
    ]
    parts += [
        f"{r.get_role_display()} of {r.partnership.name}: {PARTNERSHIP_ROLE_CAN[r.role]}"
        for r in PartnershipRole.objects.filter(user=user).select_related("partnership")
    ]
    return "; ".join(parts) or "Nothing yet"
