from django.contrib import admin
from django.urls import include, path, re_path

from vfmhub.accounts.views import AdminPasswordChangeView
from vfmhub.api.api import api, api_path_not_found

urlpatterns = [
    path("", include("vfmhub.core.urls")),
    path("", include("vfmhub.accounts.urls")),
    path("", include("vfmhub.organisations.urls")),
    path("", include("vfmhub.assessments.urls")),
    path("", include("vfmhub.plans.urls")),
    path("", include("vfmhub.efficiency.urls")),
    path("", include("vfmhub.programme.urls")),
    path("", include("vfmhub.performance.urls")),
    path("", include("vfmhub.benchmarking.urls")),
    path("frameworks/", include("vfmhub.frameworks.urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>[\s\S]*)$", api_path_not_found),
    # Before the admin's own: its old password is checked through the sign-in throttle.
    path("admin/password_change/", admin.site.admin_view(AdminPasswordChangeView.as_view())),
    path("admin/", admin.site.urls),
]
