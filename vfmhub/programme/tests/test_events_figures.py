"""Events: people attending, member bodies reached and % good or very good, against a hand count."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from vfmhub.audit.models import AuditEvent
from vfmhub.organisations.models import (
    BodyType,
    Organisation,
    Partnership,
    PartnershipKind,
    PartnershipMember,
)
from vfmhub.programme.models import Attendance, Feedback, FeedbackRating
from vfmhub.programme.selectors import events as selectors
from vfmhub.programme.services import events as services

pytestmark = pytest.mark.django_db
DAY = datetime.date(2009, 6, 9)


@pytest.fixture
def six(personas):
    """A partnership of six members (one left before 2009/10) and a non-member."""
    partnership = Partnership.objects.create(name="Improvement East", kind=PartnershipKind.RIEP)
    bodies = [
        Organisation.objects.create(name=f"Council {n}", body_type=BodyType.DISTRICT)
        for n in range(1, 8)
    ]
    for body in bodies[:6]:
        PartnershipMember.objects.create(
            partnership=partnership, organisation=body, joined=datetime.date(2008, 4, 1)
        )
    PartnershipMember.objects.create(  # left in 2008/09: not a member in 2009/10
        partnership=partnership,
        organisation=bodies[6],
        joined=datetime.date(2008, 4, 1),
        left=datetime.date(2009, 1, 31),
    )
    user = personas.partnership_manager
    programme = services.improvement_programme_create(
        acting_user=user, partnership=partnership, name="UoR programme", year=2009
    )
    day_one = services.event_create(
        acting_user=user,
        programme=programme,
        title="Day one",
        date=DAY,
        end_date=DAY + datetime.timedelta(days=1),
    )
    day_two = services.event_create(
        acting_user=user, programme=programme, title="Day two", date=datetime.date(2009, 7, 14)
    )
    return user, bodies, programme, day_one, day_two


def _attend(user, event, name, body=None, other="", attended=True):
    return services.attendance_add(
        acting_user=user,
        event=event,
        person_name=name,
        organisation=body,
        organisation_name=other,
        attended=attended,
    )


def test_figures_match_a_hand_count(six):
    user, bodies, programme, day_one, day_two = six
    c1, c2, c3, c4 = bodies[:4]
    # Day one: ten people attend from four of the six members.
    for name, body in [
        ("Ann Cole", c1),
        ("Bob Reid", c1),
        ("Cat Shaw", c1),
        ("Dan Hughes", c2),
        ("Eve Patel", c2),
        ("Fay Morgan", c3),
        ("Gus Clarke", c3),
        ("Hal Ahmed", c4),
        ("Ida Bennett", c4),
        ("Jon Grey", c4),
    ]:
        _attend(user, day_one, name, body)
    _attend(user, day_one, "Kim Booked", bodies[4], attended=False)  # booked, did not come
    _attend(user, day_one, "Lee Harper", other="Carrow Fire and Rescue")  # not a member
    # Day two: three of the same people (spelt loosely) and one new one.
    _attend(user, day_two, "ann  COLE", c1)
    _attend(user, day_two, "Dan Hughes", c2)
    _attend(user, day_two, "Hal Ahmed", c4)
    _attend(user, day_two, "Mo New", c2)
    # Eight feedback returns on day one: 2 very good + 4 good of 8 -> 75%.
    ratings = ["very_good"] * 2 + ["good"] * 4 + ["satisfactory", "poor"]
    for rating in ratings:
        services.feedback_add(acting_user=user, event=day_one, rating=rating, comments="")
    for rating in ["very_good", "good", "satisfactory"]:  # day two: 2 of 3 -> 67%
        services.feedback_add(acting_user=user, event=day_two, rating=rating)

    figures = selectors.programme_figures(programme)
    one = figures.by_event[day_one.pk]
    assert (one.people, one.bodies_reached, one.members, one.other_bodies) == (11, 4, 6, 1)
    assert (one.feedback_returned, one.good_or_very_good, one.percent_good) == (8, 6, 75)
    assert one.ratings == {"very_good": 2, "good": 4, "satisfactory": 1, "poor": 1}
    two = figures.by_event[day_two.pk]
    assert (two.people, two.bodies_reached, two.percent_good) == (4, 3, 67)
    total = figures.total
    # 10 members' people + Lee Harper on day one, plus Mo New; the repeats count once.
    assert (total.people, total.bodies_reached, total.members, total.other_bodies) == (12, 4, 6, 1)
    assert (total.feedback_returned, total.good_or_very_good, total.percent_good) == (11, 8, 73)
    assert selectors.event_figures(day_one).as_dict() == one.as_dict()
    assert {b.name for b in selectors.bodies_not_reached(figures)} == {"Council 5", "Council 6"}


def test_no_feedback_has_no_percentage(six):
    _, _, programme, _, _ = six
    figures = selectors.programme_figures(programme)
    assert figures.total.percent_good is None
    assert figures.total.people == 0


def test_percent_rounds_half_up():
    assert selectors.percent(1, 8) == 13  # 12.5
    assert selectors.percent(94, 100) == 94
    assert selectors.percent(0, 0) is None


def test_rating_scale_is_ordered():
    assert [r.score for r in FeedbackRating] == [4, 3, 2, 1]
    assert FeedbackRating.positive() == (FeedbackRating.VERY_GOOD, FeedbackRating.GOOD)


def test_bulk_add_links_members_and_keeps_others(six):
    user, bodies, _, day_one, _ = six
    bodies[0].short_name = "C One"
    bodies[0].save()
    rows = services.attendance_bulk_add(
        acting_user=user,
        event=day_one,
        text="Ann Cole, council 1\n\nBob Reid, C ONE\nLee Harper, Carrow Fire\nSol Alone\n",
    )
    assert len(rows) == 4
    stored = {a.person_name: a for a in Attendance.objects.filter(event=day_one)}
    assert stored["Ann Cole"].organisation == bodies[0]
    assert stored["Bob Reid"].organisation == bodies[0]
    assert stored["Lee Harper"].organisation is None
    assert stored["Lee Harper"].organisation_name == "Carrow Fire"
    assert stored["Sol Alone"].body_name == ""
    assert AuditEvent.objects.filter(action="attendance.bulk_create").count() == 1


def test_bulk_add_is_all_or_nothing(six):
    user, _, _, day_one, _ = six
    with pytest.raises(ValidationError) as error:
        services.attendance_bulk_add(acting_user=user, event=day_one, text="Ann, Council 1\n, X")
    assert "Line 2" in str(error.value)
    assert not Attendance.objects.exists()


def test_attendance_checks(six):
    user, bodies, _, day_one, _ = six
    outsider = Organisation.objects.create(name="Far Council", body_type=BodyType.DISTRICT)
    with pytest.raises(ValidationError, match="not a member"):
        _attend(user, day_one, "Ann", outsider)
    with pytest.raises(ValidationError, match="not both"):
        _attend(user, day_one, "Ann", bodies[0], other="Elsewhere")
    with pytest.raises(ValidationError):
        _attend(user, day_one, "   ", bodies[0])


def test_event_dates_in_order(six):
    user, _, programme, _, _ = six
    with pytest.raises(ValidationError, match="end date"):
        services.event_create(
            acting_user=user,
            programme=programme,
            title="Backwards",
            date=DAY,
            end_date=DAY - datetime.timedelta(days=1),
        )


def test_writes_are_audited_under_the_partnership(six):
    user, bodies, programme, day_one, _ = six
    services.feedback_add(acting_user=user, event=day_one, rating="good", organisation=bodies[0])
    services.event_update(acting_user=user, event=day_one, venue="Ely")
    events = AuditEvent.objects.filter(partnership_id=programme.partnership_id)
    actions = set(events.values_list("action", flat=True))
    assert {
        "improvement_programme.create",
        "event.create",
        "feedback.create",
        "event.update",
    } <= actions
    assert Feedback.objects.get().organisation == bodies[0]


def test_demo_step_is_shaped_like_seed_000_and_idempotent(personas):
    import random
    from types import SimpleNamespace

    from vfmhub.programme.demo.events import improvement_programmes

    partnership = personas.partnership
    for n in range(49):  # 52 members in all, as in seed 000's region
        body = Organisation.objects.create(name=f"Member {n}", body_type=BodyType.DISTRICT)
        PartnershipMember.objects.create(
            partnership=partnership, organisation=body, joined=datetime.date(2008, 4, 1)
        )
    ctx = SimpleNamespace(partnerships=[partnership], rng=lambda name: random.Random(name))
    improvement_programmes(ctx)
    improvement_programmes(ctx)
    programme = partnership.improvement_programmes.get()
    figures = selectors.programme_figures(programme)
    assert len(figures.events) == 6
    assert (figures.total.bodies_reached, figures.total.members) == (38, 52)
    assert figures.total.other_bodies == 1
    assert 95 <= figures.total.people <= 140
    assert figures.total.percent_good is not None
    assert 85 <= figures.total.percent_good <= 100
