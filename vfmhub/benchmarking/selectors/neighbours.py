"""The nearest-neighbour model versions and the neighbours they found."""

from vfmhub.benchmarking.models import Neighbour, NeighbourModel


def default_model() -> NeighbourModel | None:
    """The version the pages use: the one marked default, else the newest computed."""
    models = NeighbourModel.objects.filter(computed_at__isnull=False)
    return models.filter(is_default=True).first() or models.order_by("-computed_at").first()


def neighbours_of(model: NeighbourModel, gss_code: str) -> list[Neighbour]:
    """`gss_code`'s neighbours under `model`, nearest first."""
    return list(Neighbour.objects.filter(model=model, body_code=gss_code).order_by("rank"))


def neighbour_codes(model: NeighbourModel, gss_code: str) -> list[str]:
    return list(
        Neighbour.objects.filter(model=model, body_code=gss_code)
        .order_by("rank")
        .values_list("neighbour_code", flat=True)
    )
