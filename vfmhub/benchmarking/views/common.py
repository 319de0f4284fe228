"""What the benchmarking pages share: the body and its group choices, and the rows of a member
table with names shown only where the data is public."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from vfmhub.benchmarking.access import benchmarking_for_user
from vfmhub.benchmarking.selectors.benchmark import MeasureValues
from vfmhub.benchmarking.selectors.groups import (
    Body,
    GroupChoice,
    ResolvedGroup,
    body_for,
)
from vfmhub.organisations.access import OrganisationAccess

NOT_NAMED = "Not named"
NOT_NAMED_HINT = (
    "Bodies marked “Not named” entered these figures on VFM Hub themselves: their values are "
    "shown in the distribution, not their names."
)


def body_page(request: Any, org_pk: int) -> tuple[OrganisationAccess, Body]:
    access = benchmarking_for_user(request.user, org_pk)
    return access, body_for(access.organisation)


@dataclass(frozen=True)
class Member:
    code: str
    name: str
    is_body: bool
    named: bool


def members(
    codes: tuple[str, ...], body: Body, values: MeasureValues, names: dict[str, str]
) -> list[Member]:
    """The body and each group member with a value, named where the data is public."""
    found = []
    for code in (body.code, *codes):
        if not code or code not in values.values:
            continue
        named = code in values.named or code == body.code
        name = (body.name if code == body.code else names.get(code, code)) if named else NOT_NAMED
        found.append(Member(code=code, name=name, is_body=code == body.code, named=named))
    return found


def sorted_members(found: list[Member]) -> list[Member]:
    """By name, never by value: the page is about position in the distribution, not a league
    table; bodies not named come last."""
    return sorted(found, key=lambda m: (not m.named, m.name.casefold(), m.code))


def with_group(choices: list[GroupChoice], group: ResolvedGroup) -> list[GroupChoice]:
    """The choices, with the group in use added when it is not among them (an earlier version of
    a list, or an archived one, cited from another page), so the form shows what is shown."""
    if any(choice.token == group.token for choice in choices):
        return choices
    return [*choices, GroupChoice(group.token, f"{group.label} (as cited)")]


def group_values(codes: tuple[str, ...], values: MeasureValues) -> list[Decimal]:
    return [values.values[code] for code in codes if code in values.values]
