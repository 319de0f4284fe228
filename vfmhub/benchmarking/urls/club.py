"""Benchmarking clubs: the list, a club's page, a body's entry page, and the forms that run a
club."""

from django.urls import URLPattern, path

from vfmhub.benchmarking.views import club

CLUBS = "benchmarking/clubs/"
CLUB = f"{CLUBS}<int:pk>/"

urlpatterns: list[URLPattern] = [
    path(CLUBS, club.clubs, name="clubs"),
    path(f"{CLUBS}new/", club.club_create, name="club_create"),
    path(CLUB, club.club, name="club"),
    path(f"{CLUB}measures/new/", club.measure_create, name="club_measure_create"),
    path(
        f"{CLUB}measures/<int:measure_pk>/change/",
        club.measure_change,
        name="club_measure_change",
    ),
    path(f"{CLUB}windows/new/", club.window_create, name="club_window_create"),
    path(f"{CLUB}windows/<int:window_pk>/change/", club.window_change, name="club_window_change"),
    path(
        f"{CLUB}windows/<int:window_pk>/organisations/<int:org_pk>/",
        club.entry,
        name="club_entry",
    ),
    path(f"{CLUB}members/add/", club.member_add, name="club_member_add"),
    path(f"{CLUB}members/<int:member_pk>/leave/", club.member_leave, name="club_member_leave"),
]
