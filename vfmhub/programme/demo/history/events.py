"""Programme history: an improvement programme of events every year for every partnership, with
attendance from that year's member bodies (many at several events, a few from other bodies) and
feedback about 85% good or very good.

Everything is drawn first (for every partnership and year), then written for the years that have
no improvement programme yet. Feedback has no natural key: as in `demo/events.py`, it is
only written for events that have none yet.
"""

import datetime
import random
from dataclasses import dataclass, field

from vfmhub.demo.generator import DemoContext, create_missing
from vfmhub.lib.years import financial_year_bounds, financial_year_label
from vfmhub.programme.demo.history.common import (
    day_between,
    member_spells,
    members_in_year,
    split_total,
)
from vfmhub.programme.models import (
    Attendance,
    Event,
    EventKind,
    Feedback,
    FeedbackRating,
    ImprovementProgramme,
)

TOPICS = [
    "Use of Resources",
    "Comprehensive Area Assessment",
    "Commissioning for outcomes",
    "Shared services",
    "Customer insight",
    "Procurement",
    "Asset management",
    "Performance management",
    "Workforce development",
    "Member leadership",
    "Equalities framework",
    "Data sharing",
    "Risk management",
    "Transforming customer access",
]
VENUES = ["County Hall", "Guildhall", "Civic Centre", "Conference Centre", "Town Hall"]
FIRST_NAMES = [
    "Alex", "Sam", "Jo", "Chris", "Pat", "Nik", "Ruth", "Dev", "Amir", "Kate", "Tom", "Helen",
    "Raj", "Sue", "Mark", "Lucy", "Owen", "Fiona", "Grace", "Ian",
]  # fmt: skip
LAST_NAMES = [
    "Hughes", "Patel", "Morgan", "Clarke", "Shaw", "Bennett", "Ahmed", "Reid", "Cole", "Turner",
    "Walsh", "Khan", "Evans", "Price", "Dixon", "Murray", "Lloyd", "Bailey", "Fox", "Grant",
]  # fmt: skip
OTHER_BODIES = [
    "Regional Improvement Agency",
    "Primary Care Trust",
    "Council for Voluntary Service",
    "Government Office for the Region",
    "Housing Association Forum",
]
COMMENTS = [
    "Very useful to hear how other authorities have approached this.",
    "Good speakers; more time for discussion next time please.",
    "Practical and well organised.",
]
GOOD = (FeedbackRating.VERY_GOOD, FeedbackRating.GOOD)
OTHER = (FeedbackRating.SATISFACTORY, FeedbackRating.SATISFACTORY, FeedbackRating.POOR)

Person = tuple[str, int | None, str]  # name, member body, other body's name


@dataclass
class EventSpec:
    title: str
    kind: str
    date: datetime.date
    end_date: datetime.date | None
    venue: str
    people: list[tuple[Person, bool]] = field(default_factory=list)  # and whether attended
    feedback: list[tuple[str, int | None, str]] = field(default_factory=list)  # rating, body, text


