from django.urls import URLPattern, path

from vfmhub.efficiency.views import (
    aliases,
    bodies,
    dashboard,
    gains,
    gains_imports,
    imports,
    other_bodies,
    programmes,
    returns,
)

app_name = "efficiency"

PROGRAMME = "efficiency/<int:pk>/"
BODY = "efficiency/<int:pk>/bodies/<int:org_pk>/"
GAIN = f"{BODY}gains/<int:gain_pk>/"
RETURN = f"{BODY}returns/<int:return_pk>/"
IMPORT = f"{PROGRAMME}returns/import/"
GAINS_IMPORT = f"{BODY}gains/import/"


def _setup(route: str, page: programmes.SetupPage, name: str) -> URLPattern:
    """A page of a programme's set-up (one view, told which page)."""
    return path(f"{PROGRAMME}{route}", programmes.programme_setup, {"page": page}, name=name)


def _gain(route: str, change: gains.GainChange, name: str) -> URLPattern:
    """A change to one gain (one view, told which change)."""
    return path(f"{GAIN}{route}", gains.gain_change, {"change": change}, name=name)


urlpatterns = [
    path(
        "partnerships/<int:pk>/efficiency/",
        programmes.partnership_programmes,
        name="partnership_programmes",
    ),
    path(
        "partnerships/<int:pk>/efficiency/create/",
        programmes.programme_create,
        name="programme_create",
    ),
    path(
        "organisations/<int:pk>/efficiency/",
        programmes.organisation_programmes,
        name="organisation_programmes",
    ),
    path(
        "organisations/<int:pk>/efficiency/create/",
        programmes.body_programme_create,
        name="body_programme_create",
    ),
    path(PROGRAMME, programmes.programme_detail, name="programme"),
    _setup("edit/", programmes.EDIT, "programme_edit"),
    _setup("targets/", programmes.TARGETS, "programme_targets"),
    _setup("deadlines/", programmes.DEADLINES, "programme_deadlines"),
    _setup("participants/", programmes.PARTICIPANTS, "programme_participants"),
    _setup("categories/add/", programmes.CATEGORY, "category_add"),
    path(f"{BODY}setup/", bodies.body_setup, name="body_setup"),
    path(BODY, bodies.body_efficiency_page, name="body"),
    path(f"{BODY}gains/", gains.gain_list, name="gains"),
    path(f"{BODY}gains/add/", gains.gain_add, name="gain_add"),
    path(f"{GAINS_IMPORT}", gains_imports.gains_import_upload, name="gains_import"),
    path(
        f"{GAINS_IMPORT}<str:token>/",
        gains_imports.gains_import_preview,
        name="gains_import_preview",
    ),
    path(
        f"{GAINS_IMPORT}<str:token>/confirm/",
        gains_imports.gains_import_confirm,
        name="gains_import_confirm",
    ),
    _gain("edit/", gains.EDIT, "gain_edit"),
    _gain("remove/", gains.REMOVE, "gain_remove"),
    _gain("confirm/", gains.CONFIRM, "gain_confirm"),
    path(f"{BODY}returns/", returns.return_list, name="returns"),
    path(f"{BODY}returns/new/", returns.return_edit, name="return_edit"),
    path(RETURN, returns.return_detail, name="return_detail"),
    path(f"{RETURN}submit/", returns.return_submit, name="return_submit"),
    path(f"{PROGRAMME}dashboard/", dashboard.programme_dashboard_page, name="dashboard"),
    path(f"{PROGRAMME}chase/", dashboard.return_chase_list, name="return_chase"),
    path(f"{PROGRAMME}chase/<int:org_pk>/", dashboard.return_chase_send, name="return_chase_send"),
    path(f"{PROGRAMME}aliases/", aliases.body_aliases, name="body_aliases"),
    path(
        f"{PROGRAMME}aliases/<int:alias_pk>/remove/",
        aliases.body_alias_delete,
        name="body_alias_remove",
    ),
    path(f"{PROGRAMME}other-bodies/", other_bodies.other_bodies, name="other_bodies"),
    path(f"{PROGRAMME}other-bodies/new/", other_bodies.other_body_new, name="other_body_new"),
    path(
        f"{PROGRAMME}other-bodies/<int:org_pk>/remove/",
        other_bodies.other_body_delete,
        name="other_body_remove",
    ),
    path(IMPORT, imports.returns_import_upload, name="returns_import"),
    path(f"{IMPORT}<str:token>/", imports.returns_import_preview, name="returns_import_preview"),
    path(
        f"{IMPORT}<str:token>/confirm/",
        imports.returns_import_confirm,
        name="returns_import_confirm",
    ),
]
