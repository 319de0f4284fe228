"""Partnership programme: improvement programmes, their events, attendance and feedback.

Figures (people attending, member bodies reached, share rating good or very good) are computed
from these records in `vfmhub.programme.selectors.events`, never stored.
"""

from django.db import models
from django.db.models import Q

from vfmhub.lib.years import validate_year
from vfmhub.organisations.models import Organisation, Partnership

__all__ = [
    "Attendance",
    "Event",
    "EventKind",
    "Feedback",
    "FeedbackRating",
    "ImprovementProgramme",
]


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", "Workshop"
    DAY = "day", "Day"
    SEMINAR = "seminar", "Seminar"


class FeedbackRating(models.TextChoices):
    """The fixed scale of seed 000; `score` orders it (4 best)."""

    VERY_GOOD = "very_good", "Very good"
    GOOD = "good", "Good"
    SATISFACTORY = "satisfactory", "Satisfactory"
    POOR = "poor", "Poor"

    @property
    def score(self) -> int:
        return RATING_SCORES[self]

    @classmethod
    def positive(cls) -> tuple["FeedbackRating", ...]:
        """The ratings counted as 'good or very good'."""
        return (cls.VERY_GOOD, cls.GOOD)


RATING_SCORES = {
    FeedbackRating.VERY_GOOD: 4,
    FeedbackRating.GOOD: 3,
    FeedbackRating.SATISFACTORY: 2,
    FeedbackRating.POOR: 1,
}


class ImprovementProgramme(models.Model):
    """A partnership's programme of events in a financial year (stored as its starting year)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="improvement_programmes"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    year = models.PositiveIntegerField(
        validators=[validate_year], help_text="Financial year, e.g. 2009 for 2009/10."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year", "name"], name="one_improvement_programme_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    programme = models.ForeignKey(
        ImprovementProgramme, on_delete=models.CASCADE, related_name="events"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.WORKSHOP)
    date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="For events over two days.")
    venue = models.CharField(max_length=200, blank=True)
    audience = models.TextField(blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("date")),
                name="event_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def partnership_id(self) -> int:
        return self.programme.partnership_id


class Attendance(models.Model):
    """One person booked on or attending an event, from a member body or from elsewhere."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendances")
    person_name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_attendances",
    )
    organisation_name = models.CharField(
        max_length=200, blank=True, help_text="For a body that is not on the hub."
    )
    attended = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person_name", "pk"]

    def __str__(self) -> str:
        return self.person_name

    @property
    def body_name(self) -> str:
        if self.organisation is not None:
            return self.organisation.name
        return self.organisation_name


class Feedback(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    rating = models.CharField(max_length=20, choices=FeedbackRating.choices)
    comments = models.TextField(blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_feedback",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_rating_display()} for {self.event}"
