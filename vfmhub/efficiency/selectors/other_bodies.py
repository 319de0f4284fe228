"""Other bodies (police, health bodies and others outside the councils' register) in a
partnership's programme: those taking part and those that could."""

from django.db.models import QuerySet

from vfmhub.efficiency.models import EfficiencyProgramme, Participant
from vfmhub.efficiency.services.other_bodies import OTHER_BODY_TYPES
from vfmhub.organisations.models import Organisation, PartnershipMember


def other_bodies_taking_part(programme: EfficiencyProgramme) -> list[Participant]:
    """Participants from outside the partnership, by name (one query)."""
    partnership_id = programme.partnership_id
    if partnership_id is None:
        return []
    members = PartnershipMember.objects.filter(partnership_id=partnership_id).values(
        "organisation_id"
    )
    return list(
        Participant.objects.filter(programme=programme)
        .exclude(organisation_id__in=members)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def other_bodies_that_could_join(programme: EfficiencyProgramme) -> QuerySet[Organisation]:
    """Police bodies, primary care trusts and other bodies not yet taking part."""
    return (
        Organisation.objects.filter(body_type__in=OTHER_BODY_TYPES)
        .exclude(efficiency_participations__programme=programme)
        .order_by("name")
    )
