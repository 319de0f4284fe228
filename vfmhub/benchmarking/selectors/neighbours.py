"""The nearest-neighbour model versions and the neighbours they found."""

from vfmhub.benchmarking.calculations.neighbours import explain
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


def model_by_version(version: str) -> NeighbourModel | None:
    return NeighbourModel.objects.filter(version=version).first()


def neighbour_explanation(model: NeighbourModel, parts: dict[str, float]) -> str:
    """Plain words for a neighbour's parts under `model`: "closest on deprivation and density;
    furthest on population growth"."""
    variables = model.spec.get("variables", [])
    return explain(
        parts,
        labels={v["code"]: v["label"] for v in variables},
        weights={v["code"]: v["weight"] for v in variables},
    )


def neighbour_shares(neighbour: Neighbour) -> dict[str, float]:
    """Each variable's share of the distance (0-1; they add up to 1 unless the distance is 0)."""
    if not neighbour.distance:
        return dict.fromkeys(neighbour.parts, 0.0)
    return {code: part / neighbour.distance for code, part in neighbour.parts.items()}


def neighbours_by_body(
    model: NeighbourModel, codes: list[str] | None = None
) -> dict[str, list[Neighbour]]:
    """Each body's neighbours under `model`, nearest first (every body when `codes` is None), in
    one query."""
    rows = Neighbour.objects.filter(model=model).order_by("body_code", "rank")
    if codes is not None:
        rows = rows.filter(body_code__in=codes)
    found: dict[str, list[Neighbour]] = {}
    for row in rows:
        found.setdefault(row.body_code, []).append(row)
    return found
