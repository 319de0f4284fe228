"""The finance position: the revenue budget by service with quarterly forecast outturn, and the
capital programme's schemes with budget, spend to date and forecast."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from vfmhub.lib.years import validate_year
from vfmhub.organisations.models import Organisation


class RevenueLine(models.Model):
    """A service's (or cost centre's) revenue budget for a financial year."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="revenue_lines"
    )
    year = models.PositiveSmallIntegerField(validators=[validate_year])
    service = models.CharField(max_length=200)
    cost_centre = models.CharField(max_length=60, blank=True)
    budget = models.DecimalField("Budget (£)", max_digits=16, decimal_places=2)
    source = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation_id", "year", "service", "cost_centre"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "service", "cost_centre"], name="revenue_line"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} {self.year}"


class RevenueForecast(models.Model):
    """A line's forecast outturn (and actual to date) at the end of a quarter."""

    line = models.ForeignKey(RevenueLine, on_delete=models.CASCADE, related_name="forecasts")
    quarter = models.PositiveSmallIntegerField()
    actual_to_date = models.DecimalField(
        "Actual to date (£)", max_digits=16, decimal_places=2, null=True, blank=True
    )
    forecast_outturn = models.DecimalField("Forecast outturn (£)", max_digits=16, decimal_places=2)
    note = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["line_id", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["line", "quarter"], name="revenue_forecast_quarter")
        ]

    def __str__(self) -> str:
        return f"{self.line} Q{self.quarter}"

    @property
    def variance(self):
        """Forecast outturn less budget: positive is an overspend."""
        return self.forecast_outturn - self.line.budget


class CapitalScheme(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="capital_schemes"
    )
    year = models.PositiveSmallIntegerField(validators=[validate_year])
    name = models.CharField(max_length=200)
    reference = models.CharField(max_length=60, blank=True)
    budget = models.DecimalField("Budget (£)", max_digits=16, decimal_places=2)
    source = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation_id", "year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "name", "reference"], name="capital_scheme"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year}"


class CapitalForecast(models.Model):
    scheme = models.ForeignKey(CapitalScheme, on_delete=models.CASCADE, related_name="forecasts")
    quarter = models.PositiveSmallIntegerField()
    spend_to_date = models.DecimalField("Spend to date (£)", max_digits=16, decimal_places=2)
    forecast = models.DecimalField("Forecast outturn (£)", max_digits=16, decimal_places=2)
    note = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["scheme_id", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "quarter"], name="capital_forecast_quarter")
        ]

    def __str__(self) -> str:
        return f"{self.scheme} Q{self.quarter}"
