"""A benchmarking club: measures a partnership (or staff) defines, values members enter each
quarter, seen by the other members only once the quarter's window has closed and only when
submitted (a provisional value is never shown to anyone outside its own body)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from vfmhub.lib.years import validate_year
from vfmhub.organisations.models import Organisation, Partnership

__all__ = ["Club", "ClubMeasure", "ClubMember", "ClubValue", "ClubValueStatus", "ClubWindow"]


class Club(models.Model):
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    partnership = models.ForeignKey(
        Partnership,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="benchmarking_clubs",
        help_text="The partnership that runs the club; empty for one staff run.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ClubMember(models.Model):
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="benchmarking_clubs"
    )
    joined = models.DateField(default=timezone.localdate)
    left = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["club", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["club", "organisation"], name="club_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.club_id}: {self.organisation_id}"


class ClubMeasure(models.Model):
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="measures")
    code = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    definition = models.TextField(blank=True)
    unit = models.CharField(max_length=60, blank=True)
    polarity = models.CharField(
        max_length=10,
        choices=[
            ("higher", "Higher is better"),
            ("lower", "Lower is better"),
            ("neither", "Neither"),
        ],
    )
    decimal_places = models.PositiveSmallIntegerField(default=1)
    position = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["club", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["club", "code"], name="club_measure_code_once"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ClubWindow(models.Model):
    """A quarter's collection: values are entered until `closes`, and shared after it."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="windows")
    year = models.PositiveSmallIntegerField(
        validators=[validate_year], help_text="Financial year, such as 2026 for 2026/27."
    )
    quarter = models.PositiveSmallIntegerField()
    opens = models.DateField()
    closes = models.DateField(help_text="The last day values may be entered or changed.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["club", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["club", "year", "quarter"], name="club_window_once"),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1) & models.Q(quarter__lte=4),
                name="club_window_quarter",
            ),
            models.CheckConstraint(
                condition=models.Q(closes__gte=models.F("opens")), name="club_window_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.club_id} {self.year} Q{self.quarter}"


class ClubValueStatus(models.TextChoices):
    PROVISIONAL = "provisional", "Provisional"
    SUBMITTED = "submitted", "Submitted"


class ClubValue(models.Model):
    measure = models.ForeignKey(ClubMeasure, on_delete=models.CASCADE, related_name="values")
    window = models.ForeignKey(ClubWindow, on_delete=models.CASCADE, related_name="values")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(max_digits=20, decimal_places=6)
    note = models.TextField(blank=True)
    status = models.CharField(
        max_length=12, choices=ClubValueStatus.choices, default=ClubValueStatus.PROVISIONAL
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["window", "measure", "organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "window", "organisation"], name="club_value_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.window_id} {self.organisation_id}: {self.value}"
