from django.contrib import admin
from django.urls import include, path

from vfmhub.api.api import api

urlpatterns = [
    path("", include("vfmhub.core.urls")),
    path("", include("vfmhub.accounts.urls")),
    path("", include("vfmhub.organisations.urls")),
    path("frameworks/", include("vfmhub.frameworks.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
