"""Efficiency programmes (NI 179 by default): baselines, the gains register, returns with
Green/Amber/Red forecasts, and what a partnership needs to see who is on track.

NI 179 is a stock: a year's value is the net value of cash-releasing gains still live that year
(DOMAIN.md). Targets are yearly percentages turned into cumulative ones by a method (added or
compounded) that is data on the programme.
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from vfmhub.efficiency.calculations import difference
from vfmhub.lib.years import validate_year
from vfmhub.organisations.models import Organisation, Partnership


class TargetMethod(models.TextChoices):
    ADDED = "added", "Yearly percentages added together"
    COMPOUNDED = "compounded", "Yearly percentages compounded"


class EfficiencyProgramme(models.Model):
    """A partnership's (or one body's) efficiency target over a run of financial years."""

    partnership = models.ForeignKey(
        Partnership,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="efficiency_programmes",
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="own_efficiency_programmes",
        help_text="For a single body's own programme (no partnership).",
    )
    name = models.CharField(max_length=200)
    indicator_code = models.CharField(max_length=40, default="NI 179")
    indicator_definition = models.TextField(
        default=(
            "The total net value of ongoing cash-releasing value for money gains that have "
            "impacted since the start of the 2008-09 financial year."
        )
    )
    baseline_year = models.PositiveSmallIntegerField(
        validators=[validate_year], help_text="Such as 2007 for 2007/08."
    )
    first_year = models.PositiveSmallIntegerField(
        validators=[validate_year], help_text="First year covered, such as 2008."
    )
    last_year = models.PositiveSmallIntegerField(
        validators=[validate_year], help_text="Last year covered, such as 2010."
    )
    method = models.CharField(max_length=12, choices=TargetMethod.choices)
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-first_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(partnership__isnull=False) & Q(organisation__isnull=True))
                | (Q(partnership__isnull=True) & Q(organisation__isnull=False)),
                name="programme_belongs_to_a_partnership_or_a_body",
            ),
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")),
                name="programme_years_in_order",
            ),
            models.CheckConstraint(
                condition=Q(first_year__gt=models.F("baseline_year")),
                name="programme_starts_after_its_baseline",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)


class YearTarget(models.Model):
    """The target for one year as a percentage of baseline (3, 3, 3.4 in seed 003)."""

    programme = models.ForeignKey(
        EfficiencyProgramme, on_delete=models.CASCADE, related_name="year_targets"
    )
    year = models.PositiveSmallIntegerField(validators=[validate_year])
    percent = models.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["programme", "year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="one_target_per_year"),
            models.CheckConstraint(condition=Q(percent__gte=0), name="target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.percent}%"


class ReturnKind(models.TextChoices):
    FORECAST = "forecast", "Forecast"
    MID_YEAR = "mid_year", "Mid-year"
    OUTTURN = "outturn", "Outturn"


class ReturnDeadline(models.Model):
    programme = models.ForeignKey(
        EfficiencyProgramme, on_delete=models.CASCADE, related_name="deadlines"
    )
    year = models.PositiveSmallIntegerField(validators=[validate_year])
    kind = models.CharField(max_length=10, choices=ReturnKind.choices)
    due_on = models.DateField()

    class Meta:
        ordering = ["programme", "year", "due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "kind"], name="one_deadline_per_year_and_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} due {self.due_on}"


class Participant(models.Model):
    """A body taking part in a programme, with any SR04 over-achievement it carries forward."""

    programme = models.ForeignKey(
        EfficiencyProgramme, on_delete=models.CASCADE, related_name="participants"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="efficiency_participations"
    )
    carry_forward = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        default=0,
        help_text="Gains above the previous programme's target carried into this one (£).",
    )
    carry_forward_source = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation"], name="one_participation_per_body"
            ),
            models.CheckConstraint(
                condition=Q(carry_forward__gte=0), name="carry_forward_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.programme}"


class BaselineKind(models.TextChoices):
    TOTAL = "total", "Whole body"
    FIRE = "fire", "Fire services"
    NON_FIRE = "non_fire", "Services other than fire"


class Baseline(models.Model):
    """A body's baseline expenditure (its 2007/08 spend as published by CLG, for NI 179)."""

    programme = models.ForeignKey(
        EfficiencyProgramme, on_delete=models.CASCADE, related_name="baselines"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=BaselineKind.choices, default="total")
    year = models.PositiveSmallIntegerField(validators=[validate_year])
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    source = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "organisation__name", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation", "kind"], name="one_baseline_per_kind"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="baseline_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.get_kind_display()} baseline"


