from django.urls import path

from vfmhub.efficiency.views import bodies, gains, programmes, returns

app_name = "efficiency"

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
    path("efficiency/<int:pk>/", programmes.programme_detail, name="programme"),
    path("efficiency/<int:pk>/edit/", programmes.programme_edit, name="programme_edit"),
    path("efficiency/<int:pk>/targets/", programmes.programme_targets, name="programme_targets"),
    path(
        "efficiency/<int:pk>/deadlines/", programmes.programme_deadlines, name="programme_deadlines"
    ),
    path(
        "efficiency/<int:pk>/participants/",
        programmes.programme_participants,
        name="programme_participants",
    ),
    path("efficiency/<int:pk>/categories/add/", programmes.category_add, name="category_add"),
    path(
        "efficiency/<int:pk>/bodies/<int:org_pk>/setup/",
        programmes.body_setup,
        name="body_setup",
    ),
    path("efficiency/<int:pk>/bodies/<int:org_pk>/", bodies.body_page, name="body"),
    path("efficiency/<int:pk>/bodies/<int:org_pk>/gains/", gains.gain_list, name="gains"),
    path("efficiency/<int:pk>/bodies/<int:org_pk>/gains/add/", gains.gain_add, name="gain_add"),
    path(
        "efficiency/<int:pk>/bodies/<int:org_pk>/gains/<int:gain_pk>/edit/",
        gains.gain_edit,
        name="gain_edit",
    ),
    path(
        "efficiency/<int:pk>/bodies/<int:org_pk>/gains/<int:gain_pk>/remove/",
        gains.gain_remove,
        name="gain_remove",
    ),
    path(
        "efficiency/<int:pk>/bodies/<int:org_pk>/gains/<int:gain_pk>/confirm/",
        gains.gain_confirm,
        name="gain_confirm",
    ),
    path("efficiency/<int:pk>/bodies/<int:org_pk>/returns/", returns.return_list, name="returns"),
    path(
        "efficiency/<int:pk>/bodies/<int:org_pk>/returns/new/",
        returns.return_edit,
        name="return_edit",
    ),
    path(
        "efficiency/<int:pk>/bodies/<int:org_pk>/returns/<int:return_pk>/",
        returns.return_detail,
        name="return_detail",
    ),
    path(
        "efficiency/<int:pk>/bodies/<int:org_pk>/returns/<int:return_pk>/submit/",
        returns.return_submit,
        name="return_submit",
    ),
]

from vfmhub.efficiency import views_dashboard, views_import  # noqa: E402

urlpatterns += [
    path(
        "efficiency/<int:pk>/dashboard/",
        views_dashboard.programme_dashboard_page,
        name="dashboard",
    ),
    path("efficiency/<int:pk>/chase/", views_dashboard.return_chase_list, name="return_chase"),
    path(
        "efficiency/<int:pk>/chase/<int:org_pk>/",
        views_dashboard.return_chase_send,
        name="return_chase_send",
    ),
    path(
        "efficiency/<int:pk>/returns/import/",
        views_import.returns_import_upload,
        name="returns_import",
    ),
    path(
        "efficiency/<int:pk>/returns/import/<str:token>/",
        views_import.returns_import_preview,
        name="returns_import_preview",
    ),
    path(
        "efficiency/<int:pk>/returns/import/<str:token>/confirm/",
        views_import.returns_import_confirm,
        name="returns_import_confirm",
    ),
]
