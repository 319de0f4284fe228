from django.urls import path

from vfmhub.frameworks import views

app_name = "frameworks"

urlpatterns = [path("", views.framework_list, name="list")]
