from django.urls import path

from vfmhub.programme.views import funding as views
from vfmhub.programme.views import funding_changes as changes
from vfmhub.programme.views import funding_checks as checks
from vfmhub.programme.views import report as views_report

urlpatterns = [
    path("partnerships/<int:pk>/programme/", views.overview, name="overview"),
    path(
        "partnerships/<int:pk>/programme/report.pdf",
        views_report.overview_report,
        name="programme_report",
    ),
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
        checks.carry_forward,
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
        checks.approve,
        name="funding_approve",
    ),
    path(
        "partnerships/<int:pk>/programme/allocation/reopen/",
        checks.reopen,
        name="funding_reopen",
    ),
    path(
        "partnerships/<int:pk>/programme/allocation/movements/add/",
        views.movement_add,
        name="funding_movement_add",
    ),
    path(
        "partnerships/<int:pk>/programme/funding/<int:stream_pk>/remove/",
        changes.stream_remove,
        name="funding_stream_remove",
    ),
    path(
        "partnerships/<int:pk>/programme/allocation/<int:node_pk>/remove/",
        changes.node_remove,
        name="funding_node_remove",
    ),
    path(
        "partnerships/<int:pk>/programme/commitments/",
        changes.movements,
        name="funding_movements",
    ),
    path(
        "partnerships/<int:pk>/programme/commitments/<int:commitment_pk>/remove/",
        changes.commitment_remove,
        name="funding_commitment_remove",
    ),
    path(
        "partnerships/<int:pk>/programme/spend/<int:spend_pk>/remove/",
        changes.spend_remove,
        name="funding_spend_remove",
    ),
]
