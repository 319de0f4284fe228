from django.urls import path

from vfmhub.programme.views import events as views
from vfmhub.programme.views import events_corrections as corrections

EVENT = "improvement-programmes/events/<int:pk>/"
ATTENDANCE = f"{EVENT}attendance/<int:attendance_pk>/"
FEEDBACK = f"{EVENT}feedback/<int:feedback_pk>/"

urlpatterns = [
    path(
        "partnerships/<int:pk>/improvement-programmes/",
        views.improvement_programme_list,
        name="improvement_programmes",
    ),
    path(
        "partnerships/<int:pk>/improvement-programmes/create/",
        views.improvement_programme_create,
        name="improvement_programme_create",
    ),
    path(
        "partnerships/<int:pk>/improvement-programmes/latest/",
        views.improvement_programme_latest,
        name="improvement_programme_latest",
    ),
    path(
        "improvement-programmes/<int:pk>/",
        views.improvement_programme_detail,
        name="improvement_programme",
    ),
    path(
        "improvement-programmes/<int:pk>/edit/",
        views.improvement_programme_edit,
        name="improvement_programme_edit",
    ),
    path(
        "improvement-programmes/<int:pk>/not-reached/",
        views.improvement_programme_not_reached,
        name="improvement_programme_not_reached",
    ),
    path(
        "improvement-programmes/<int:pk>/events/add/",
        views.event_create,
        name="event_create",
    ),
    path("improvement-programmes/events/<int:pk>/", views.event_detail, name="event"),
    path("improvement-programmes/events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path(f"{EVENT}remove/", corrections.event_remove, name="event_remove"),
    path(
        "improvement-programmes/events/<int:pk>/attendance/add/",
        views.event_attendance_add,
        name="event_attendance_add",
    ),
    path(
        "improvement-programmes/events/<int:pk>/attendance/bulk/",
        views.event_attendance_bulk,
        name="event_attendance_bulk",
    ),
    path(
        "improvement-programmes/events/<int:pk>/feedback/add/",
        views.event_feedback_add,
        name="event_feedback_add",
    ),
    path(f"{ATTENDANCE}edit/", corrections.event_attendance_edit, name="event_attendance_edit"),
    path(
        f"{ATTENDANCE}remove/", corrections.event_attendance_remove, name="event_attendance_remove"
    ),
    path(f"{FEEDBACK}edit/", corrections.event_feedback_edit, name="event_feedback_edit"),
    path(f"{FEEDBACK}remove/", corrections.event_feedback_remove, name="event_feedback_remove"),
]
