from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "vfmhub.frameworks"
    label = "frameworks"
