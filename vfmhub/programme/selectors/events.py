"""Reading improvement programmes and computing their figures as seed 000 reports them.

- **People attending**: attendance rows marked attended, counted once per person — the same
  normalised name (case and spacing ignored) from the same body (member organisation, or the typed
  body name for non-members). Across a programme a person at both days of a two-day workshop, or
  at several events, counts once.
- **Member bodies reached**: distinct member bodies of the partnership with at least one person
  attending, out of all bodies that were members at any time in the financial year (the event's
  year for an event, the programme's year for a programme): "38 of the 52". Bodies attending that
  are not members are counted apart as other bodies.
- **Good or very good**: the share of feedback returned rated good or very good, as a whole
  percentage (half rounds up); None when no feedback has been returned.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet

from vfmhub.lib.years import financial_year_bounds, financial_year_of
from vfmhub.organisations.models import Organisation, Partnership, PartnershipMember
from vfmhub.programme.models import (
    Attendance,
    Event,
    Feedback,
    FeedbackRating,
    ImprovementProgramme,
)

_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACES.sub(" ", text or "").strip().casefold()


def person_key(row: dict) -> tuple:
    """Who an attendance row is: normalised name and body."""
    body = row["organisation_id"] or normalise(row["organisation_name"])
    return (normalise(row["person_name"]), body)


def percent(part: int, whole: int) -> int | None:
    if not whole:
        return None
    return int((Decimal(100 * part) / Decimal(whole)).quantize(Decimal(1), ROUND_HALF_UP))


def programmes_for_partnership(partnership: Partnership) -> QuerySet[ImprovementProgramme]:
    """The partnership's improvement programmes, newest year first, each with its `event_count`:
    the list page, its exports and the API's list."""
    programmes = ImprovementProgramme.objects.filter(partnership=partnership)
    return programmes.annotate(event_count=Count("events")).order_by("-year", "name", "pk")


def latest_improvement_programme(
    partnership: Partnership, year: int | None = None
) -> ImprovementProgramme | None:
    """The partnership's programme of `year`, or failing that the latest before it (the latest
    of all without a year)."""
    programmes = ImprovementProgramme.objects.filter(partnership=partnership)
    if year is not None:
        programmes = programmes.filter(year__lte=year)
    return programmes.order_by("-year", "-pk").first()


def programme_events(programme: ImprovementProgramme) -> QuerySet[Event]:
    """A programme's events by date: its page's rows and the API's list."""
    return Event.objects.filter(programme=programme).order_by("date", "title", "pk")


def partnership_members(partnership_id: int) -> QuerySet[Organisation]:
    """The bodies that are, or have been, members of the partnership: those an attendance record
    or feedback return may name."""
    return Organisation.objects.filter(
        partnership_memberships__partnership_id=partnership_id
    ).distinct()


def member_ids_in_year(partnership_id: int, year: int) -> set[int]:
    """Bodies that were members of the partnership at any time in the financial year."""
    start, end = financial_year_bounds(year)
    return set(
        PartnershipMember.objects.filter(partnership_id=partnership_id, joined__lte=end)
        .filter(Q(left__isnull=True) | Q(left__gte=start))
        .values_list("organisation_id", flat=True)
    )


@dataclass
class Figures:
    people: int = 0
    bodies_reached: int = 0
    members: int = 0
    other_bodies: int = 0
    feedback_returned: int = 0
    good_or_very_good: int = 0
    ratings: dict = field(default_factory=dict)  # rating value -> count, best first

    @property
    def percent_good(self) -> int | None:
        return percent(self.good_or_very_good, self.feedback_returned)

    def as_dict(self) -> dict:
        return {
            "people": self.people,
            "bodies_reached": self.bodies_reached,
            "members": self.members,
            "other_bodies": self.other_bodies,
            "feedback_returned": self.feedback_returned,
            "good_or_very_good": self.good_or_very_good,
            "percent_good": self.percent_good,
            "ratings": self.ratings,
        }


def _figures(rows: list[dict], ratings: Counter, member_ids: set[int]) -> Figures:
    attended = [row for row in rows if row["attended"]]
    people = {person_key(row) for row in attended}
    bodies = {row["organisation_id"] for row in attended if row["organisation_id"]}
    others = {
        normalise(row["organisation_name"])
        for row in attended
        if not row["organisation_id"] and row["organisation_name"].strip()
    }
    returned = sum(ratings.values())
    return Figures(
        people=len(people),
        bodies_reached=len(bodies & member_ids),
        members=len(member_ids),
        other_bodies=len(bodies - member_ids) + len(others),
        feedback_returned=returned,
        good_or_very_good=sum(ratings[r.value] for r in FeedbackRating.positive()),
        ratings={r.value: ratings[r.value] for r in FeedbackRating},
    )


ROW_FIELDS = ("event_id", "person_name", "organisation_id", "organisation_name", "attended")


@dataclass
class ProgrammeFigures:
    programme: ImprovementProgramme
    events: list[Event]
    by_event: dict[int, Figures]
    total: Figures
    reached_ids: set[int]
    member_ids: set[int]


def programme_figures(programme: ImprovementProgramme) -> ProgrammeFigures:
    """Each event's figures and the programme's, in four queries (events, attendance, feedback,
    members)."""
    events = list(programme_events(programme))
    rows = list(Attendance.objects.filter(event__programme=programme).values(*ROW_FIELDS))
    counts = (
        Feedback.objects.filter(event__programme=programme)
        .values("event_id", "rating")
        .annotate(n=Count("pk"))
    )
    ratings: dict[int, Counter] = {event.pk: Counter() for event in events}
    for item in counts:
        ratings[item["event_id"]][item["rating"]] += item["n"]
    years = {programme.year} | {financial_year_of(event.date) for event in events}
    members = {year: member_ids_in_year(programme.partnership_id, year) for year in sorted(years)}
    by_event = {
        event.pk: _figures(
            [row for row in rows if row["event_id"] == event.pk],
            ratings[event.pk],
            members[financial_year_of(event.date)],
        )
        for event in events
    }
    total_ratings: Counter = Counter()
    for one in ratings.values():
        total_ratings.update(one)
    member_ids = members[programme.year]
    reached = {r["organisation_id"] for r in rows if r["attended"] and r["organisation_id"]}
    return ProgrammeFigures(
        programme=programme,
        events=events,
        by_event=by_event,
        total=_figures(rows, total_ratings, member_ids),
        reached_ids=reached & member_ids,
        member_ids=member_ids,
    )


def event_figures(event: Event) -> Figures:
    rows = list(Attendance.objects.filter(event=event).values(*ROW_FIELDS))
    ratings = Counter(
        {
            item["rating"]: item["n"]
            for item in Feedback.objects.filter(event=event)
            .values("rating")
            .annotate(n=Count("pk"))
        }
    )
    members = member_ids_in_year(event.programme.partnership_id, financial_year_of(event.date))
    return _figures(rows, ratings, members)


def bodies_not_reached(figures: ProgrammeFigures) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=figures.member_ids - figures.reached_ids).order_by(
        "name"
    )


def event_attendance(event: Event) -> QuerySet[Attendance]:
    """Who was at the event, by name: its page, its export and the API's list."""
    found = Attendance.objects.filter(event=event).select_related("organisation")
    return found.order_by("person_name", "pk")


def event_feedback(event: Event) -> QuerySet[Feedback]:
    """The event's feedback returns as they came in: its page and the API's list."""
    return Feedback.objects.filter(event=event).select_related("organisation").order_by("pk")
