from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "vfmhub.programme"
    label = "programme"
