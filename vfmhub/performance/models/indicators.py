"""The indicator library, its values (versioned), targets, RAG rules (versioned), commentary and
entered forecasts.

A value belongs to an organisation, or, for a comparator such as England (E92…), a region (E12…)
or a county area (E10…), to an area named only by its GSS code: kept beside the organisations'
own values, never refused. Periods are on the financial year: `frequency`, `year` (2009 is
2009/10) and `period_index` (1-based: month 1 is April, quarter 1 is April to June), as
`performance.calculations.Period`.
"""

from decimal import Decimal
from enum import StrEnum

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from vfmhub.lib.years import validate_year
from vfmhub.organisations.models import Organisation
from vfmhub.performance.calculations import Frequency, Period, Polarity, RollUp, Tolerance

MAX_DIGITS, PLACES = 20, 6


def _choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    return [(member.value, member.value.replace("-", " ").capitalize()) for member in enum]


class DataType(models.TextChoices):
    NUMBER = "number", "Number"
    PERCENT = "percent", "Percentage"
    MONEY = "money", "Money (£)"
    RATIO = "ratio", "Ratio of a numerator and a denominator"
    YES_NO = "yes_no", "Yes or no"
    DURATION = "duration", "Duration"
    DATE = "date", "Date"


class ValueStatus(models.TextChoices):
    PROVISIONAL = "provisional", "Provisional"
    FINAL = "final", "Final"
    APPROVED = "approved", "Approved for publication"


class Indicator(models.Model):
    """One indicator's definition. `owner` None: the national set, held by staff."""

    owner = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="local_indicators",
        help_text="The organisation whose local indicator this is; empty for the national set.",
    )
    code = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    definition = models.TextField(blank=True)
    other_titles = models.JSONField(
        default=list,
        blank=True,
        help_text="Other titles publishers give it (matched when values are imported).",
    )
    data_type = models.CharField(max_length=10, choices=DataType.choices, default=DataType.NUMBER)
    unit = models.CharField(max_length=60, blank=True, help_text="Such as tonnes, days or £.")
    polarity = models.CharField(max_length=10, choices=_choices(Polarity))
    decimal_places = models.PositiveSmallIntegerField(default=1)
    frequency = models.CharField(max_length=10, choices=_choices(Frequency))
    rollup = models.CharField(
        "How periods roll up", max_length=10, choices=_choices(RollUp), default=RollUp.SUM.value
    )
    ratio_scale = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=Decimal(1),
        help_text="A ratio's numerator over denominator is multiplied by this (100 for a %).",
    )
    change_band = models.DecimalField(
        "No real change band",
        max_digits=MAX_DIGITS,
        decimal_places=PLACES,
        default=Decimal(0),
        help_text="A change no larger than this is no real change.",
    )
    change_band_method = models.CharField(
        max_length=10, choices=_choices(Tolerance), default=Tolerance.ABSOLUTE.value
    )
    source = models.CharField(max_length=300, blank=True)
    body_types = models.JSONField(
        default=list, blank=True, help_text="The body types it applies to; empty for all."
    )
    valid_from = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[validate_year],
        help_text="First financial year (2009 is 2009/10).",
    )
    valid_to = models.PositiveSmallIntegerField(null=True, blank=True, validators=[validate_year])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(owner__isnull=True), name="indicator_national_code"
            ),
            models.UniqueConstraint(
                fields=["owner", "code"],
                condition=Q(owner__isnull=False),
                name="indicator_local_code",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"

    @property
    def is_national(self) -> bool:
        return self.owner_id is None

    @property
    def is_ratio(self) -> bool:
        return self.data_type == DataType.RATIO or self.rollup == RollUp.RATIO


class PeriodFields(models.Model):
    """A financial-year period: frequency, year and 1-based index within the year."""

    frequency = models.CharField(max_length=10, choices=_choices(Frequency))
    year = models.PositiveSmallIntegerField(
        validators=[validate_year], help_text="The financial year (2009 is 2009/10)."
    )
    period_index = models.PositiveSmallIntegerField(default=1)

    class Meta:
        abstract = True

    @property
    def period(self) -> Period:
        return Period(Frequency(self.frequency), self.year, self.period_index)


class IndicatorValue(PeriodFields):
    """One version of one period's value; a correction is a new version, the old one kept."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicator_values",
        help_text="Empty for a comparator area known only by its code.",
    )
    area_code = models.CharField(
        max_length=9, blank=True, help_text="The GSS code (E92000001 England, E12… a region)."
    )
    area_name = models.CharField(max_length=200, blank=True)
    value = models.DecimalField(max_digits=MAX_DIGITS, decimal_places=PLACES, null=True, blank=True)
    numerator = models.DecimalField(
        max_digits=MAX_DIGITS, decimal_places=PLACES, null=True, blank=True
    )
    denominator = models.DecimalField(
        max_digits=MAX_DIGITS, decimal_places=PLACES, null=True, blank=True
    )
    status = models.CharField(
        max_length=12, choices=ValueStatus.choices, default=ValueStatus.PROVISIONAL
    )
    quality_note = models.TextField("Note on data quality", blank=True)
    version = models.PositiveIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    reason = models.TextField(blank=True, help_text="Why this version corrects the one before.")
    source = models.CharField(
        max_length=200, blank=True, help_text="Entered, or the file imported."
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["indicator_id", "year", "frequency", "period_index", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organisation", "frequency", "year", "period_index"],
                condition=Q(is_current=True, organisation__isnull=False),
                name="indicator_value_current_organisation",
            ),
            models.UniqueConstraint(
                fields=["indicator", "area_code", "frequency", "year", "period_index"],
                condition=Q(is_current=True, organisation__isnull=True),
                name="indicator_value_current_area",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organisation", "indicator", "year", "is_current"],
                name="indicator_value_org",
            ),
            models.Index(fields=["area_code", "indicator", "year"], name="indicator_value_area"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period.label}: {self.value}"

    @property
    def is_comparator(self) -> bool:
        return self.organisation_id is None


class TargetSource(models.TextChoices):
    ENTERED = "entered", "Entered"
    TRAJECTORY = "trajectory", "Trajectory"


class Target(PeriodFields):
    """An organisation's target for an indicator and period."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="indicator_targets"
    )
    value = models.DecimalField(max_digits=MAX_DIGITS, decimal_places=PLACES)
    source = models.CharField(
        max_length=12, choices=TargetSource.choices, default=TargetSource.ENTERED
    )
    note = models.TextField(blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator_id", "year", "frequency", "period_index"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organisation", "frequency", "year", "period_index"],
                name="indicator_target_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period.label} target {self.value}"


