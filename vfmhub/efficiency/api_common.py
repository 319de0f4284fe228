"""What the efficiency endpoints share: reaching a body's part in a programme, its gains and
returns and the filters of the gains register."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404

from vfmhub.efficiency import calculations, selectors
from vfmhub.efficiency.access import BodyAccess, BodyNeed, body_efficiency_for_user, require_body
from vfmhub.efficiency.models import EfficiencyReturn, Gain, GainCategory, ReturnDeadline
from vfmhub.organisations.access import NOT_FOUND

CATEGORY_NOT_IN_PROGRAMME = "Choose a category of this programme."
PERSISTENCE_STATUSES = ("removed", "confirmed", "due", "coming", "live")


def body_of(request, programme_id: int, organisation_id: int, need=BodyNeed.READ) -> BodyAccess:
    return body_efficiency_for_user(request.user, programme_id, organisation_id, need=need)


def register_of(request, programme_id: int, organisation_id: int, need=BodyNeed.READ):
    """The body's own users (and staff) only: the partnership side gets 404 for the register."""
    access = body_of(request, programme_id, organisation_id, need)
    require_body(access)
    return access


def gain_in(access: BodyAccess, gain_id: int) -> Gain:
    gain = selectors.body_gains(access.programme, access.organisation).filter(pk=gain_id).first()
    if gain is None:
        raise Http404(NOT_FOUND)
    gain.programme = access.programme
    return gain


def category_in(access: BodyAccess, category_id: int | None) -> GainCategory | None:
    if category_id is None:
        return None
    category = GainCategory.objects.filter(programme=access.programme, pk=category_id).first()
    if category is None:
        raise ValidationError({"category_id": CATEGORY_NOT_IN_PROGRAMME})
    return category


def _check_dates(fy: int) -> datetime.date:
    return datetime.date(fy + 3, 3, 31)


def persistence_filter(status: str, today: datetime.date) -> Q:
    """The register's persistence filter, as `calculations.persistence_status` words it."""
    if status == "removed":
        return Q(removed_from_year__isnull=False)
    if status == "confirmed":
        return Q(removed_from_year__isnull=True, persistence_confirmed_on__isnull=False)
    unchecked = Q(removed_from_year__isnull=True, persistence_confirmed_on__isnull=True)
    # The check falls on 31 March of first_year + 3: due once past, coming within 90 days.
    years = range(today.year - 5, today.year + 2)
    due = [y for y in years if today > _check_dates(y)]
    coming = [
        y for y in years if 0 <= (_check_dates(y) - today).days <= calculations.CHECK_COMING_DAYS
    ]
    due_q = Q(first_year__lte=max(due)) if due else Q(pk__in=[])
    if status == "due":
        return unchecked & due_q
    if status == "coming":
        return unchecked & Q(first_year__in=coming)
    return unchecked & ~due_q & ~Q(first_year__in=coming)


def with_persistence(gains, today: datetime.date):
    for gain in gains:
        gain.persistence = calculations.persistence_status(gain, today)
        gain.persistence_check_on = calculations.persistence_check_date(gain)
    return gains


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


def return_in(access: BodyAccess, return_id: int) -> EfficiencyReturn:
    visible = selectors.returns_visible(
        access.programme, access.organisation, sees_drafts=access.sees_drafts
    )
    found = visible.filter(pk=return_id).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return with_deadlines([found], access.programme.pk)[0]
