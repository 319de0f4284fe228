"""Chasing a missing return: an email to the body's managers, recorded with who was sent it.

Email goes through `django.core.mail` (tests read `mail.outbox`).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import acting, save_created
from vfmhub.efficiency.models import (
    EfficiencyProgramme,
    ReturnChase,
    ReturnKind,
)
from vfmhub.efficiency.selectors.returns import has_submitted
from vfmhub.efficiency.services.common import owners, participant_of
from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.models import Organisation, OrganisationMembership, OrganisationRole

ALREADY_SUBMITTED = "{name} has already submitted this return."
NO_MANAGERS = "{name} has no managers to email. Add a manager to the body first."
NOT_A_PROGRAMME_RETURN = "Choose a year and kind of return of this programme."
MESSAGE_REQUIRED = "Enter a message."
SUBJECT = "{programme}: your {kind} return for {year}"
CHASE_FIELDS = ["year", "kind", "recipients"]


def chase_message(
    programme: EfficiencyProgramme,
    body_name: str,
    year: int,
    kind: str,
    due_on: datetime.date | None = None,
) -> str:
    """The reminder as first offered on the chase page (the officer may change it)."""
    due = f" It was due on {due_on:%-d %B %Y}." if due_on else ""
    return (
        f"Dear colleague,\n\n{programme.name}: we have not yet received {body_name}'s "
        f"{ReturnKind(kind).label.lower()} return for {financial_year_label(year)}.{due} "
        "Please submit it, with your Green, Amber or Red forecasts for this and later years, as "
        "soon as you can.\n\nThank you."
    )


def body_manager_emails(organisation: Organisation) -> list[str]:
    return sorted(
        OrganisationMembership.objects.filter(
            organisation=organisation, role=OrganisationRole.MANAGER, user__is_active=True
        ).values_list("user__email", flat=True)
    )


def _check(
    programme: EfficiencyProgramme, organisation: Organisation, year: int, kind: str, message: str
) -> list[str]:
    if year not in programme.years or kind not in ReturnKind.values:
        raise ValidationError(NOT_A_PROGRAMME_RETURN)
    participant_of(programme, organisation)
    if has_submitted(programme, organisation, year, kind):
        raise ValidationError(ALREADY_SUBMITTED.format(name=organisation.name))
    if not message.strip():
        raise ValidationError({"message": MESSAGE_REQUIRED})
    recipients = body_manager_emails(organisation)
    if not recipients:
        raise ValidationError(NO_MANAGERS.format(name=organisation.name))
    return recipients


@transaction.atomic
def return_chase(
    *,
    acting_user: User | None,
    programme: EfficiencyProgramme,
    organisation: Organisation,
    year: int,
    kind: str,
    message: str,
) -> ReturnChase:
    """Email the body's managers about its missing return and record the chase.

    Refused (ValidationError) if the body has already submitted, does not take part, or has no
    manager to write to.
    """
    recipients = _check(programme, organisation, year, kind, message)
    chase = ReturnChase(
        programme=programme,
        organisation=organisation,
        year=year,
        kind=kind,
        recipients=recipients,
        message=message.strip(),
        sent_by=acting(acting_user),
    )
    save_created(
        chase,
        acting_user=acting_user,
        action="efficiency.return.chase",
        fields=CHASE_FIELDS,
        **owners(programme, organisation.pk),
    )
    subject = SUBJECT.format(
        programme=programme.name,
        kind=ReturnKind(kind).label.lower(),
        year=financial_year_label(year),
    )
    # Sent inside the transaction: if sending fails, the chase is not recorded either.
    send_mail(subject, chase.message, settings.DEFAULT_FROM_EMAIL, recipients)
    return chase
