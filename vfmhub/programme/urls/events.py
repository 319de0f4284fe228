from django.urls import path

from vfmhub.programme.views import events as views
from vfmhub.programme.views import events_corrections as corrections

PARTNERSHIP = "partnerships/<int:pk>/improvement-programmes/"
PROGRAMME = "improvement-programmes/<int:pk>/"
EVENT = "improvement-programmes/events/<int:pk>/"
ATTENDANCE = f"{EVENT}attendance/<int:attendance_pk>/"
FEEDBACK = f"{EVENT}feedback/<int:feedback_pk>/"

urlpatterns = [
    path(PARTNERSHIP, views.improvement_programme_list, name="improvement_programmes"),
    path(
        f"{PARTNERSHIP}create/",
        views.improvement_programme_create,
        name="improvement_programme_create",
    ),
    path(
        f"{PARTNERSHIP}latest/",
        views.improvement_programme_latest,
        name="improvement_programme_latest",
    ),
    path(PROGRAMME, views.improvement_programme_detail, name="improvement_programme"),
    path(
        f"{PROGRAMME}edit/",
        corrections.improvement_programme_edit,
        name="improvement_programme_edit",
    ),
    path(
        f"{PROGRAMME}not-reached/",
        views.improvement_programme_not_reached,
        name="improvement_programme_not_reached",
    ),
    path(f"{PROGRAMME}events/add/", views.event_create, name="event_create"),
    path(EVENT, views.event_detail, name="event"),
    path(f"{EVENT}edit/", corrections.event_edit, name="event_edit"),
    path(f"{EVENT}remove/", corrections.event_remove, name="event_remove"),
    path(f"{EVENT}attendance/add/", views.event_attendance_add, name="event_attendance_add"),
    path(f"{EVENT}attendance/bulk/", views.event_attendance_bulk, name="event_attendance_bulk"),
    path(f"{EVENT}feedback/add/", views.event_feedback_add, name="event_feedback_add"),
    path(f"{ATTENDANCE}edit/", corrections.event_attendance_edit, name="event_attendance_edit"),
    path(
        f"{ATTENDANCE}remove/", corrections.event_attendance_remove, name="event_attendance_remove"
    ),
    path(f"{FEEDBACK}edit/", corrections.event_feedback_edit, name="event_feedback_edit"),
    path(f"{FEEDBACK}remove/", corrections.event_feedback_remove, name="event_feedback_remove"),
]
