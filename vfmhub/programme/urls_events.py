from django.urls import path

from vfmhub.programme import views_events as views

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
]
