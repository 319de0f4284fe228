"""Risk register pages of a partnership (with its projects' registers) and of a body.

The same views serve both; `owner` in the URL's kwargs says whose registers they are, and the
organisation routes' names start with `organisation_` (see `risk_owners.RegisterOwner.url`).
"""

from collections.abc import Callable

from django.http import HttpResponseBase
from django.urls import path

from vfmhub.programme.access.owners import ORGANISATION, PARTNERSHIP, URL_PREFIX
from vfmhub.programme.views import imports
from vfmhub.programme.views import risks as views

ROUTES: list[tuple[str, Callable[..., HttpResponseBase], str]] = [
    ("", views.risk_registers, "risk_registers"),
    ("new/", views.risk_register_create, "risk_register_create"),
    ("<int:register_id>/", views.risk_register, "risk_register"),
    ("<int:register_id>/edit/", views.risk_register_edit, "risk_register_edit"),
    ("<int:register_id>/risks/new/", views.risk_create, "risk_create"),
    ("<int:register_id>/import/", imports.risk_import, "risk_import"),
    ("<int:register_id>/import/template/", imports.risk_import_template, "risk_import_template"),
    ("<int:register_id>/import/<str:token>/", imports.risk_import_preview, "risk_import_preview"),
    (
        "<int:register_id>/import/<str:token>/confirm/",
        imports.risk_import_confirm,
        "risk_import_confirm",
    ),
    ("risks/<int:risk_id>/", views.risk_detail, "risk_detail"),
    ("risks/<int:risk_id>/edit/", views.risk_edit, "risk_edit"),
    ("risks/<int:risk_id>/rerate/", views.risk_rerate, "risk_rerate"),
    ("risks/<int:risk_id>/close/", views.risk_close, "risk_close"),
    ("risks/<int:risk_id>/plan-actions/", views.risk_actions_link, "risk_actions_link"),
    (
        "risks/<int:risk_id>/plan-actions/remove/",
        views.risk_action_unlink,
        "risk_action_unlink",
    ),
]
OWNERS = {PARTNERSHIP: "partnerships", ORGANISATION: "organisations"}

urlpatterns = [
    path(
        f"{OWNERS[owner]}/<int:pk>/risk-registers/{route}",
        view,
        {"owner": owner},
        name=f"{URL_PREFIX[owner]}{name}",
    )
    for owner in OWNERS
    for route, view, name in ROUTES
]
