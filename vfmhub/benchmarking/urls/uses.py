"""What a benchmark is used for: targets kept to a benchmark rule, and VFM reviews opened from
cost against performance."""

from django.urls import URLPattern, path

from vfmhub.benchmarking.urls.pages import ORGANISATION
from vfmhub.benchmarking.views import reviews, targets

TARGETS = f"{ORGANISATION}targets/"
REVIEWS = f"{ORGANISATION}reviews/"

urlpatterns: list[URLPattern] = [
    path(TARGETS, targets.targets, name="targets"),
    path(f"{TARGETS}new/", targets.target_from_benchmark, name="target_from_benchmark"),
    path(f"{TARGETS}recompute/", targets.targets_recompute, name="targets_recompute"),
    path(f"{TARGETS}<int:pk>/remove/", targets.target_rule_remove, name="target_rule_remove"),
    path(REVIEWS, reviews.reviews, name="reviews"),
    path(f"{REVIEWS}item/", reviews.review_open_item, name="review_open_item"),
    path(f"{REVIEWS}action/", reviews.review_open_action, name="review_open_action"),
]
