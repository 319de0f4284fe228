from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "vfmhub.plans"
    label = "plans"
