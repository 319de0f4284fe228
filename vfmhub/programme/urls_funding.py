from django.urls import path

from vfmhub.programme import views_funding as views

urlpatterns = [
    path("partnerships/<int:pk>/programme/", views.overview, name="overview"),
    path("partnerships/<int:pk>/programme/funding/", views.streams, name="funding_streams"),
    path(
        "partnerships/<int:pk>/programme/funding/add/", views.stream_edit, name="funding_stream_add"
    ),
    path(
        "partnerships/<int:pk>/programme/funding/<int:stream_pk>/edit/",
        views.stream_edit,
        name="funding_stream_edit",
    ),
    path(
        "partnerships/<int:pk>/programme/funding/carry-forward/",
        views.carry_forward,
        name="funding_carry_forward",
    ),
    path(
        "partnerships/<int:pk>/programme/allocation/", views.allocation, name="funding_allocation"
    ),
    path(
        "partnerships/<int:pk>/programme/allocation/add/", views.node_edit, name="funding_node_add"
    ),
    path(
        "partnerships/<int:pk>/programme/allocation/<int:node_pk>/edit/",
        views.node_edit,
        name="funding_node_edit",
    ),
    path(
        "partnerships/<int:pk>/programme/allocation/approve/",
        views.approve,
        name="funding_approve",
    ),
    path(
        "partnerships/<int:pk>/programme/allocation/movements/add/",
        views.movement_add,
        name="funding_movement_add",
    ),
]
