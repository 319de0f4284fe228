"""Returns: a body's draft for a programme, year and kind, and submitting it as a new version.

Which version is current: the latest submitted one, or the first draft while nothing has been
submitted. A draft started on top of a submitted return is not current until it is submitted, so
the partnership keeps seeing the submitted figures meanwhile.
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from vfmhub.accounts.models import User
from vfmhub.audit.services import acting, audit_record_changed, snapshot
from vfmhub.core.concurrency import (
    CHANGED_SINCE_OPENED,
    check_unchanged,
    lock_row,
    lock_unchanged,
)
from vfmhub.efficiency.models import (
    EfficiencyProgramme,
    EfficiencyReturn,
    Participant,
    Rating,
    ReturnKind,
    ReturnRating,
    ReturnStatus,
)
from vfmhub.efficiency.selectors.gains import register_value_for
from vfmhub.efficiency.selectors.returns import return_versions
from vfmhub.efficiency.services.common import (
    Version,
    check_programme_year,
    fields_saved,
    owners,
    participant_of,
)
from vfmhub.lib import clock
from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.models import Organisation

RETURN_FIELDS = ["reported_value", "register_value", "narrative", "status", "version"]
UNKNOWN_KIND = "Choose forecast, mid-year or outturn."
VALUE_NEGATIVE = "Enter a cumulative value of £0 or more."
RATING_YEAR_OUTSIDE = "Rate only {first} and later years up to {last}."
UNKNOWN_RATING = "Choose Green, Amber or Red."
ALREADY_SUBMITTED = "This return has already been submitted."


def _check_return(
    programme: EfficiencyProgramme,
    year: int,
    kind: str,
    reported_value: Decimal | None,
    ratings: dict[int, str],
) -> None:
    check_programme_year(programme, year)
    errors = {}
    if kind not in ReturnKind.values:
        errors["kind"] = UNKNOWN_KIND
    if reported_value is not None and Decimal(reported_value) < 0:
        errors["reported_value"] = VALUE_NEGATIVE
    for rated_year, rating in ratings.items():
        field = f"rating_{rated_year}"
        if not year <= int(rated_year) <= programme.last_year:
            errors[field] = RATING_YEAR_OUTSIDE.format(
                first=financial_year_label(year), last=financial_year_label(programme.last_year)
            )
        elif rating not in Rating.values:
            errors[field] = UNKNOWN_RATING
    if errors:
        raise ValidationError(errors)


def _draft_for(
    programme: EfficiencyProgramme, organisation: Organisation, year: int, kind: str
) -> EfficiencyReturn:
    """The draft in progress, or a new one (version 1, or the next after those submitted)."""
    versions = return_versions(programme, organisation, year, kind).select_for_update()
    draft = versions.filter(status=ReturnStatus.DRAFT).order_by("-version").first()
    if draft is not None:
        return draft
    latest = versions.aggregate(latest=Max("version"))["latest"]
    return EfficiencyReturn(
        programme=programme,
        organisation=organisation,
        year=year,
        kind=kind,
        version=(latest or 0) + 1,
        is_current=latest is None,
    )


def _set_ratings(efficiency_return: EfficiencyReturn, ratings: dict[int, str]) -> None:
    efficiency_return.ratings.exclude(year__in=list(ratings)).delete()
    for year, rating in ratings.items():
        ReturnRating.objects.update_or_create(
            efficiency_return=efficiency_return, year=int(year), defaults={"rating": rating}
        )


@transaction.atomic
def return_save(
    *,
    acting_user: User | None,
    programme: EfficiencyProgramme,
    organisation: Organisation,
    year: int,
    kind: str,
    reported_value: Decimal | None = None,
    ratings: dict[int, str] | None = None,
    narrative: str = "",
    expected_updated_at: Version = None,
    version_required: bool = False,
) -> EfficiencyReturn:
    """Create or change the body's draft; after a submission this starts the next version.

    `reported_value` is the body's own total; leave it out to use the gains register. Ratings
    (G, A or R) are for this year and later years of the programme; years left out are unrated.
    `expected_updated_at` is the draft's stamp when the page was opened: a draft saved since
    by someone else is not overwritten. With `version_required`, a caller that sends no stamp
    expects no draft: one started since is not overwritten either.
    """
    # Locking the body's place in the programme makes saves of its returns take turns, so two
    # first saves cannot both start a draft.
    participant = lock_row(Participant, participant_of(programme, organisation).pk)
    ratings = {int(y): r for y, r in (ratings or {}).items() if r}
    _check_return(programme, year, kind, reported_value, ratings)
    efficiency_return = _draft_for(programme, organisation, year, kind)
    created = efficiency_return.pk is None
    if not created:
        if version_required and expected_updated_at is None:
            raise ValidationError(CHANGED_SINCE_OPENED, code="stale")
        check_unchanged(efficiency_return, expected_updated_at)
    before = {} if created else _snapshot(efficiency_return)
    values: dict[str, Any] = {
        "reported_value": reported_value,
        "register_value": register_value_for(participant, year),
        "narrative": narrative,
    }
    if created:
        values["created_by"] = acting(acting_user)
    fields_saved(efficiency_return, values)
    _set_ratings(efficiency_return, ratings)
    _history_recorded(acting_user, "efficiency.return.save", efficiency_return, before)
    return efficiency_return


def _snapshot(efficiency_return: EfficiencyReturn) -> dict[str, Any]:
    values = snapshot(efficiency_return, RETURN_FIELDS)
    values["ratings"] = {
        str(r.year): r.rating
        for r in ReturnRating.objects.filter(efficiency_return=efficiency_return)
    }
    return values


def _history_recorded(
    acting_user: User | None, action: str, efficiency_return: EfficiencyReturn, before: dict
) -> None:
    """The return's change in its history, with its ratings, filed under its body."""
    audit_record_changed(
        acting_user=acting_user,
        action=action,
        obj=efficiency_return,
        before=before,
        after=_snapshot(efficiency_return),
        **owners(efficiency_return.programme, efficiency_return.organisation_id),
    )


@transaction.atomic
def return_submit(
    *,
    acting_user: User | None,
    efficiency_return: EfficiencyReturn,
    expected_updated_at: Version = None,
) -> EfficiencyReturn:
    """Submit a draft: snapshot the register's value, and make it the current version."""
    efficiency_return = lock_unchanged(
        efficiency_return, expected_updated_at, "programme", "organisation"
    )
    if efficiency_return.status == ReturnStatus.SUBMITTED:
        raise ValidationError(ALREADY_SUBMITTED)
    programme, organisation = efficiency_return.programme, efficiency_return.organisation
    participant = participant_of(programme, organisation)
    before = _snapshot(efficiency_return)
    others = return_versions(
        programme, organisation, efficiency_return.year, efficiency_return.kind
    )
    others.filter(is_current=True).exclude(pk=efficiency_return.pk).update(is_current=False)
    submitted = {
        "register_value": register_value_for(participant, efficiency_return.year),
        "status": ReturnStatus.SUBMITTED,
        "is_current": True,
        "submitted_by": acting(acting_user),
        "submitted_at": clock.now(),
    }
    fields_saved(efficiency_return, submitted)
    _history_recorded(acting_user, "efficiency.return.submit", efficiency_return, before)
    return efficiency_return
