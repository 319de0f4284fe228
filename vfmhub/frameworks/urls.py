from django.urls import path

from vfmhub.frameworks import views

app_name = "frameworks"

urlpatterns = [
    path("", views.framework_list, name="list"),
    path("<int:pk>/", views.framework_detail, name="detail"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("criteria/<int:pk>/", views.criterion_detail, name="criterion"),
    path("versions/<int:pk>/applicability/", views.applicability, name="applicability"),
    path(
        "versions/<int:pk>/applicability/partnerships/<int:partnership_pk>/<slug:body_type>/",
        views.applicability_edit,
        name="applicability_edit",
    ),
]
