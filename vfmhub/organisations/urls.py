from django.urls import path

from vfmhub.organisations import views

app_name = "organisations"

urlpatterns = [
    path("organisations/", views.organisation_list, name="list"),
    path("organisations/<int:pk>/", views.organisation_detail, name="detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="edit"),
    path("organisations/<int:pk>/history/", views.organisation_history, name="history"),
    path(
        "organisations/<int:pk>/people/add/",
        views.organisation_member_invite,
        name="member_invite",
    ),
    path(
        "organisations/<int:pk>/people/<int:member_pk>/role/",
        views.organisation_member_role,
        name="member_role",
    ),
    path(
        "organisations/<int:pk>/people/<int:member_pk>/remove/",
        views.organisation_member_remove,
        name="member_remove",
    ),
    path("partnerships/", views.partnership_list, name="partnership_list"),
    path("partnerships/<int:pk>/", views.partnership_detail, name="partnership_detail"),
    path("partnerships/<int:pk>/history/", views.partnership_history, name="partnership_history"),
    path(
        "partnerships/<int:pk>/members/add/",
        views.partnership_member_add,
        name="partnership_member_add",
    ),
    path(
        "partnerships/<int:pk>/members/<int:member_pk>/end/",
        views.partnership_member_end,
        name="partnership_member_end",
    ),
    path(
        "partnerships/<int:pk>/people/add/", views.partnership_role_add, name="partnership_role_add"
    ),
    path(
        "partnerships/<int:pk>/people/<int:role_pk>/remove/",
        views.partnership_role_remove,
        name="partnership_role_remove",
    ),
]
