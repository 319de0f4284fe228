"""What a benchmark is used for: a target kept to a rule ("upper quartile of the nearest
neighbours, 2017-18 outturn"), and a VFM review opened from cost against performance."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from vfmhub.lib.years import validate_year
from vfmhub.organisations.models import Organisation
from vfmhub.performance.models import PlanAction, Target
from vfmhub.plans.models import PlanItem

__all__ = ["BenchmarkTargetRule", "Statistic", "VfmReview"]


class Statistic(models.TextChoices):
    MEDIAN = "median", "Median"
    UPPER_QUARTILE = "upper_quartile", "Upper quartile"
    LOWER_QUARTILE = "lower_quartile", "Lower quartile"
    BEST_QUARTILE = "best_quartile", "Best quartile (upper or lower, by which is better)"


class BenchmarkTargetRule(models.Model):
    """A target set from a benchmark: keeps its rule and source, recomputed when data changes."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="benchmark_target_rules"
    )
    measure_token = models.CharField(
        max_length=60, help_text="The indicator benchmarked, as the compare page names it."
    )
    group_token = models.CharField(max_length=60)
    statistic = models.CharField(max_length=20, choices=Statistic.choices)
    data_year = models.PositiveSmallIntegerField(
        validators=[validate_year], help_text="The year of the figures it reads."
    )
    target_year = models.PositiveSmallIntegerField(
        validators=[validate_year], help_text="The financial year of the target."
    )
    target = models.ForeignKey(
        Target, null=True, blank=True, on_delete=models.SET_NULL, related_name="benchmark_rules"
    )
    value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    citation = models.CharField(max_length=500, blank=True, help_text="The group and data used.")
    computed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation", "measure_token", "target_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "measure_token", "target_year"],
                name="one_benchmark_target_rule",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure_token} {self.target_year}: {self.get_statistic_display()}"


class VfmReview(models.Model):
    """A service picked for a VFM review from cost against performance, with what it opened."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="vfm_reviews"
    )
    cost_token = models.CharField(max_length=60)
    performance_token = models.CharField(max_length=60)
    group_token = models.CharField(max_length=60)
    year = models.PositiveSmallIntegerField(validators=[validate_year])
    finding = models.CharField(
        max_length=500, help_text="Such as: above average cost and below average performance."
    )
    citation = models.CharField(max_length=500, blank=True)
    plan_item = models.ForeignKey(
        PlanItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    plan_action = models.ForeignKey(
        PlanAction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation", "-created_at"]

    def __str__(self) -> str:
        return self.finding
