"""The council plan (priorities → key deliverables → outcome measures and actions) and the
services' value-for-money ratings, in seed 004's shape."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from vfmhub.lib.years import validate_year
from vfmhub.organisations.models import Organisation
from vfmhub.performance.models.indicators import Indicator


class CouncilPlan(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="council_plans"
    )
    title = models.CharField(max_length=200)
    first_year = models.PositiveSmallIntegerField(
        validators=[validate_year], help_text="First financial year it covers."
    )
    last_year = models.PositiveSmallIntegerField(
        validators=[validate_year], help_text="Last financial year it covers."
    )
    source = models.CharField(
        max_length=200, blank=True, help_text="Entered, or the file imported."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation_id", "-first_year", "title"]

    def __str__(self) -> str:
        return self.title


class Priority(models.Model):
    plan = models.ForeignKey(CouncilPlan, on_delete=models.CASCADE, related_name="priorities")
    position = models.PositiveIntegerField(default=1)
    title = models.CharField(
        max_length=300, help_text='As the plan writes it: "Value for Money (FP1)".'
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan_id", "position", "pk"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return self.title


class Deliverable(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="deliverables")
    position = models.PositiveIntegerField(default=1)
    title = models.CharField("Key deliverable", max_length=300)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["priority_id", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class OutcomeMeasure(models.Model):
    """An outcome measure: free text, an indicator (whose targets then apply), or both."""

    deliverable = models.ForeignKey(Deliverable, on_delete=models.CASCADE, related_name="measures")
    position = models.PositiveIntegerField(default=1)
    text = models.CharField("Outcome measure", max_length=500, blank=True)
    how_we_know = models.TextField("How do we know we are getting there?", blank=True)
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_measures"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["deliverable_id", "position", "pk"]

    def __str__(self) -> str:
        return self.text or str(self.indicator)


class PlanActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    COMPLETE = "complete", "Complete"


class PlanAction(models.Model):
    """A project or action of a deliverable: written here, or a link to an improvement-plan
    action or a partnership project (whose progress then shows)."""

    deliverable = models.ForeignKey(Deliverable, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveIntegerField(default=1)
    title = models.CharField("Project or action", max_length=500)
    completion_date = models.DateField(null=True, blank=True)
    completion_text = models.CharField(
        max_length=200,
        blank=True,
        help_text='The date as written: "31 March 2009 (new structure in place)".',
    )
    resource = models.CharField(max_length=300, blank=True, help_text="The resource as written.")
    resource_amount = models.DecimalField(
        "Resource (£)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    resource_staff = models.DecimalField(
        "Resource (staff, full-time equivalent)",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
    )
    lead_officer = models.CharField(max_length=200, blank=True)
    lead_member = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        max_length=12, choices=PlanActionStatus.choices, default=PlanActionStatus.NOT_STARTED
    )
    improvement_action = models.ForeignKey(
        "plans.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    project = models.ForeignKey(
        "programme.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["deliverable_id", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Service(models.Model):
    """A service (or department) of an organisation whose value for money is rated each year."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="rated_services"
    )
    name = models.CharField(max_length=200)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="rated_service_name")
        ]

    def __str__(self) -> str:
        return self.name


class ServiceRating(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="ratings")
    year = models.PositiveSmallIntegerField(validators=[validate_year])
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    reason = models.TextField()
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["service_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["service", "year"], name="service_rating_year")
        ]

    def __str__(self) -> str:
        return f"{self.service} {self.year}: {self.score}"


class RatingTarget(models.Model):
    """A target such as "75% of services scoring 2 or above" for a year."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="service_rating_targets"
    )
    year = models.PositiveSmallIntegerField(validators=[validate_year])
    minimum_score = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    share_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal(75),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="rating_target_year")
        ]

    def __str__(self) -> str:
        return f"{self.share_percent}% of services scoring {self.minimum_score} or above"