def _people(rng: random.Random, members: list[int], count: int) -> list[Person]:
    names = rng.sample([f"{a} {b}" for a in FIRST_NAMES for b in LAST_NAMES], count)
    others = max(1, count // 25)  # a few from bodies that are not members
    return [
        (name, None, rng.choice(OTHER_BODIES)) if n < others else (name, rng.choice(members), "")
        for n, name in enumerate(names)
    ]


def _programme_events(rng: random.Random, year: int, members: list[int]) -> list[EventSpec]:
    start, end = financial_year_bounds(year)
    count = rng.randint(4, 8)
    days = sorted(day_between(rng, start, end - datetime.timedelta(days=7)) for _ in range(count))
    events = []
    for topic, day in zip(rng.sample(TOPICS, count), days, strict=True):
        kind = rng.choice(
            (EventKind.WORKSHOP, EventKind.WORKSHOP, EventKind.DAY, EventKind.SEMINAR)
        )
        two_days = kind == EventKind.WORKSHOP and rng.random() < 0.5
        title = f"{topic} {'two-day workshop' if two_days else kind.label.lower()}"
        end_date = day + datetime.timedelta(days=1) if two_days else None
        events.append(EventSpec(title, kind, day, end_date, rng.choice(VENUES)))
    shares = split_total(rng, rng.randint(100, 250), count, 10)
    people = _people(rng, members, max(max(shares), rng.randint(40, 90)))
    for event, share in zip(events, shares, strict=True):
        event.people = [(person, rng.random() > 0.05) for person in rng.sample(people, share)]
    _feedback(rng, events)
    return events


def _feedback(rng: random.Random, events: list[EventSpec]) -> None:
    """50 to 120 returns (never more than attended), 80 to 90% good or very good."""
    attended = [(event, person) for event in events for person, came in event.people if came]
    count = min(len(attended), rng.randint(50, 120))
    good = round(count * rng.uniform(0.8, 0.9))
    ratings = [rng.choice(GOOD) for _ in range(good)]
    ratings += [rng.choice(OTHER) for _ in range(count - good)]
    rng.shuffle(ratings)
    for (event, (_, body, _)), rating in zip(rng.sample(attended, count), ratings, strict=True):
        comment = rng.choice(COMMENTS) if rng.random() < 0.1 else ""
        event.feedback.append((rating, body, comment))


def _draw(ctx: DemoContext) -> dict[tuple[int, int], list[EventSpec]]:
    rng = ctx.rng("programme-history:events")
    spells = member_spells(ctx.partnerships)
    drawn = {}
    for partnership in ctx.partnerships:
        for year in ctx.scale.years:
            members = members_in_year(spells[partnership.pk], year)
            if members:
                drawn[(partnership.pk, year)] = _programme_events(rng, year, members)
    return drawn


def _name(year: int) -> str:
    return f"Improvement programme {financial_year_label(year)}"


def events_history(ctx: DemoContext) -> None:
    """Every partnership's improvement programme of each year of the scale that has none yet."""
    drawn = _draw(ctx)
    taken = set(
        ImprovementProgramme.objects.filter(partnership__in=ctx.partnerships).values_list(
            "partnership_id", "year"
        )
    )
    wanted = {key: events for key, events in drawn.items() if key not in taken}
    if not wanted:
        return
    create_missing(
        ImprovementProgramme,
        (
            ImprovementProgramme(
                partnership_id=pid,
                year=year,
                name=_name(year),
                description="Workshops, seminars and events for the partnership's member bodies.",
            )
            for pid, year in wanted
        ),
        ("partnership_id", "year", "name"),
    )
    programmes = {
        (pid, year): pk
        for pk, pid, year, name in ImprovementProgramme.objects.filter(
            partnership_id__in={pid for pid, _ in wanted}
        ).values_list("pk", "partnership_id", "year", "name")
        if (pid, year) in wanted and name == _name(year)
    }
    _write_events(wanted, programmes)


def _write_events(wanted: dict, programmes: dict[tuple[int, int], int]) -> None:
    create_missing(
        Event,
        (
            Event(
                programme_id=programmes[key],
                title=e.title,
                kind=e.kind,
                date=e.date,
                end_date=e.end_date,
                venue=e.venue,
                audience="Officers and members of the partnership's bodies.",
                capacity=60,
            )
            for key, events in wanted.items()
            for e in events
        ),
        ("programme_id", "title"),
    )
    stored = {
        (programme, title): pk
        for pk, programme, title in Event.objects.filter(
            programme_id__in=programmes.values()
        ).values_list("pk", "programme_id", "title")
    }
    pairs = [
        (stored[(programmes[key], e.title)], e) for key, events in wanted.items() for e in events
    ]
    create_missing(
        Attendance,
        (
            Attendance(
                event_id=pk,
                person_name=name,
                organisation_id=body,
                organisation_name=other,
                attended=came,
            )
            for pk, e in pairs
            for (name, body, other), came in e.people
        ),
        ("event_id", "person_name"),
    )
    answered = set(
        Feedback.objects.filter(event_id__in=stored.values()).values_list("event_id", flat=True)
    )
    Feedback.objects.bulk_create(
        (
            Feedback(event_id=pk, rating=rating, organisation_id=body, comments=text)
            for pk, e in pairs
            if pk not in answered
            for rating, body, text in e.feedback
        ),
        batch_size=1000,
    )
