"""What the organisations API tests share: who may read and manage what, URLs, versions."""

from vfmhub.core.api.versions import exact_time
from vfmhub.organisations.models import OrganisationMembership, OrganisationRole
from vfmhub.testing import make_user

JSON = "application/json"
NOT_FOUND = {"detail": "Not found.", "errors": []}
FORBIDDEN = {"detail": "You do not have permission to do that.", "errors": []}

# Who can read organisation A: its own people, its auditor, anyone with a role in a partnership
# it belongs to, and staff. Of those, only its managers and staff manage its people.
READS_ORG_A = [
    "manager",
    "editor",
    "viewer",
    "auditor",
    "partnership_manager",
    "partnership_viewer",
    "peer_reviewer",
    "staff",
]
CANNOT_MANAGE_ORG_A = [
    "editor",
    "viewer",
    "auditor",
    "partnership_manager",
    "partnership_viewer",
    "peer_reviewer",
]
# Who can read the partnership: its roles, people at its member bodies, staff.
READS_PARTNERSHIP = [
    "manager",
    "editor",
    "viewer",
    "partnership_manager",
    "partnership_viewer",
    "peer_reviewer",
    "staff",
]
CANNOT_MANAGE_PARTNERSHIP = ["manager", "editor", "viewer", "partnership_viewer", "peer_reviewer"]


def org_url(personas, suffix: str = "") -> str:
    return f"/api/v1/organisations/{personas.org_a.pk}{suffix}"


def partnership_url(personas, suffix: str = "") -> str:
    return f"/api/v1/partnerships/{personas.partnership.pk}{suffix}"


def membership_of(user) -> OrganisationMembership:
    return OrganisationMembership.objects.get(user=user)


def version_of(user) -> str:
    """The `updated_at` of the user's role as the API returns it, to send back with a change."""
    return exact_time(membership_of(user).updated_at)


def add_people(organisation, count: int) -> None:
    for n in range(count):
        OrganisationMembership.objects.create(
            user=make_user(f"extra{n}@example.org"),
            organisation=organisation,
            role=OrganisationRole.VIEWER,
        )
