"""Benchmarking club pages: who sees what (a provisional value never reaches another member, on
the page, in the exports or in the statistics; a submitted value only once its window closes),
who may do what (404 outside the club, 403 for read-only roles on every write), entering values
(provisional, submitted, frozen after the close, stale edits refused), running a club (audited),
hostile input, pinned query counts."""

import datetime

import pytest
from django.urls import reverse

from vfmhub.audit.models import AuditEvent
from vfmhub.benchmarking.models import Club, ClubMeasure, ClubMember, ClubValue, ClubWindow
from vfmhub.benchmarking.services.club import WINDOW_CLOSED
from vfmhub.benchmarking.tests.club_data import (
    AFTER_OPEN_CLOSES,
    SECRET_PROVISIONAL,
    SECRET_SUBMITTED_EARLY,
    TODAY,
    make_club,
)
from vfmhub.core.concurrency import CHANGED_SINCE_OPENED
from vfmhub.testing import assert_access

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(personas, clock_at):
    clock_at(TODAY)
    return make_club(personas)


def club_url(data, **query):
    url = reverse("benchmarking:club", args=[data.club.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def entry_url(data, window, org):
    return reverse("benchmarking:club_entry", args=[data.club.pk, window.pk, org.pk])


def text(response):
    return response.content.decode()


# Who sees what ----------------------------------------------------------------------------------


def test_it_never_shows_another_members_provisional_value_on_the_page(data, personas, as_user):
    page = text(as_user(personas.manager).get(club_url(data)))

    assert "10.00" in page and "20.00" in page
    assert SECRET_PROVISIONAL not in page
    # The median and quartiles are of the two submitted values only.
    assert "2 submitted values: median £15.00; quartiles £12.50 to £17.50" in page
    assert 'data-own="yes"' in page and "Ashby District Council (your body)" in page


def test_it_never_puts_another_members_provisional_value_in_an_export(data, personas, as_user):
    client = as_user(personas.manager)

    values = text(client.get(club_url(data, export="csv")))
    stats = text(client.get(club_url(data, table="statistics", export="csv")))

    assert "10.00" in values and "20.00" in values and SECRET_PROVISIONAL not in values
    assert stats.splitlines()[1] == (
        "2026/27 quarter 1,Cost per household of waste collection,WASTE-1,2,12.50,15.00,17.50"
    )
    assert SECRET_PROVISIONAL not in stats and "77" not in stats


def test_a_provisional_value_is_shown_to_its_own_body(data, personas, as_user):
    page = text(as_user(personas.peer_reviewer).get(club_url(data)))

    assert SECRET_PROVISIONAL in page and "only your body sees this" in page
    assert "2 submitted values: median £15.00" in page


def test_the_partnership_manager_and_staff_see_no_provisional_value(data, personas, as_user):
    for user in (personas.partnership_manager, personas.staff):
        page = text(as_user(user).get(club_url(data)))
        assert "10.00" in page and SECRET_PROVISIONAL not in page
        entry = as_user(user).get(entry_url(data, data.closed, personas.org_c))
        assert entry.status_code == 404


def test_a_submitted_value_is_hidden_until_its_window_closes(data, personas, as_user, clock_at):
    client = as_user(personas.manager)
    url = club_url(data, window=data.open.pk)

    before = text(client.get(url))
    assert SECRET_SUBMITTED_EARLY not in before and "12.34" in before
    assert SECRET_SUBMITTED_EARLY not in text(client.get(url + "&export=csv"))

    clock_at(AFTER_OPEN_CLOSES)
    after = text(client.get(url))
    assert SECRET_SUBMITTED_EARLY in after
    # A's own 12.34 is still provisional: shown to A, never counted in the median.
    assert "1 submitted value: median £55.55" in after


def test_reopening_a_window_hides_its_values_again(data, personas, as_user):
    client = as_user(personas.partnership_manager)
    url = reverse("benchmarking:club_window_change", args=[data.club.pk, data.closed.pk])
    response = client.post(
        url,
        {
            "opens": "2026-07-01",
            "closes": "2026-12-31",
            "version": data.closed.updated_at.isoformat(),
        },
    )

    assert response.status_code == 302
    page = text(as_user(personas.manager).get(club_url(data, window=data.closed.pk)))
    assert "20.00" not in page
    event = AuditEvent.objects.get(action="benchmarking.club_window.change")
    assert event.note == "Reopened." and event.changes["closes"] == ["2026-08-11", "2026-12-31"]


# Who may do what --------------------------------------------------------------------------------


def test_outsiders_get_404_and_see_no_club(data, personas, as_user):
    assert_access(personas, club_url(data), allowed=["manager", "viewer"], hidden=["outsider"])
    assert data.club.name not in text(as_user(personas.outsider).get(reverse("benchmarking:clubs")))
    assert data.club.name in text(as_user(personas.viewer).get(reverse("benchmarking:clubs")))


def test_a_staff_club_is_run_by_staff_alone(data, personas, as_user):
    staff_club = Club.objects.create(name="Staff club")
    ClubMember.objects.create(club=staff_club, organisation=personas.org_a)
    url = reverse("benchmarking:club_measure_create", args=[staff_club.pk])

    assert_access(
        personas, url, allowed=["staff"], forbidden=["manager", "viewer"], hidden=["outsider"]
    )


MANAGE_PAGES = [
    ("benchmarking:club_measure_create", lambda d: []),
    ("benchmarking:club_measure_change", lambda d: [d.measure.pk]),
    ("benchmarking:club_window_create", lambda d: []),
    ("benchmarking:club_window_change", lambda d: [d.closed.pk]),
    ("benchmarking:club_member_add", lambda d: []),
    ("benchmarking:club_member_leave", lambda d: [d.member_c.pk]),
]


@pytest.mark.parametrize(("name", "args"), MANAGE_PAGES)
def test_running_a_club_needs_a_partnership_manager(data, personas, name, args):
    url = reverse(name, args=[data.club.pk, *args(data)])
    forbidden = ["manager", "editor", "viewer", "partnership_viewer", "peer_reviewer"]
    for method in ("get", "post"):
        assert_access(
            personas,
            url,
            method=method,
            forbidden=forbidden,
            hidden=["outsider"],
            allowed=["partnership_manager", "staff"] if method == "get" else [],
        )


def test_entering_values_needs_an_editor_of_the_body(data, personas):
    url = entry_url(data, data.open, personas.org_a)
    post = {"status": "provisional", f"value_{data.measure.pk}": "1"}

    assert_access(
        personas,
        url,
        allowed=["manager", "editor", "viewer"],
        hidden=["outsider", "partnership_manager", "staff", "peer_reviewer"],
    )
    assert_access(
        personas,
        url,
        method="post",
        data=post,
        forbidden=["viewer", "partnership_manager", "peer_reviewer"],
        hidden=["outsider", "staff"],
    )
    assert ClubValue.objects.get(pk=data.a_open.pk).value == data.a_open.value


# Entering values --------------------------------------------------------------------------------


def _entry_post(data, value, status="provisional", version=None, note=""):
    row = ClubValue.objects.filter(
        window=data.open, measure=data.measure, organisation=data.member_a.organisation
    ).first()
    stamp = version if version is not None else (row.updated_at.isoformat() if row else "")
    return {
        "status": status,
        f"value_{data.measure.pk}": value,
        f"note_{data.measure.pk}": note,
        f"version_{data.measure.pk}": stamp,
    }


def test_an_editor_saves_then_submits_and_each_change_is_audited(data, personas, as_user):
    client = as_user(personas.editor)
    url = entry_url(data, data.open, personas.org_a)

    client.post(url, _entry_post(data, "14.5", note="Includes garden waste"))
    saved = ClubValue.objects.get(pk=data.a_open.pk)
    assert (str(saved.value), saved.status, saved.note) == (
        "14.500000",
        "provisional",
        "Includes garden waste",
    )
    response = client.post(url, _entry_post(data, "14.5", status="submitted"))
    assert response.status_code == 302
    assert ClubValue.objects.get(pk=data.a_open.pk).status == "submitted"

    events = AuditEvent.objects.filter(action="benchmarking.club_value.change").order_by("pk")
    assert [e.changes.get("status") for e in events] == [None, ["provisional", "submitted"]]
    # Filed under no body or partnership: their history pages are read outside the body.
    assert {(e.organisation_id, e.partnership_id) for e in events} == {(None, None)}


def test_values_are_frozen_once_the_window_closes(data, personas, as_user, clock_at):
    clock_at(AFTER_OPEN_CLOSES)
    response = as_user(personas.editor).post(
        entry_url(data, data.open, personas.org_a), _entry_post(data, "99")
    )

    assert response.status_code == 200
    assert WINDOW_CLOSED.format(day="21 December 2026") in text(response).replace("&#x27;", "'")
    assert ClubValue.objects.get(pk=data.a_open.pk).value == data.a_open.value


def test_a_stale_edit_never_overwrites(data, personas, as_user):
    client = as_user(personas.editor)
    url = entry_url(data, data.open, personas.org_a)
    opened = _entry_post(data, "13")
    client.post(url, _entry_post(data, "14"))

    response = client.post(url, opened)

    assert CHANGED_SINCE_OPENED.replace("'", "&#x27;") in text(response)
    assert str(ClubValue.objects.get(pk=data.a_open.pk).value) == "14.000000"


def test_a_value_added_since_the_form_opened_is_not_overwritten(data, personas, as_user):
    data.a_open.delete()
    opened = _entry_post(data, "13")
    ClubValue.objects.create(
        measure=data.measure, window=data.open, organisation=personas.org_a, value=8
    )

    response = as_user(personas.editor).post(entry_url(data, data.open, personas.org_a), opened)

    assert response.status_code == 200
    assert ClubValue.objects.get(window=data.open, organisation=personas.org_a).value == 8


@pytest.mark.parametrize(
    "value", ["1e400", "abc", "NaN", "-Infinity", "123456789012345678901", "1.1234567", "=1+1"]
)
def test_hostile_values_are_refused_plainly(data, personas, as_user, value):
    response = as_user(personas.editor).post(
        entry_url(data, data.open, personas.org_a), _entry_post(data, value)
    )

    assert response.status_code == 200
    assert "govuk-error-summary" in text(response)
    assert ClubValue.objects.get(pk=data.a_open.pk).value == data.a_open.value


@pytest.mark.parametrize(
    "query", ["window=abc", "window=99999999999999999999999", "window=-1", "export=pdf"]
)
def test_hostile_queries_are_404_not_500(data, personas, as_user, query):
    response = as_user(personas.manager).get(club_url(data) + "?" + query)

    assert response.status_code == 404


def test_hostile_ids_in_paths_are_404(data, personas, as_user):
    client = as_user(personas.editor)
    big = 2**70
    for url in (
        f"/benchmarking/clubs/{big}/",
        f"/benchmarking/clubs/{data.club.pk}/windows/{big}/organisations/{personas.org_a.pk}/",
        f"/benchmarking/clubs/{data.club.pk}/windows/{data.open.pk}/organisations/{big}/",
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"status": "submitted"}).status_code == 404


def test_a_version_stamp_that_is_not_a_time_is_refused(data, personas, as_user):
    response = as_user(personas.editor).post(
        entry_url(data, data.open, personas.org_a), _entry_post(data, "3", version="2026-13-45T99")
    )

    assert response.status_code == 200
    assert "This page is out of date" in text(response)


# Running a club ---------------------------------------------------------------------------------


def test_a_partnership_manager_runs_the_club_and_every_write_is_audited(data, personas, as_user):
    client = as_user(personas.partnership_manager)
    club_pk = data.club.pk
    client.post(
        reverse("benchmarking:club_measure_create", args=[club_pk]),
        {
            "code": "BEN-1",
            "title": "Days to process new benefit claims",
            "polarity": "lower",
            "decimal_places": "1",
            "position": "2",
        },
    )
    client.post(
        reverse("benchmarking:club_window_create", args=[club_pk]),
        {"year": "2026", "quarter": "3", "opens": "2027-01-01", "closes": "2027-02-11"},
    )
    client.post(
        reverse("benchmarking:club_member_add", args=[club_pk]),
        {"organisation": personas.org_b.pk},
    )
    client.post(reverse("benchmarking:club_member_leave", args=[club_pk, data.member_c.pk]))

    assert ClubMeasure.objects.filter(club=data.club, code="BEN-1").exists()
    assert ClubWindow.objects.filter(club=data.club, quarter=3).exists()
    assert ClubMember.objects.get(club=data.club, organisation=personas.org_b).left is None
    assert ClubMember.objects.get(pk=data.member_c.pk).left == TODAY
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "benchmarking.club_measure.create",
        "benchmarking.club_window.create",
        "benchmarking.club_member.add",
        "benchmarking.club_member.leave",
    } <= actions


