"""Risk register pages of a partnership (see views_risks.py)."""

from django.urls import path

from vfmhub.programme import views_risks as views

P = "partnerships/<int:pk>/risk-registers"

urlpatterns = [
    path(f"{P}/", views.risk_registers, name="risk_registers"),
    path(f"{P}/new/", views.risk_register_create, name="risk_register_create"),
    path(f"{P}/<int:register_id>/", views.risk_register, name="risk_register"),
    path(f"{P}/<int:register_id>/edit/", views.risk_register_edit, name="risk_register_edit"),
    path(f"{P}/<int:register_id>/risks/new/", views.risk_create, name="risk_create"),
    path(f"{P}/risks/<int:risk_id>/", views.risk_detail, name="risk_detail"),
    path(f"{P}/risks/<int:risk_id>/edit/", views.risk_edit, name="risk_edit"),
    path(f"{P}/risks/<int:risk_id>/rerate/", views.risk_rerate, name="risk_rerate"),
    path(f"{P}/risks/<int:risk_id>/close/", views.risk_close, name="risk_close"),
]
