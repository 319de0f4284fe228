"""The finance pages' URLs."""

from django.urls import URLPattern, path

from vfmhub.performance.views import finance as views

FINANCE = "organisations/<int:org_pk>/performance/finance/"
LINE = f"{FINANCE}revenue/<int:line_pk>/"
SCHEME = f"{FINANCE}capital/<int:scheme_pk>/"

urlpatterns: list[URLPattern] = [
    path(FINANCE, views.finance_position, name="finance_position"),
    path(f"{FINANCE}revenue/add/", views.revenue_line_add, name="finance_revenue_add"),
    path(LINE, views.revenue_line_edit, name="finance_revenue_edit"),
    path(f"{LINE}remove/", views.revenue_line_remove, name="finance_revenue_remove"),
    path(f"{LINE}forecast/", views.revenue_forecast, name="finance_revenue_forecast"),
    path(f"{FINANCE}capital/add/", views.capital_scheme_add, name="finance_capital_add"),
    path(SCHEME, views.capital_scheme_edit, name="finance_capital_edit"),
    path(f"{SCHEME}quarter/", views.capital_quarter, name="finance_capital_quarter"),
    path(f"{FINANCE}import/", views.finance_import_upload, name="finance_import"),
    path(
        f"{FINANCE}import/<str:token>/",
        views.finance_import_preview,
        name="finance_import_preview",
    ),
    path(
        f"{FINANCE}import/<str:token>/confirm/",
        views.finance_import_confirm,
        name="finance_import_confirm",
    ),
]
