"""A body's returns as the user may see them (the page and the API read the same list), each
with its due date, and the version that stands for a year."""

import datetime
from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from vfmhub.efficiency.models import (
    EfficiencyProgramme,
    EfficiencyReturn,
    ReturnDeadline,
    ReturnRating,
    ReturnStatus,
)
from vfmhub.organisations.models import Organisation


def returns_visible(
    programme: EfficiencyProgramme,
    organisation: Organisation,
    *,
    sees_drafts: bool,
    current: bool | None = None,
    year: int | None = None,
    kind: str | None = None,
) -> QuerySet[EfficiencyReturn]:
    """Every version of a body's returns the user may see (drafts only for the body itself),
    latest year first; `current` keeps the version that stands (or, false, the history)."""
    returns = (
        EfficiencyReturn.objects.filter(programme=programme, organisation=organisation)
        .select_related("submitted_by", "created_by")
        .prefetch_related(Prefetch("ratings", queryset=ReturnRating.objects.order_by("year")))
        .order_by("-year", "kind", "-version")
    )
    if not sees_drafts:
        returns = returns.filter(status=ReturnStatus.SUBMITTED)
    if current is not None:
        returns = returns.filter(is_current=current)
    if year is not None:
        returns = returns.filter(year=year)
    if kind is not None:
        returns = returns.filter(kind=kind)
    return returns


def latest_return(
    programme: EfficiencyProgramme, organisation: Organisation, year: int, kind: str
) -> EfficiencyReturn | None:
    """The body's latest version of a year's return of `kind`, draft or submitted."""
    return returns_visible(programme, organisation, sees_drafts=True, year=year, kind=kind).first()


def return_versions(
    programme: EfficiencyProgramme, organisation: Organisation, year: int, kind: str
) -> QuerySet[EfficiencyReturn]:
    """Every version of a body's return for one year and kind, drafts included."""
    return EfficiencyReturn.objects.filter(
        programme=programme, organisation=organisation, year=year, kind=kind
    )


def has_draft(
    programme: EfficiencyProgramme, organisation: Organisation, year: int, kind: str
) -> bool:
    """Whether the body has a draft of a year's return of `kind` in progress."""
    return (
        return_versions(programme, organisation, year, kind)
        .filter(status=ReturnStatus.DRAFT)
        .exists()
    )


def has_submitted(
    programme: EfficiencyProgramme, organisation: Organisation, year: int, kind: str
) -> bool:
    """Whether the body's current version of a year's return of `kind` is submitted."""
    versions = return_versions(programme, organisation, year, kind)
    return versions.filter(status=ReturnStatus.SUBMITTED, is_current=True).exists()


def with_deadlines(returns: list[EfficiencyReturn], programme_id: int) -> list[EfficiencyReturn]:
    """Each return's due date and whether it was submitted (or, as a draft, is) after it."""
    due = {
        (d.year, d.kind): d.due_on for d in ReturnDeadline.objects.filter(programme_id=programme_id)
    }
    for made in returns:
        due_on = due.get((made.year, made.kind))
        submitted = made.submitted_at.date() if made.submitted_at else None
        made.due_on = due_on  # type: ignore[attr-defined]
        made.is_late = bool(due_on and submitted and submitted > due_on)  # type: ignore[attr-defined]
    return returns


def standing(
    returns: Iterable[EfficiencyReturn], year: int, kinds: tuple[str, ...]
) -> EfficiencyReturn | None:
    """The current submitted return for a year among `kinds`, most recently submitted first."""
    candidates = [
        r
        for r in returns
        if r.year == year
        and r.kind in kinds
        and r.is_current
        and r.status == ReturnStatus.SUBMITTED
    ]
    candidates.sort(key=lambda r: r.submitted_at or datetime.datetime.min, reverse=True)
    return candidates[0] if candidates else None
