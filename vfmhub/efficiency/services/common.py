"""Checks the efficiency services share, and where their events are filed."""

import datetime
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db.models import Model

from vfmhub.audit.services import snapshot
from vfmhub.efficiency.models import EfficiencyProgramme, Participant
from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.models import Organisation

NOT_A_PARTICIPANT = "{organisation} is not taking part in this programme."
YEAR_OUTSIDE_PROGRAMME = "Choose a year from {first} to {last}."

# The `updated_at` a page or client read a record at (`vfmhub.core.concurrency`): None skips the
# check.
Version = str | datetime.datetime | None


class Owners(TypedDict):
    organisation_id: int | None
    partnership_id: int | None


def owners(programme: EfficiencyProgramme, organisation_id: int | None = None) -> Owners:
    """Where an event is filed: the body it concerns and the programme's partnership."""
    return Owners(
        organisation_id=organisation_id or programme.organisation_id,
        partnership_id=programme.partnership_id,
    )


def participant_of(programme: EfficiencyProgramme, organisation: Organisation) -> Participant:
    participant = Participant.objects.filter(programme=programme, organisation=organisation).first()
    if participant is None:
        raise ValidationError(
            {"organisation": NOT_A_PARTICIPANT.format(organisation=organisation.name)}
        )
    return participant


def check_programme_year(programme: EfficiencyProgramme, year: int, field: str = "year") -> None:
    if year not in programme.years:
        raise ValidationError(
            {
                field: YEAR_OUTSIDE_PROGRAMME.format(
                    first=financial_year_label(programme.first_year),
                    last=financial_year_label(programme.last_year),
                )
            }
        )


def fields_saved(obj: Model, values: dict[str, Any]) -> dict[str, Any]:
    """Set `values` on `obj` (text stripped), validate and save it; returns what those fields
    held before, for the write's history (`audit_record_changed(before=...)`)."""
    before = snapshot(obj, list(values))
    for name, value in values.items():
        setattr(obj, name, value.strip() if isinstance(value, str) else value)
    obj.full_clean()
    obj.save()
    return before
