"""What the benchmarking pages share: the body and its group choices, and the rows of a member
table with names shown only where the data is public."""

from typing import Any

from vfmhub.benchmarking.access import benchmarking_for_user
from vfmhub.benchmarking.selectors.groups import (
    Body,
    GroupChoice,
    ResolvedGroup,
    body_for,
)
from vfmhub.organisations.access import OrganisationAccess

NOT_NAMED_HINT = (
    "Bodies marked “Not named” entered these figures on VFM Hub themselves: their values are "
    "shown in the distribution, not their names."
)


def body_page(request: Any, org_pk: int) -> tuple[OrganisationAccess, Body]:
    access = benchmarking_for_user(request.user, org_pk)
    return access, body_for(access.organisation)


def with_group(choices: list[GroupChoice], group: ResolvedGroup) -> list[GroupChoice]:
    """The choices, with the group in use added when it is not among them (an earlier version of
    a list, or an archived one, cited from another page), so the form shows what is shown."""
    if any(choice.token == group.token for choice in choices):
        return choices
    return [*choices, GroupChoice(group.token, f"{group.label} (as cited)")]
