"""Checks and the audit call shared by the efficiency services."""

from django.core.exceptions import ValidationError

from vfmhub.audit.services import audit_record, audit_record_created, changes_between
from vfmhub.efficiency.models import EfficiencyProgramme, Participant
from vfmhub.lib.years import financial_year_label

NOT_A_PARTICIPANT = "{organisation} is not taking part in this programme."
YEAR_OUTSIDE_PROGRAMME = "Choose a year from {first} to {last}."


def owners(programme: EfficiencyProgramme, organisation_id: int | None = None) -> dict:
    """Where an event is filed: the body it concerns and the programme's partnership."""
    return {
        "organisation_id": organisation_id or programme.organisation_id,
        "partnership_id": programme.partnership_id,
    }


def record(
    acting_user, action: str, obj, before: dict, after: dict, *, note: str = "", **filed
) -> None:
    changes = changes_between(before, after)
    if changes or note:
        audit_record(
            acting_user=acting_user, action=action, obj=obj, changes=changes, note=note, **filed
        )


def record_created(acting_user, action: str, obj, fields: list[str], **filed) -> None:
    audit_record_created(acting_user=acting_user, action=action, obj=obj, fields=fields, **filed)


def actor(acting_user):
    return acting_user if getattr(acting_user, "pk", None) else None


def participant_of(programme: EfficiencyProgramme, organisation) -> Participant:
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
