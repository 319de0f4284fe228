"""The council plan and service ratings pages' URLs (under the `performance` namespace)."""

from django.urls import URLPattern, path

from vfmhub.performance.views import plan as views

PLAN = "organisations/<int:org_pk>/performance/plan/"
RATINGS = "organisations/<int:org_pk>/performance/ratings/"

urlpatterns: list[URLPattern] = [
    path(PLAN, views.plan_list, name="plan_list"),
    path(f"{PLAN}new/", views.plan_create, name="plan_create"),
    path(f"{PLAN}import/", views.plan_import, name="plan_import"),
    path(f"{PLAN}import/<str:token>/", views.plan_import_preview, name="plan_import_preview"),
    path(
        f"{PLAN}import/<str:token>/confirm/",
        views.plan_import_confirm,
        name="plan_import_confirm",
    ),
    path(f"{PLAN}<int:pk>/", views.plan_detail, name="plan_detail"),
    path(f"{PLAN}<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path(f"{PLAN}<int:pk>/export.<str:fmt>", views.plan_export, name="plan_export"),
    path(f"{PLAN}<int:pk>/priorities/add/", views.priority_add, name="plan_priority_add"),
    path(f"{PLAN}priorities/<int:pk>/edit/", views.priority_edit, name="plan_priority_edit"),
    path(f"{PLAN}priorities/<int:pk>/move/", views.priority_move, name="plan_priority_move"),
    path(f"{PLAN}priorities/<int:pk>/remove/", views.priority_remove, name="plan_priority_remove"),
    path(
        f"{PLAN}priorities/<int:pk>/deliverables/add/",
        views.deliverable_add,
        name="plan_deliverable_add",
    ),
    path(
        f"{PLAN}deliverables/<int:pk>/edit/", views.deliverable_edit, name="plan_deliverable_edit"
    ),
    path(
        f"{PLAN}deliverables/<int:pk>/move/", views.deliverable_move, name="plan_deliverable_move"
    ),
    path(
        f"{PLAN}deliverables/<int:pk>/remove/",
        views.deliverable_remove,
        name="plan_deliverable_remove",
    ),
    path(f"{PLAN}deliverables/<int:pk>/measures/add/", views.measure_add, name="plan_measure_add"),
    path(f"{PLAN}deliverables/<int:pk>/actions/add/", views.action_add, name="plan_action_add"),
    path(f"{PLAN}measures/<int:pk>/edit/", views.measure_edit, name="plan_measure_edit"),
    path(f"{PLAN}measures/<int:pk>/move/", views.measure_move, name="plan_measure_move"),
    path(f"{PLAN}measures/<int:pk>/remove/", views.measure_remove, name="plan_measure_remove"),
    path(f"{PLAN}actions/<int:pk>/edit/", views.action_edit, name="plan_action_edit"),
    path(f"{PLAN}actions/<int:pk>/move/", views.action_move, name="plan_action_move"),
    path(f"{PLAN}actions/<int:pk>/remove/", views.action_remove, name="plan_action_remove"),
    path(RATINGS, views.ratings_list, name="ratings_list"),
    path(f"{RATINGS}services/add/", views.ratings_service_add, name="ratings_service_add"),
    path(f"{RATINGS}services/<int:pk>/", views.ratings_service, name="ratings_service"),
    path(f"{RATINGS}services/<int:pk>/rate/", views.ratings_rate, name="ratings_rate"),
    path(f"{RATINGS}target/", views.ratings_target, name="ratings_target"),
]
