"""The indicator library's URLs."""

from django.urls import URLPattern, path

from vfmhub.performance.views import library as views

BASE = "organisations/<int:org_pk>/performance/indicators/"

urlpatterns: list[URLPattern] = [
    path(BASE, views.library_list, name="library_list"),
    path(BASE + "add/", views.library_add, name="library_add"),
    path(BASE + "<int:pk>/edit/", views.library_edit, name="library_edit"),
    path(BASE + "<int:pk>/rag-rule/", views.library_rag_rule, name="library_rag_rule"),
    path(BASE + "<int:pk>/values/", views.value_detail, name="value_detail"),
    path(BASE + "<int:pk>/values/new/", views.value_enter, name="value_enter"),
    path(BASE + "<int:pk>/targets/new/", views.value_target, name="value_target"),
    path(BASE + "<int:pk>/trajectory/", views.value_trajectory, name="value_trajectory"),
    path(BASE + "<int:pk>/commentary/new/", views.value_commentary, name="value_commentary"),
    path(BASE + "<int:pk>/forecast/", views.value_forecast, name="value_forecast"),
    path(
        BASE + "<int:pk>/values/<int:value_pk>/status/",
        views.value_approve,
        name="value_approve",
    ),
]
