from django.apps import AppConfig


class EfficiencyConfig(AppConfig):
    name = "vfmhub.efficiency"
    label = "efficiency"
