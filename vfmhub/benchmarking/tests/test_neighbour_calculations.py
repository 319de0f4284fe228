"""The nearest-neighbour arithmetic on plain arrays: transforms, distances, the nearest, parts."""

import numpy as np
import pytest

from vfmhub.benchmarking.calculations.neighbours import (
    TransformError,
    class_neighbours,
    distance_parts,
    explain,
    nearest,
    transformed,
    weighted_distances,
)


def test_it_takes_logarithms():
    assert transformed([1, np.e, np.e**2], ["log"]) == pytest.approx([0, 1, 2])


def test_it_refuses_the_logarithm_of_zero():
    with pytest.raises(TransformError, match="above 0"):
        transformed([0, 1, 2], ["log"])


def test_it_refuses_an_unknown_transform():
    with pytest.raises(TransformError, match="'square' is not a transform"):
        transformed([1, 2], ["square"])


def test_it_winsorises_at_the_1st_and_99th_percentiles():
    values = [*range(1, 100), 10_000]

    result = transformed(values, ["winsorise"])

    low, high = np.percentile(values, [1, 99])
    assert result.min() == pytest.approx(low) and result.max() == pytest.approx(high)
    assert result[50] == 51  # the middle is left alone
    assert high < 200  # the outlier no longer dominates


def test_it_makes_z_scores():
    result = transformed([2, 4, 6, 8], ["zscore"])

    assert result.mean() == pytest.approx(0) and result.std() == pytest.approx(1)


def test_a_constant_variable_scores_zero_for_everyone():
    assert list(transformed([5, 5, 5], ["zscore"])) == [0, 0, 0]


def test_it_applies_transforms_in_the_order_given():
    values = [1.0, 10.0, 100.0, 1000.0]

    assert transformed(values, ["log", "zscore"]) == pytest.approx(
        transformed(np.log(values), ["zscore"])
    )


def test_it_weighs_each_variable_in_the_distance():
    matrix = np.array([[0.0, 0.0], [3.0, 4.0]])

    assert weighted_distances(matrix, np.array([1.0, 1.0]))[0, 1] == pytest.approx(5)
    assert weighted_distances(matrix, np.array([4.0, 1.0]))[0, 1] == pytest.approx(
        np.sqrt(4 * 9 + 16)
    )


def test_the_nearest_never_include_the_body_itself():
    distances = weighted_distances(np.array([[0.0], [1.0], [3.0], [7.0]]), np.array([1.0]))

    found = nearest(distances, 2)

    assert found.tolist() == [[1, 2], [0, 2], [1, 0], [2, 1]]


def test_barred_pairs_are_never_neighbours():
    distances = weighted_distances(np.array([[0.0], [1.0], [3.0], [7.0]]), np.array([1.0]))
    barred = np.zeros((4, 4), dtype=bool)
    barred[0, 1] = barred[1, 0] = True  # a district and its own county

    found = nearest(distances, 2, barred=barred)

    assert 1 not in found[0] and 0 not in found[1]


def test_it_refuses_a_class_too_small_for_the_count():
    with pytest.raises(ValueError, match="fewer than 3 others"):
        nearest(np.zeros((3, 3)), 3)


def test_the_parts_add_up_to_the_distance():
    gaps, weights = np.array([1.0, -2.0, 0.5]), np.array([1.0, 2.0, 0.5])
    distance = float(np.sqrt((weights * gaps**2).sum()))

    parts = distance_parts(gaps, weights, distance)

    assert parts.sum() == pytest.approx(distance, abs=1e-12)
    assert parts[1] > parts[0] > parts[2]


def test_the_parts_of_no_distance_are_zero():
    assert distance_parts(np.zeros(3), np.ones(3), 0.0).tolist() == [0, 0, 0]


def test_a_class_gets_its_neighbours_rebased_and_explained():
    rng = np.random.default_rng(7)
    matrix = rng.normal(size=(40, 4))
    weights = np.array([0.5, 1.0, 2.0, 1.0])

    result = class_neighbours(matrix, weights, 15)

    full = weighted_distances(matrix, weights)
    assert result.neighbours.shape == (40, 15)
    assert result.largest == pytest.approx(full.max())
    assert (np.diff(result.distances, axis=1) >= 0).all()  # nearest first
    assert result.rebased.max() <= 1 and result.rebased.min() > 0
    assert np.abs(result.parts.sum(axis=2) - result.distances).max() < 1e-9
    for i in range(40):
        assert i not in result.neighbours[i]
        j = int(result.neighbours[i, 0])
        assert result.distances[i, 0] == pytest.approx(full[i, j])
        parts = distance_parts(matrix[i] - matrix[j], weights, full[i, j])
        assert result.parts[i, 0] == pytest.approx(parts)


def test_two_identical_bodies_have_no_parts():
    matrix = np.array([[1.0, 1.0], [1.0, 1.0], [5.0, 2.0]])

    result = class_neighbours(matrix, np.ones(2), 1)

    assert result.distances[0, 0] == 0 and result.parts[0, 0].tolist() == [0, 0]


LABELS = {"dep": "deprivation", "den": "density", "growth": "population growth"}


def test_it_explains_in_plain_words():
    parts = {"dep": 0.01, "den": 0.05, "growth": 0.4}

    text = explain(parts, labels=LABELS, weights=dict.fromkeys(LABELS, 1.0))

    assert text == "closest on deprivation and density; furthest on population growth"


def test_the_explanation_judges_each_part_against_its_weight():
    parts = {"dep": 0.2, "den": 0.15, "growth": 0.1}  # deprivation weighs 4: its gap is small

    text = explain(parts, labels=LABELS, weights={"dep": 4.0, "den": 1.0, "growth": 1.0})

    assert text == "closest on deprivation and population growth; furthest on density"


def test_it_explains_two_variables_and_identical_bodies():
    two = {"dep": 0.1, "den": 0.3}
    weights = dict.fromkeys(LABELS, 1.0)

    assert explain(two, labels=LABELS, weights=weights) == (
        "closest on deprivation; furthest on density"
    )
    assert explain({"dep": 0, "den": 0}, labels=LABELS, weights=weights) == (
        "the same on every measure"
    )
