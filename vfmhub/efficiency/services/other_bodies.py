"""Bodies from outside the partnership and the register of councils (a police authority, a
primary care trust) taking part in a partnership's programme as "other bodies", as seed 003's
LAA target was shared with the police and PCTs. A partnership manager adds and removes them;
each write is audited."""

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import save_created
from vfmhub.efficiency.models import EfficiencyProgramme, Participant
from vfmhub.efficiency.services.common import owners
from vfmhub.efficiency.services.programmes import ALREADY_TAKING_PART, participant_remove
from vfmhub.organisations.models import BodyType, Organisation
from vfmhub.organisations.services import organisation_create

OTHER_BODY_TYPES = (BodyType.POLICE, BodyType.PCT, BodyType.OTHER)
NOT_AN_OTHER_BODY = (
    "{organisation} is not a police body, a primary care trust or another body outside the "
    "councils' register."
)
ONLY_PARTNERSHIPS = "Only a partnership's programme can have other bodies taking part."
NOT_AN_OTHER_TYPE = "Choose police body, primary care trust or other body."


@transaction.atomic
def other_body_add(
    *, acting_user: User | None, programme: EfficiencyProgramme, organisation: Organisation
) -> Participant:
    """Let a police body, a PCT or another body outside the register take part."""
    if programme.partnership_id is None:
        raise ValidationError({"organisation": ONLY_PARTNERSHIPS})
    if organisation.body_type not in OTHER_BODY_TYPES:
        raise ValidationError(
            {"organisation": NOT_AN_OTHER_BODY.format(organisation=organisation.name)}
        )
    if Participant.objects.filter(programme=programme, organisation=organisation).exists():
        raise ValidationError(
            {"organisation": ALREADY_TAKING_PART.format(organisation=organisation.name)}
        )
    return save_created(
        Participant(programme=programme, organisation=organisation),
        acting_user=acting_user,
        action="efficiency.participant.add",
        fields=["organisation"],
        note="As another body",
        **owners(programme, organisation.pk),
    )


def other_body_remove(*, acting_user: User | None, participant: Participant) -> None:
    """Take an other body out (refused, as for any body, once it has gains or returns)."""
    participant_remove(acting_user=acting_user, participant=participant)


@transaction.atomic
def other_body_create(
    *,
    acting_user: User | None,
    programme: EfficiencyProgramme,
    name: str,
    body_type: str,
    gss_code: str | None = None,
) -> Participant:
    """Record a body that is not on the site yet (a police body, a PCT) and let it take part."""
    if body_type not in OTHER_BODY_TYPES:
        raise ValidationError({"body_type": NOT_AN_OTHER_TYPE})
    if programme.partnership_id is None:
        raise ValidationError({"name": ONLY_PARTNERSHIPS})
    organisation = organisation_create(
        acting_user=acting_user, name=name, body_type=body_type, gss_code=gss_code
    )
    return other_body_add(acting_user=acting_user, programme=programme, organisation=organisation)
