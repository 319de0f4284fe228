"""The council plan and service ratings pages."""

from vfmhub.performance.views.plan.imports import (
    plan_import,
    plan_import_confirm,
    plan_import_preview,
)
from vfmhub.performance.views.plan.items import (
    action_add,
    action_edit,
    action_move,
    action_remove,
    measure_add,
    measure_edit,
    measure_move,
    measure_remove,
)
from vfmhub.performance.views.plan.pages import (
    plan_create,
    plan_detail,
    plan_edit,
    plan_export,
    plan_list,
    priority_add,
)
from vfmhub.performance.views.plan.parts import (
    deliverable_add,
    deliverable_edit,
    deliverable_move,
    deliverable_remove,
    priority_edit,
    priority_move,
    priority_remove,
)
from vfmhub.performance.views.plan.ratings import (
    ratings_list,
    ratings_rate,
    ratings_service,
    ratings_service_add,
    ratings_target,
)

__all__ = [
    "action_add",
    "action_edit",
    "action_move",
    "action_remove",
    "deliverable_add",
    "deliverable_edit",
    "deliverable_move",
    "deliverable_remove",
    "measure_add",
    "measure_edit",
    "measure_move",
    "measure_remove",
    "plan_create",
    "plan_detail",
    "plan_edit",
    "plan_export",
    "plan_import",
    "plan_import_confirm",
    "plan_import_preview",
    "plan_list",
    "priority_add",
    "priority_edit",
    "priority_move",
    "priority_remove",
    "ratings_list",
    "ratings_rate",
    "ratings_service",
    "ratings_service_add",
    "ratings_target",
]
