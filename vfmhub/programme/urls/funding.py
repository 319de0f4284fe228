from django.urls import path

from vfmhub.programme.views import funding as views
from vfmhub.programme.views import funding_changes as changes
from vfmhub.programme.views import funding_checks as checks
from vfmhub.programme.views import report

PROGRAMME = "partnerships/<int:pk>/programme/"
STREAMS = f"{PROGRAMME}funding/"
ALLOCATION = f"{PROGRAMME}allocation/"

urlpatterns = [
    path(PROGRAMME, views.overview, name="overview"),
    path(f"{PROGRAMME}report.pdf", report.overview_report, name="programme_report"),
    path(STREAMS, views.streams, name="funding_streams"),
    path(f"{STREAMS}add/", views.stream_add, name="funding_stream_add"),
    path(f"{STREAMS}<int:stream_pk>/edit/", views.stream_edit, name="funding_stream_edit"),
    path(f"{STREAMS}carry-forward/", checks.carry_forward, name="funding_carry_forward"),
    path(ALLOCATION, views.allocation, name="funding_allocation"),
    path(f"{ALLOCATION}add/", views.node_add, name="funding_node_add"),
    path(f"{ALLOCATION}<int:node_pk>/edit/", views.node_edit, name="funding_node_edit"),
    path(f"{ALLOCATION}approve/", checks.approve, name="funding_approve"),
    path(f"{ALLOCATION}reopen/", checks.reopen, name="funding_reopen"),
    # Recording a commitment kept the address that once recorded either kind.
    path(f"{ALLOCATION}movements/add/", views.commitment_add, name="funding_movement_add"),
    path(f"{ALLOCATION}spend/add/", views.spend_add, name="funding_spend_add"),
    path(f"{STREAMS}<int:stream_pk>/remove/", changes.stream_remove, name="funding_stream_remove"),
    path(f"{ALLOCATION}<int:node_pk>/remove/", changes.node_remove, name="funding_node_remove"),
    path(f"{PROGRAMME}commitments/", changes.movements_page, name="funding_movements"),
    path(
        f"{PROGRAMME}commitments/<int:movement_pk>/remove/",
        changes.movement_remove,
        {"kind": "commitment"},
        name="funding_commitment_remove",
    ),
    path(
        f"{PROGRAMME}spend/<int:movement_pk>/remove/",
        changes.movement_remove,
        {"kind": "spend"},
        name="funding_spend_remove",
    ),
]
