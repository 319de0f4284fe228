"""Demo step: an improvement programme of two-day workshops for the demo partnership, shaped like
seed 000 — delegates from most member bodies (about 38 of 52) and one other body, feedback about
94% good or very good, with a few of the seed's comments.

Idempotent: the programme and events are found by their names; attendance and feedback are only
written for events that have none yet.
"""

import datetime
import random

from vfmhub.demo.generator import DemoContext, create_missing, demo_step
from vfmhub.organisations.models import Partnership, PartnershipMember
from vfmhub.programme.models import (
    Attendance,
    Event,
    EventKind,
    Feedback,
    FeedbackRating,
    ImprovementProgramme,
)

YEAR = 2009
NAME = "Use of Resources improvement programme"
DESCRIPTION = (
    "Action learning workshops over two days for councils and fire authorities: the changes to "
    "Use of Resources under CAA, then peer review of each body's improvement plan."
)
COHORTS = [
    ("Cohort 1", datetime.date(2009, 6, 9), datetime.date(2009, 7, 14)),
    ("Cohort 2", datetime.date(2009, 9, 15), datetime.date(2009, 10, 20)),
    ("Cohort 3", datetime.date(2009, 11, 10), datetime.date(2009, 12, 8)),
]
AUDIENCE = (
    "Officers leading Use of Resources improvement planning in councils and fire authorities."
)
REACH = 38 / 52  # seed 000: 38 of the 52 councils
FIRST_NAMES = ["Alex", "Sam", "Jo", "Chris", "Pat", "Nik", "Ruth", "Dev", "Amir", "Kate", "Tom"]
LAST_NAMES = ["Hughes", "Patel", "Morgan", "Clarke", "Shaw", "Bennett", "Ahmed", "Reid", "Cole"]
COMMENTS = [
    "The programme provided a good framework for understanding the UoR process & good practice "
    "in delivering improvement",
    "A really useful day - good to meet other authorities & discuss approach to UoR with other "
    "people.",
    "Very useful - good to spend time assessing position & areas to move forward.",
]
# 94% good or very good, as seed 000 reports.
RATINGS = [FeedbackRating.VERY_GOOD] * 40 + [FeedbackRating.GOOD] * 54
RATINGS += [FeedbackRating.SATISFACTORY] * 5 + [FeedbackRating.POOR]


Delegate = tuple[str, int | None, str]  # name, member body, other body's name


def _programme_and_events(partnership: Partnership) -> tuple[ImprovementProgramme, list[Event]]:
    """The programme and its six workshop days (two for each cohort), made if missing."""
    wanted = ImprovementProgramme(
        partnership=partnership, name=NAME, year=YEAR, description=DESCRIPTION
    )
    create_missing(ImprovementProgramme, [wanted], ["partnership_id", "year", "name"])
    programme = ImprovementProgramme.objects.get(partnership=partnership, year=YEAR, name=NAME)
    events = [
        Event(
            programme=programme,
            title=f"{cohort}: workshop day {number}",
            kind=EventKind.WORKSHOP,
            date=day,
            venue="Cambridge" if number == 1 else "Newmarket",
            audience=AUDIENCE,
            capacity=50,
        )
        for cohort, day_one, day_two in COHORTS
        for number, day in ((1, day_one), (2, day_two))
    ]
    create_missing(Event, events, ["programme_id", "title"])
    return programme, list(Event.objects.filter(programme=programme).order_by("date", "pk"))


def _reached(rng: random.Random, partnership: Partnership) -> list[int]:
    """About 38 of every 52 member bodies, drawn."""
    members = sorted(
        set(
            PartnershipMember.objects.filter(partnership=partnership).values_list(
                "organisation_id", flat=True
            )
        )
    )
    return rng.sample(members, max(1, round(len(members) * REACH))) if members else []


def _delegates(rng: random.Random, bodies: list[int], numbered: int) -> list[Delegate]:
    """Two to four people from each body, numbered on from `numbered` (about 115 in all)."""
    delegates: list[Delegate] = []
    for body in bodies:
        for _ in range(rng.choice((2, 3, 3, 4))):
            numbered += 1
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {numbered}"
            delegates.append((name, body, ""))
    return delegates


def _records(
    rng: random.Random, events: list[Event], delegates: list[Delegate]
) -> tuple[list[Attendance], list[Feedback]]:
    """Each delegate at each day of their cohort (most attending), and feedback from many."""
    attendance, feedback = [], []
    for event in events:
        for name, body_id, other in delegates:
            attended = rng.random() > 0.05
            attendance.append(
                Attendance(
                    event=event,
                    person_name=name,
                    organisation_id=body_id,
                    organisation_name=other,
                    attended=attended,
                )
            )
            if attended and rng.random() < 0.6:
                feedback.append(
                    Feedback(
                        event=event,
                        rating=rng.choice(RATINGS),
                        comments=rng.choice(COMMENTS) if rng.random() < 0.1 else "",
                        organisation_id=body_id,
                    )
                )
    return attendance, feedback


@demo_step(
    order=640,
    label="Improvement programmes (events)",
    models=(ImprovementProgramme, Event, Attendance, Feedback),
)
def improvement_programmes(ctx: DemoContext) -> None:
    if not ctx.partnerships:
        return
    rng = ctx.rng("programme-events")
    partnership = ctx.partnerships[0]
    programme, stored = _programme_and_events(partnership)
    if Attendance.objects.filter(event__programme=programme).exists():
        return
    reached = _reached(rng, partnership)
    attendance: list[Attendance] = []
    feedback: list[Feedback] = []
    people = 0
    for index in range(0, len(stored), 2):  # a cohort's two days
        delegates = _delegates(rng, reached[index // 2 :: len(COHORTS)], people)
        people += len(delegates)
        if index == 0:
            delegates.append(("Lee Harper", None, "Carrow Fire and Rescue Service"))
        made = _records(rng, stored[index : index + 2], delegates)
        attendance += made[0]
        feedback += made[1]
    Attendance.objects.bulk_create(attendance, batch_size=1000)
    Feedback.objects.bulk_create(feedback, batch_size=1000)
