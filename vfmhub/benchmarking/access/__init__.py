"""Every fetch of a user-supplied id on the benchmarking pages.

The pages belong to an organisation: anyone who may read the organisation sees them (404 for
anyone else); saving, changing and archiving its groups needs EDIT (403 for a read-only role).
Reference data and neighbour model versions are public: any signed-in user may use them."""

from typing import Any

from vfmhub.accounts.models import User
from vfmhub.benchmarking.models import ComparatorGroup
from vfmhub.organisations.access import (
    Need,
    OrganisationAccess,
    one_or_404,
    organisation_for_user,
)


def benchmarking_for_user(user: User, org_pk: Any, *, need: Need = Need.READ) -> OrganisationAccess:
    return organisation_for_user(user, org_pk, need=need)


def group_of(access: OrganisationAccess, pk: int) -> ComparatorGroup:
    """One version of one of the organisation's groups; 404 when it is another body's."""
    return one_or_404(
        ComparatorGroup.objects.select_related("created_by").filter(
            owner=access.organisation, pk=pk
        )
    )
