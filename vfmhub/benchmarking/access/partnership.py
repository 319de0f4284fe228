"""The partnership benchmarking pages: anyone who may read the partnership (its roles, its
members' people, staff) sees them; 404 for anyone else. What each page shows of a member is what
the partnership may see of it (each app's own rule: see the selectors)."""

from typing import Any

from vfmhub.accounts.models import User
from vfmhub.organisations.access import Need, PartnershipAccess, partnership_for_user


def partnership_benchmarking_for_user(user: User, pk: Any) -> PartnershipAccess:
    return partnership_for_user(user, pk, need=Need.READ)
