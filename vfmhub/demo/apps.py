from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "vfmhub.demo"
    label = "demo"
