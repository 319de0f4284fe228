from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "vfmhub.performance"
    label = "performance"
