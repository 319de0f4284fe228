from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "vfmhub.imports"
    label = "imports"
    verbose_name = "Imports"