class RagRuleVersion(models.Model):
    """An indicator's RAG bands from a financial year on; a change is a new version.

    `bands` lists the bands best first, each {"key", "name", "colour", "limit"} (limit a decimal
    string, None on the last), as `performance.calculations.RagRule`.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="rag_rules")
    version = models.PositiveIntegerField()
    applies_from = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[validate_year],
        help_text="First financial year; empty for every year.",
    )
    method = models.CharField(max_length=10, choices=_choices(Tolerance))
    bands = models.JSONField()
    source = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["indicator_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "version"], name="rag_rule_version")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} RAG rule version {self.version}"


class Commentary(PeriodFields):
    """What happened and what is being done, for one indicator, organisation and period.

    Append-only: the latest is current, earlier ones are its history."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="commentary")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="indicator_commentary"
    )
    what_happened = models.TextField()
    what_is_being_done = models.TextField(blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["indicator_id", "year", "frequency", "period_index", "written_at", "pk"]
        verbose_name_plural = "commentary"
        indexes = [
            models.Index(fields=["organisation", "indicator", "year"], name="commentary_org"),
        ]

    def __str__(self) -> str:
        return f"Commentary on {self.indicator.code} {self.period.label}"


class EnteredForecast(models.Model):
    """A year-end forecast an officer entered, in place of the linear one."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="forecasts")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="indicator_forecasts"
    )
    year = models.PositiveSmallIntegerField(validators=[validate_year])
    value = models.DecimalField(max_digits=MAX_DIGITS, decimal_places=PLACES)
    note = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organisation", "year"], name="indicator_forecast_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year} forecast {self.value}"
