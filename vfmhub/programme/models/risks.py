"""Partnership programme: risk registers.

A register belongs to exactly one owner (a partnership, a body or a project) and rates its risks on
a risk matrix chosen per register. A matrix has a size (3 or 5), labels for likelihood and impact
(index 0 is rating 1) and bands that turn a rating into Low, Medium or High:
`{"thresholds": [[1, "low"], [3, "medium"], [6, "high"]], "cells": {"3x1": "medium"}}` — the band
of the highest threshold at or below likelihood × impact, unless the cell table names the cell.
A matrix in use is locked and never edited in place: editing it makes a new matrix.

Every rating of a risk (inherent, current, target) is kept as a `RiskRating` row; the risk's own
fields hold the latest of each kind.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

__all__ = [
    "Band",
    "MatrixSize",
    "RatingKind",
    "Risk",
    "RiskMatrix",
    "RiskRating",
    "RiskRegister",
    "RiskStatus",
]

RATING_OUTSIDE_MATRIX = "Choose a rating from 1 to {size}."


class MatrixSize(models.IntegerChoices):
    THREE = 3, "3 × 3"
    FIVE = 5, "5 × 5"


class Band(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class RatingKind(models.TextChoices):
    INHERENT = "inherent", "Inherent"
    CURRENT = "current", "Current"
    TARGET = "target", "Target"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class RiskMatrix(models.Model):
    name = models.CharField(max_length=200)
    key = models.CharField(
        max_length=20, blank=True, help_text="Set on the shipped defaults: 3x3 or 5x5."
    )
    size = models.PositiveSmallIntegerField(choices=MatrixSize.choices)
    likelihood_labels = models.JSONField()
    impact_labels = models.JSONField()
    bands = models.JSONField()
    is_locked = models.BooleanField(default=False)
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["size", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=~Q(key=""), name="programme_riskmatrix_unique_key"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        for field in ("likelihood_labels", "impact_labels"):
            labels = getattr(self, field)
            if not isinstance(labels, list) or len(labels) != self.size:
                errors[field] = f"Give {self.size} labels, lowest first."
            elif not all(isinstance(label, str) and label.strip() for label in labels):
                errors[field] = "Every label needs text."
        thresholds = (self.bands or {}).get("thresholds") if isinstance(self.bands, dict) else None
        if not thresholds or not all(
            isinstance(t, list | tuple) and len(t) == 2 and t[1] in Band.values for t in thresholds
        ):
            errors["bands"] = "Give score thresholds, each a score and low, medium or high."
        elif any(band not in Band.values for band in (self.bands.get("cells") or {}).values()):
            errors["bands"] = "Every cell's band must be low, medium or high."
        if errors:
            raise ValidationError(errors)

    @property
    def ratings(self) -> list[int]:
        return list(range(1, self.size + 1))

    def band_for(self, likelihood: int | None, impact: int | None) -> str:
        if not likelihood or not impact:
            return ""
        cell = (self.bands.get("cells") or {}).get(f"{likelihood}x{impact}")
        if cell:
            return cell
        score = likelihood * impact
        band = Band.LOW.value
        for minimum, name in sorted(self.bands["thresholds"], key=lambda t: t[0]):
            if score >= minimum:
                band = name
        return band

    def likelihood_label(self, value: int | None) -> str:
        return self.likelihood_labels[value - 1] if value else ""

    def impact_label(self, value: int | None) -> str:
        return self.impact_labels[value - 1] if value else ""


class RiskRegister(models.Model):
    name = models.CharField(max_length=200)
    partnership = models.ForeignKey(
        "organisations.Partnership",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="risk_registers",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="risk_registers",
    )
    project = models.ForeignKey(
        "programme.Project",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="risk_registers",
    )
    matrix = models.ForeignKey(RiskMatrix, on_delete=models.PROTECT, related_name="registers")
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(partnership__isnull=False, organisation__isnull=True, project__isnull=True)
                    | Q(
                        partnership__isnull=True,
                        organisation__isnull=False,
                        project__isnull=True,
                    )
                    | Q(
                        partnership__isnull=True,
                        organisation__isnull=True,
                        project__isnull=False,
                    )
                ),
                name="programme_riskregister_one_owner",
                violation_error_message="A register belongs to one partnership, body or project.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def owner_partnership_id(self) -> int | None:
        """The partnership the register is kept for: its own, or its project's."""
        if self.partnership_id:
            return self.partnership_id
        return self.project.partnership_id if self.project else None


class Risk(models.Model):
    register = models.ForeignKey(RiskRegister, on_delete=models.CASCADE, related_name="risks")
    title = models.CharField(max_length=300)
    cause = models.TextField(blank=True)
    effect = models.TextField(blank=True)
    owner = models.CharField(max_length=200, blank=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_risks",
    )
    inherent_likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    inherent_impact = models.PositiveSmallIntegerField(null=True, blank=True)
    current_likelihood = models.PositiveSmallIntegerField()
    current_impact = models.PositiveSmallIntegerField()
    target_likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    target_impact = models.PositiveSmallIntegerField(null=True, blank=True)
    current_score = models.PositiveSmallIntegerField(default=0, editable=False)
    mitigating_actions = models.TextField(blank=True)
    plan_actions = models.ManyToManyField(
        "plans.Action", blank=True, related_name="risks", verbose_name="linked plan actions"
    )
    review_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-current_score", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.current_score = (self.current_likelihood or 0) * (self.current_impact or 0)
        super().save(*args, **kwargs)

    def check_ratings(self, size: int) -> None:
        errors = {}
        for kind in RatingKind.values:
            for part in ("likelihood", "impact"):
                name = f"{kind}_{part}"
                value = getattr(self, name)
                if value is not None and not 1 <= value <= size:
                    errors[name] = RATING_OUTSIDE_MATRIX.format(size=size)
        if errors:
            raise ValidationError(errors)

    @property
    def partnership_id(self) -> int | None:
        return self.register.partnership_id

    @property
    def organisation_id(self) -> int | None:
        return self.register.organisation_id


class RiskRating(models.Model):
    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="ratings")
    kind = models.CharField(max_length=10, choices=RatingKind.choices)
    likelihood = models.PositiveSmallIntegerField()
    impact = models.PositiveSmallIntegerField()
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rated_at = models.DateTimeField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-rated_at", "-pk"]
        indexes = [models.Index(fields=["risk", "kind", "rated_at"])]

    def __str__(self) -> str:
        return f"{self.risk} {self.kind} {self.likelihood}×{self.impact}"

    @property
    def score(self) -> int:
        return self.likelihood * self.impact
