"""The nearest-neighbour arithmetic, on plain numpy arrays: transforms, weighted distances, the
nearest bodies, each variable's part of a distance, and the words that explain it.

Nothing here reads the database: the service gathers the figures, this module does the sums."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

LOG = "log"
WINSORISE = "winsorise"
ZSCORE = "zscore"
TRANSFORMS = (LOG, WINSORISE, ZSCORE)
WINSOR_PERCENTILES = (1.0, 99.0)

Floats = NDArray[np.float64]


class TransformError(ValueError):
    pass


def transformed(values: Sequence[float] | Floats, transforms: Sequence[str]) -> Floats:
    """`values` (one variable, one figure per body of a class) after each transform in turn.

    `log`: natural logarithm (every value must be above 0). `winsorise`: values below the 1st
    percentile of the class are raised to it, those above the 99th lowered to it. `zscore`: minus
    the class mean, over the class standard deviation (all 0 when every body has the same value).
    """
    x = np.asarray(values, dtype=np.float64).copy()
    for name in transforms:
        if name == LOG:
            if x.size and np.min(x) <= 0:
                raise TransformError("a logarithm needs every value above 0")
            x = np.log(x)
        elif name == WINSORISE:
            if x.size:
                low, high = np.percentile(x, WINSOR_PERCENTILES)
                x = np.clip(x, low, high)
        elif name == ZSCORE:
            if x.size:
                spread = float(np.std(x))
                x = (x - np.mean(x)) / spread if spread > 0 else np.zeros_like(x)
        else:
            raise TransformError(f"{name!r} is not a transform (known: {', '.join(TRANSFORMS)})")
    return x


def weighted_distances(matrix: Floats, weights: Floats) -> Floats:
    """Every pair's weighted Euclidean distance: sqrt(sum of weight × difference²).

    `matrix` is bodies × variables (transformed); the answer is bodies × bodies."""
    gaps = matrix[:, None, :] - matrix[None, :, :]
    return np.asarray(np.sqrt(np.einsum("ijk,k->ij", gaps * gaps, weights)), dtype=np.float64)


def nearest(distances: Floats, count: int, *, barred: NDArray[np.bool_] | None = None) -> NDArray:
    """For each body (row), the columns of its `count` nearest others, nearest first.

    A body is never its own neighbour; `barred[i, j]` True keeps j off i's list too (a body's own
    county or districts). Ties are broken by position, so the answer is the same every time."""
    held = distances.copy()
    np.fill_diagonal(held, np.inf)
    if barred is not None:
        held[barred] = np.inf
    available = np.isfinite(held).sum(axis=1)
    if available.size and int(available.min()) < count:
        raise ValueError(f"a body has fewer than {count} others to compare with")
    order = np.argsort(held, axis=1, kind="stable")
    return order[:, :count]


def distance_parts(gaps: Floats, weights: Floats, distance: float) -> Floats:
    """Each variable's part of `distance`: d × (wᵢΔᵢ²) / Σⱼ wⱼΔⱼ²; they add up to `distance`
    (all 0 when the two bodies are the same on every variable)."""
    shares = weights * gaps * gaps
    total = float(shares.sum())
    if total <= 0 or distance <= 0:
        return np.zeros_like(shares)
    return distance * shares / total


@dataclass(frozen=True)
class ClassResult:
    """One class's neighbours: for each body, its neighbours' positions, distances, rebased
    distances and parts (bodies × count × variables)."""

    neighbours: NDArray
    distances: Floats
    rebased: Floats
    parts: Floats
    largest: float


def class_neighbours(
    matrix: Floats, weights: Floats, count: int, *, barred: NDArray[np.bool_] | None = None
) -> ClassResult:
    """Everything the model stores for one class, vectorised over the class."""
    distances = weighted_distances(matrix, weights)
    found = nearest(distances, count, barred=barred)
    rows = np.arange(len(matrix))[:, None]
    chosen = distances[rows, found]
    largest = float(distances.max()) if distances.size else 0.0
    rebased = chosen / largest if largest > 0 else np.zeros_like(chosen)
    gaps = matrix[:, None, :] - matrix[found]
    shares = weights * gaps * gaps
    totals = shares.sum(axis=2, keepdims=True)
    safe = np.where(totals > 0, totals, 1.0)
    parts = np.where(totals > 0, chosen[:, :, None] * shares / safe, 0.0)
    return ClassResult(found, chosen, rebased, parts, largest)


def explain(
    parts: Mapping[str, float], *, labels: Mapping[str, str], weights: Mapping[str, float]
) -> str:
    """Plain words for why two bodies are near: the variables they are closest on and the one
    they are furthest on, judged by each part over its weight (the gap itself, not its weight).

    >>> explain({"a": 0.0, "b": 0.1, "c": 0.5}, labels={"a": "deprivation", "b": "density",
    ...     "c": "population growth"}, weights={"a": 1, "b": 1, "c": 1})
    'closest on deprivation and density; furthest on population growth'
    """
    codes = [code for code in parts if code in labels]
    if not codes:
        return ""
    if len(codes) == 1:
        return f"compared on {labels[codes[0]]} only"
    if all(parts[code] == 0 for code in codes):
        return "the same on every measure"
    gap = {code: parts[code] / (weights.get(code) or 1.0) for code in codes}
    ranked = sorted(codes, key=lambda code: (gap[code], codes.index(code)))
    furthest = ranked[-1]
    closest = ranked[: min(2, len(ranked) - 1)]
    words = " and ".join(labels[code] for code in closest)
    return f"closest on {words}; furthest on {labels[furthest]}"
