"""The other names a partnership's files give its bodies, as the alias page lists them."""

from vfmhub.efficiency.models import BodyAlias, EfficiencyProgramme


def aliases_for_programme(programme: EfficiencyProgramme) -> list[BodyAlias]:
    """The aliases of the programme's partnership for the bodies taking part, by name (one
    query); none for a body's own programme."""
    if programme.partnership_id is None:
        return []
    return list(
        BodyAlias.objects.filter(
            partnership_id=programme.partnership_id,
            organisation__efficiency_participations__programme=programme,
        )
        .select_related("organisation")
        .order_by("name")
    )
