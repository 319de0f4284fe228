"""Lists scoped to the signed-in user. Each returns a queryset with a fixed number of queries."""

from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from vfmhub.accounts.models import User
from vfmhub.lib import clock
from vfmhub.organisations.access import (
    readable_organisations_filter,
    readable_partnerships_filter,
)
from vfmhub.organisations.models import (
    AuditorAssignment,
    Organisation,
    OrganisationMembership,
    Partnership,
    PartnershipMember,
    PartnershipRole,
)


def organisations_for_user(
    user: User, *, search: str = "", body_type: str = ""
) -> QuerySet[Organisation]:
    """Organisations `user` can read, with their own role annotated as `my_role`."""
    my_role = OrganisationMembership.objects.filter(organisation=OuterRef("pk"), user=user).values(
        "role"
    )[:1]
    qs = (
        Organisation.objects.filter(readable_organisations_filter(user))
        .select_related("region", "parent")
        .annotate(my_role=Subquery(my_role))
    )
    if search:
        qs = qs.filter(
            Q(name__icontains=search) | Q(short_name__icontains=search) | Q(gss_code__iexact=search)
        )
    if body_type:
        qs = qs.filter(body_type=body_type)
    return qs.order_by("name")


def organisations_open() -> QuerySet[Organisation]:
    """The bodies that still exist (not abolished or merged away), by name."""
    return Organisation.objects.filter(active_to__isnull=True).order_by("name")


def my_organisations(user: User) -> QuerySet[OrganisationMembership]:
    """The organisations where `user` holds a role (the home page list)."""
    return (
        OrganisationMembership.objects.filter(user=user)
        .select_related("organisation", "organisation__region")
        .order_by("organisation__name")
    )


def partnerships_for_user(user: User) -> QuerySet[Partnership]:
    today = clock.today()
    current = Q(members__left__isnull=True) | Q(members__left__gte=today)
    return (
        Partnership.objects.filter(readable_partnerships_filter(user))
        .select_related("lead_organisation")
        .annotate(
            current_member_count=Count("members", filter=current & Q(members__joined__lte=today))
        )
        .prefetch_related(
            Prefetch(
                "roles",
                queryset=PartnershipRole.objects.filter(user=user),
                to_attr="my_roles",
            )
        )
        .order_by("name")
    )


def organisation_members(organisation: Organisation) -> QuerySet[OrganisationMembership]:
    return organisation.memberships.select_related("user").order_by("role", "user__email")


def organisation_member_with_email(
    organisation: Organisation, email: str
) -> OrganisationMembership | None:
    """The membership of the person with this email address at `organisation`, if any."""
    found = organisation.memberships.filter(user__email__iexact=email.strip())
    return found.select_related("user").first()


def organisation_auditors(organisation: Organisation) -> QuerySet[AuditorAssignment]:
    return organisation.auditor_assignments.select_related("user")


def organisation_children(organisation: Organisation) -> QuerySet[Organisation]:
    """The bodies within this one (a county's districts), by name."""
    return organisation.children.order_by("name")


def organisation_partnerships(organisation: Organisation) -> QuerySet[PartnershipMember]:
    return organisation.partnership_memberships.select_related("partnership").order_by(
        "partnership__name", "joined"
    )


def partnership_members(partnership: Partnership) -> QuerySet[PartnershipMember]:
    return partnership.members.select_related("organisation", "organisation__region").order_by(
        "organisation__name", "joined"
    )


def partnership_members_for_user(
    user: User, partnership: Partnership
) -> QuerySet[PartnershipMember]:
    """The members, each with `organisation_readable`: may `user` open that body's page?

    A partnership role reads every member; a person reaching the partnership through their own
    body reads only that body.
    """
    readable = Organisation.objects.filter(pk=OuterRef("organisation_id")).filter(
        readable_organisations_filter(user)
    )
    return partnership_members(partnership).annotate(organisation_readable=Exists(readable))


def partnership_people(partnership: Partnership) -> QuerySet[PartnershipRole]:
    return partnership.roles.select_related("user").order_by("role", "user__email")


def home_for_user(user: User) -> dict[str, Any]:
    """The home page's lists of the user's bodies, partnerships and auditor assignments."""
    return {
        "memberships": my_organisations(user),
        "partnerships": partnerships_for_user(user),
        "auditor_assignments": AuditorAssignment.objects.filter(user=user).select_related(
            "organisation"
        ),
    }