class TaxBase(models.Model):
    """A body's council tax base in Band D equivalents, for savings per Band D."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(validators=[validate_year])
    band_d_equivalents = models.DecimalField(max_digits=12, decimal_places=2)
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["organisation", "year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="one_tax_base_per_year"),
            models.CheckConstraint(condition=Q(band_d_equivalents__gt=0), name="tax_base_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}: {self.band_d_equivalents}"


class GainCategory(models.Model):
    """A category or workstream for gains (procurement, shared services, …), per programme."""

    programme = models.ForeignKey(
        EfficiencyProgramme, on_delete=models.CASCADE, related_name="categories"
    )
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "gain categories"
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="one_category_per_name")
        ]

    def __str__(self) -> str:
        return self.name


class Gain(models.Model):
    """One efficiency gain in a body's register.

    It counts from `first_year` while it persists, net of its costs, and only if cash-releasing.
    One not sustained for two full years after its first year is removed: `removed_from_year` is
    the first year it no longer counts; earlier years keep it.
    """

    programme = models.ForeignKey(
        EfficiencyProgramme, on_delete=models.CASCADE, related_name="gains"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="gains")
    description = models.TextField()
    category = models.ForeignKey(
        GainCategory, null=True, blank=True, on_delete=models.PROTECT, related_name="gains"
    )
    project_label = models.CharField(
        max_length=200, blank=True, help_text="The project that delivers it, if any."
    )
    first_year = models.PositiveSmallIntegerField(
        validators=[validate_year], help_text="First year of impact."
    )
    gross_annual_value = models.DecimalField(max_digits=14, decimal_places=2)
    investment_cost = models.DecimalField(
        max_digits=14, decimal_places=2, default=0, help_text="Annualised cost of investment (£)."
    )
    ongoing_cost = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    is_cash_releasing = models.BooleanField(default=True)
    evidence = models.TextField(blank=True)
    persistence_confirmed_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the gain was checked as sustained for two full years.",
    )
    removed_from_year = models.PositiveSmallIntegerField(
        validators=[validate_year], null=True, blank=True
    )
    removed_on = models.DateField(null=True, blank=True)
    removal_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name", "first_year", "pk"]
        indexes = [models.Index(fields=["programme", "organisation", "first_year"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(gross_annual_value__gte=0)
                & Q(investment_cost__gte=0)
                & Q(ongoing_cost__gte=0),
                name="gain_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=(
                    Q(removed_from_year__isnull=True)
                    & Q(removed_on__isnull=True)
                    & Q(removal_reason="")
                )
                | (
                    Q(removed_from_year__gt=models.F("first_year"))
                    & Q(removed_on__isnull=False)
                    & ~Q(removal_reason="")
                ),
                name="gain_removal_has_year_date_and_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def net_annual_value(self):
        return self.gross_annual_value - self.investment_cost - self.ongoing_cost


class Rating(models.TextChoices):
    """Seed 003's forecast ratings (the wording of each is guidance shown on the form)."""

    GREEN = "G", "Green"
    AMBER = "A", "Amber"
    RED = "R", "Red"


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class EfficiencyReturn(models.Model):
    """A body's return for a programme, year and kind. A resubmission is a new version; earlier
    versions stay (`is_current` marks the latest)."""

    programme = models.ForeignKey(
        EfficiencyProgramme, on_delete=models.CASCADE, related_name="returns"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="efficiency_returns"
    )
    year = models.PositiveSmallIntegerField(validators=[validate_year])
    kind = models.CharField(max_length=10, choices=ReturnKind.choices)
    version = models.PositiveSmallIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=ReturnStatus.choices, default="draft")
    reported_value = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The cumulative value the body reports as a total (£).",
    )
    register_value = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The cumulative value from the gains register when the return was made (£).",
    )
    narrative = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "organisation__name", "year", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation", "year", "kind", "version"],
                name="one_return_per_version",
            ),
            models.UniqueConstraint(
                fields=["programme", "organisation", "year", "kind"],
                condition=Q(is_current=True),
                name="one_current_return",
            ),
            models.CheckConstraint(
                condition=Q(reported_value__isnull=True) | Q(reported_value__gte=0),
                name="reported_value_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["programme", "year", "kind", "is_current", "status"])]

    def __str__(self) -> str:
        return f"{self.organisation} {self.get_kind_display()} {self.year} v{self.version}"

    @property
    def difference(self) -> Decimal | None:
        """The reported value less the register's, where both exist."""
        return difference(self.reported_value, self.register_value)

    @property
    def value(self):
        """The value that stands: the reported total if given, else the register's."""
        return self.reported_value if self.reported_value is not None else self.register_value


class ReturnRating(models.Model):
    """The body's Green/Amber/Red forecast for one year (this year or a later one)."""

    efficiency_return = models.ForeignKey(
        EfficiencyReturn, on_delete=models.CASCADE, related_name="ratings"
    )
    year = models.PositiveSmallIntegerField(validators=[validate_year])
    rating = models.CharField(max_length=1, choices=Rating.choices)

    class Meta:
        ordering = ["efficiency_return", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["efficiency_return", "year"], name="one_rating_per_return_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.get_rating_display()}"


class ReturnChase(models.Model):
    """A reminder a partnership officer sent for a missing return (recorded, with who got it)."""

    programme = models.ForeignKey(
        EfficiencyProgramme, on_delete=models.CASCADE, related_name="chases"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(validators=[validate_year])
    kind = models.CharField(max_length=10, choices=ReturnKind.choices)
    recipients = models.JSONField(default=list)
    message = models.TextField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"Chased {self.organisation} for {self.year} {self.kind}"


def body_name_key(text: str) -> str:
    """A body's name as files are matched against it: case, spaces and punctuation do not count
    ("Hinckley & Bosworth" is not "Hinckley and Bosworth", but "north-west leics" is
    "North West Leics")."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


class BodyAlias(models.Model):
    """Another name a partnership's files give a body ("County Council" for Leicestershire
    County Council), kept by its managers so imports can match it."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="efficiency_body_aliases"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["partnership", "name"]
        verbose_name_plural = "body aliases"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "key"], name="one_alias_per_name"),
            models.CheckConstraint(condition=~Q(key=""), name="alias_has_a_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} = {self.organisation}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.key = body_name_key(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.key = body_name_key(self.name)  # before the unique check of `full_clean`
