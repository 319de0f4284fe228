"""Risk register pages of a partnership (with its projects' registers) and of a body.

The same views serve both; `owner` in the URL's kwargs says whose registers they are, and the
organisation routes' names start with `organisation_` (see `access/owners.py`, `RegisterOwner.url`).
"""

from collections.abc import Callable

from django.http import HttpResponseBase
from django.urls import path

from vfmhub.programme.access.owners import ORGANISATION, PARTNERSHIP, URL_PREFIX
from vfmhub.programme.views import imports
from vfmhub.programme.views import risks as views

REGISTER = "<int:register_id>/"
IMPORT = f"{REGISTER}import/"
RISK = "risks/<int:risk_id>/"

RISKS = {"what": "risks"}  # the import's steps serve projects too: these are the risks'

ROUTES: list[tuple[str, Callable[..., HttpResponseBase], str, dict[str, str]]] = [
    ("", views.risk_registers, "risk_registers", {}),
    ("new/", views.risk_register_create, "risk_register_create", {}),
    (REGISTER, views.risk_register, "risk_register", {}),
    (f"{REGISTER}edit/", views.risk_register_edit, "risk_register_edit", {}),
    (f"{REGISTER}risks/new/", views.risk_create, "risk_create", {}),
    (IMPORT, imports.import_upload, "risk_import", RISKS),
    (f"{IMPORT}template/", imports.risk_import_template, "risk_import_template", {}),
    (f"{IMPORT}<str:token>/", imports.import_preview, "risk_import_preview", RISKS),
    (f"{IMPORT}<str:token>/confirm/", imports.import_confirm, "risk_import_confirm", RISKS),
    (RISK, views.risk_detail, "risk_detail", {}),
    (f"{RISK}edit/", views.risk_edit, "risk_edit", {}),
    (f"{RISK}rerate/", views.risk_rerate, "risk_rerate", {}),
    (f"{RISK}close/", views.risk_close, "risk_close", {}),
    (f"{RISK}plan-actions/", views.risk_actions_link, "risk_actions_link", {}),
    (f"{RISK}plan-actions/remove/", views.risk_action_unlink, "risk_action_unlink", {}),
]
OWNERS = {PARTNERSHIP: "partnerships", ORGANISATION: "organisations"}

urlpatterns = [
    path(
        f"{OWNERS[owner]}/<int:pk>/risk-registers/{route}",
        view,
        {"owner": owner, **kwargs},
        name=f"{URL_PREFIX[owner]}{name}",
    )
    for owner in OWNERS
    for route, view, name, kwargs in ROUTES
]