def test_a_window_for_a_quarter_held_or_out_of_order_is_refused(data, personas, as_user):
    client = as_user(personas.partnership_manager)
    url = reverse("benchmarking:club_window_create", args=[data.club.pk])

    held = client.post(
        url, {"year": "2026", "quarter": "1", "opens": "2026-07-01", "closes": "2026-08-01"}
    )
    backwards = client.post(
        url, {"year": "2026", "quarter": "4", "opens": "2027-04-01", "closes": "2027-03-01"}
    )

    assert "already has a window for that quarter" in text(held)
    assert "on or after the open date" in text(backwards)
    assert data.club.windows.count() == 2


def test_a_stale_measure_change_is_refused(data, personas, as_user):
    client = as_user(personas.partnership_manager)
    url = reverse("benchmarking:club_measure_change", args=[data.club.pk, data.measure.pk])
    form = {
        "code": "WASTE-1",
        "title": "Changed",
        "polarity": "lower",
        "decimal_places": "2",
        "position": "0",
        "version": "2020-01-01T00:00:00+00:00",
    }

    response = client.post(url, form)

    assert "Someone else changed this" in text(response)
    assert ClubMeasure.objects.get(pk=data.measure.pk).title.startswith("Cost per household")


def test_starting_a_club_needs_a_partnership_manager_or_staff(personas, as_user):
    url = reverse("benchmarking:club_create")
    assert_access(personas, url, allowed=["partnership_manager", "staff"], forbidden=["manager"])

    as_user(personas.partnership_manager).post(
        url, {"name": "New club", "partnership": personas.partnership.pk}
    )
    as_user(personas.staff).post(url, {"name": "Staff club"})

    assert Club.objects.get(name="New club").partnership == personas.partnership
    assert Club.objects.get(name="Staff club").partnership is None
    assert AuditEvent.objects.filter(action="benchmarking.club.create").count() == 2


