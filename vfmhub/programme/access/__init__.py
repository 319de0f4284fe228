"""Reaching a partnership's programme (funding, projects, risks, events) for a user.

Readers are the partnership's roles and the users of its member organisations (and staff);
writers are the partnership's managers. No access at all is 404; read-only access is 403 on writes.
"""

from typing import Any

from vfmhub.accounts.models import User
from vfmhub.organisations.access import Need, PartnershipAccess, partnership_for_user

__all__ = ["Need", "PartnershipAccess", "programme_partnership_for_user"]


def programme_partnership_for_user(
    user: User, pk: Any, *, need: Need = Need.READ
) -> PartnershipAccess:
    """Fetch a partnership for its programme pages: READ for readers, MANAGE for managers."""
    if need not in (Need.READ, Need.MANAGE):
        need = Need.MANAGE
    return partnership_for_user(user, pk, need=need)
