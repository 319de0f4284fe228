"""Reaching a partnership's funding for a user: the financial year a page asks for, and the funding
streams, allocation lines, commitments and spend named by id under the partnership reached.

The partnership is checked first (`programme_partnership_for_user`: no access at all is 404,
read-only access 403 on writes); a record of another partnership is 404. Lines and streams a body
names as links (a line's parent, its ring-fence, a commitment's line) are refused as invalid
values of that field (422 over the API) when they are not the partnership's.
"""

from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse

from vfmhub.accounts.models import User
from vfmhub.lib.years import year_or_none
from vfmhub.organisations.access import Need, PartnershipAccess, one_or_404
from vfmhub.organisations.models import Partnership
from vfmhub.programme.access import programme_partnership_for_user
from vfmhub.programme.access.events import signed_in
from vfmhub.programme.models import AllocationNode, Commitment, FundingStream, Spend
from vfmhub.programme.selectors.funding import (
    funding_year_or_latest,
    lines_of_year,
    movements,
    ring_fences_of_year,
)

NO_SUCH_YEAR = "There is no such financial year."
NO_PARENT = "Choose a line of the partnership's {year} allocation as the parent."
NO_RING_FENCE = "Choose a ring-fenced funding stream of the partnership's {year} funding."
NO_LINE = "Choose a line of the partnership's allocation."

Movement = TypeVar("Movement", bound=Commitment | Spend)


@dataclass(frozen=True)
class FundingYear:
    """A partnership's programme as the user reached it, and the financial year shown."""

    access: PartnershipAccess
    year: int

    @property
    def partnership(self) -> Partnership:
        return self.access.partnership

    def url(self, name: str, year: int | None = None) -> str:
        """The funding page `name` of the partnership, for the year (or `year`)."""
        path = reverse(f"programme:{name}", args=[self.partnership.pk])
        return f"{path}?year={self.year if year is None else year}"

    def context(self, **extra: Any) -> dict[str, Any]:
        """What every funding page shows: the partnership, whether the user manages it, the
        year, and the page's own `extra`."""
        return {
            "partnership": self.partnership,
            "can_manage": self.access.can_manage,
            "year": self.year,
            **extra,
        }


def partnership_for(user: User, pk: int, *, need: Need = Need.READ) -> Partnership:
    """The partnership `pk`, whose programme the user may read (or, with MANAGE, change)."""
    return programme_partnership_for_user(user, pk, need=need).partnership


def manages_programme(request: HttpRequest, partnership_id: int, **_: Any) -> None:
    """The access check of a write to a partnership's programme (see `write_access`)."""
    partnership_for(signed_in(request), partnership_id, need=Need.MANAGE)


def funding_year_for(request: HttpRequest, pk: int, *, need: Need = Need.READ) -> FundingYear:
    """The partnership `pk` as the user may reach it, and the year asked for (`?year=`, or a
    form's `year`), else the latest with funding (or this one). One that is not a year the
    service deals in (`?year=71853`, `?year=abc`) has no page: 404."""
    access = programme_partnership_for_user(signed_in(request), pk, need=need)
    asked = request.GET.get("year") or request.POST.get("year") or ""
    if not asked:
        return FundingYear(access, funding_year_or_latest(access.partnership))
    year = year_or_none(asked)
    if year is None:
        raise Http404(NO_SUCH_YEAR)
    return FundingYear(access, year)


def stream_of(partnership: Partnership, pk: int) -> FundingStream:
    """One of the partnership's funding streams; 404 when it is not one of its."""
    return one_or_404(FundingStream.objects.filter(partnership=partnership, pk=pk))


def line_of(partnership: Partnership, pk: int) -> AllocationNode:
    """One of the partnership's allocation lines; 404 when it is not one of its."""
    return one_or_404(AllocationNode.objects.filter(partnership=partnership, pk=pk))


def movement_of(model: type[Movement], partnership: Partnership, pk: int) -> Movement:
    """One of the partnership's commitments (or spend records) as `movements` reads them, with
    its line; 404 when it is not one of its."""
    return one_or_404(movements(model, partnership).filter(pk=pk))


def line_named(partnership: Partnership, pk: int) -> AllocationNode:
    """The line a commitment or spend is recorded against; invalid unless the partnership's."""
    node = AllocationNode.objects.filter(partnership=partnership, pk=pk).first()
    if node is None:
        raise ValidationError({"line_id": NO_LINE})
    return node


def _linked(candidates: QuerySet[Any], pk: int | None, field: str, refusal: str) -> Any:
    """The one of `candidates` with id `pk` (None for none); invalid as `field` otherwise."""
    if pk is None:
        return None
    found = candidates.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: refusal})
    return found


def line_links(partnership: Partnership, year: int, sent: dict[str, Any]) -> dict[str, Any]:
    """`sent` with `parent_id` and `ring_fence_id` as the line and the ring-fenced stream they
    name, which must be of the partnership's `year` (null names none)."""
    links: dict[str, Any] = {}
    if "parent_id" in sent:
        lines = lines_of_year(partnership, year)
        refusal = NO_PARENT.format(year=year)
        links["parent"] = _linked(lines, sent["parent_id"], "parent_id", refusal)
    if "ring_fence_id" in sent:
        streams = ring_fences_of_year(partnership, year)
        refusal = NO_RING_FENCE.format(year=year)
        links["ring_fence"] = _linked(streams, sent["ring_fence_id"], "ring_fence_id", refusal)
    return {k: v for k, v in sent.items() if k not in ("parent_id", "ring_fence_id")} | links
