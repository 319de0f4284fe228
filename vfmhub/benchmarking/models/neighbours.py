"""The open nearest-neighbour model: versions shipped as YAML; each body's neighbours, and why."""

from django.conf import settings
from django.db import models
from django.utils import timezone

__all__ = ["Neighbour", "NeighbourModel"]


class NeighbourModel(models.Model):
    """One version of the model: its variables, transforms, weights and universe, as data.

    A version whose neighbours have been computed is in use and never changed in place: a change
    is a new version."""

    version = models.CharField(max_length=40, unique=True, help_text="Such as 2026.1.")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    spec = models.JSONField(help_text="The version as read from its YAML.")
    yaml_text = models.TextField(help_text="The YAML exactly as given.")
    is_default = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    computed_at = models.DateTimeField(null=True, blank=True)
    computed_summary = models.JSONField(
        default=dict,
        blank=True,
        help_text="Bodies per class, variables used, bodies left out and why.",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_neighbour_model",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    @property
    def in_use(self) -> bool:
        return self.computed_at is not None


class Neighbour(models.Model):
    """One of a body's nearest neighbours under a model version, with each variable's part."""

    model = models.ForeignKey(NeighbourModel, on_delete=models.CASCADE, related_name="neighbours")
    body_code = models.CharField(max_length=9)
    neighbour_code = models.CharField(max_length=9)
    rank = models.PositiveSmallIntegerField()
    distance = models.FloatField(help_text="Weighted Euclidean distance on the transformed values.")
    rebased = models.FloatField(
        help_text="Distance rebased 0-1 within the class: 1 is the farthest pair (as CIPFA does)."
    )
    parts = models.JSONField(
        help_text="Each variable's part of the distance; the parts add up to `distance`."
    )

    class Meta:
        ordering = ["model", "body_code", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "body_code", "rank"], name="neighbour_rank_once"
            ),
            models.UniqueConstraint(
                fields=["model", "body_code", "neighbour_code"], name="neighbour_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body_code} #{self.rank}: {self.neighbour_code}"