# Query counts -----------------------------------------------------------------------------------


def test_the_club_list_runs_a_fixed_number_of_queries(
    data, personas, as_user, django_assert_num_queries
):
    for number in range(5):
        Club.objects.create(name=f"Club {number}", partnership=personas.partnership)
    client = as_user(personas.manager)
    client.get(reverse("benchmarking:clubs"))
    # session, user, the clubs with their counts, may the user start one (partnerships managed)
    with django_assert_num_queries(4):
        response = client.get(reverse("benchmarking:clubs"))
    assert text(response).count("data-club=") == 1


def test_the_club_page_runs_a_fixed_number_of_queries(
    data, personas, as_user, django_assert_num_queries
):
    for quarter in (3, 4):
        ClubWindow.objects.create(
            club=data.club,
            year=2025,
            quarter=quarter,
            opens=datetime.date(2026, 1, 1),
            closes=datetime.date(2026, 2, 1),
        )
    client = as_user(personas.manager)
    client.get(club_url(data))
    # session, user, the club, the user's own member bodies, runs it?, the latest closed window,
    # measures, values, windows, members
    with django_assert_num_queries(10):
        client.get(club_url(data))


def test_a_body_downloads_its_own_values_and_no_one_else_can(data, personas, as_user):
    url = entry_url(data, data.open, personas.org_a) + "?export=csv"

    own = text(as_user(personas.viewer).get(url))

    assert "12.340000" in own and "Provisional" in own and SECRET_SUBMITTED_EARLY not in own
    for user in (personas.partnership_manager, personas.staff, personas.peer_reviewer):
        assert as_user(user).get(url).status_code == 404
